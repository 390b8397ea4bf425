"""The review page as a small WSGI application (served by waitress, Jinja2 templates, no scripts).

GET ``/`` lists saved runs, drafts awaiting review first; GET ``/runs/<date>`` shows a draft with
flagged items and unsupported claims first, every claim highlighted by status and its sources
beside it. POST ``/runs/<date>/approve``, ``/notes``, ``/edit``, ``/regen`` and ``/restore`` give
the editor's decision to the paused graph exactly as the CLI does (``agent.editor.actions``),
with the draft version the page showed, so an action on a draft that moved on conflicts instead
of overwriting. Every page is rendered with autoescaping; see ``security`` for the guards.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from http import HTTPStatus
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import jinja2

from agent.editor.actions import (
    accepted_claims, decide, editor_session, regenerate, restore,
)
from agent.writing.rework import RegenTarget
from agent.errors import DeskError, UnknownDateError, UsageError
from agent.llm.router import LLMRouter
from agent.render.html import safe_url, segments
from agent.render.view import fmt_number
from agent.review_server import pages
from agent.review_server.forms import RequestRejected, read_form
from agent.review_server.security import (
    CLIENT_COOKIE, SECURITY_HEADERS, TOKEN_COOKIE, Csrf, host_allowed, new_client_id,
    same_origin, supplied_token, token_matches,
)
from agent.schemas import EditorDecision
from agent.session import DeskSession

TEMPLATES = Path(__file__).parent / "templates"
_DATE = r"(\d{4}-\d{2}-\d{2})"
ACTIONS = ("approve", "notes", "edit", "regen", "restore")


@dataclass
class Request:
    environ: Mapping[str, Any]
    client_id: str = ""

    @property
    def method(self) -> str:
        return str(self.environ.get("REQUEST_METHOD", "GET")).upper()

    @property
    def path(self) -> str:
        return str(self.environ.get("PATH_INFO", "/")) or "/"

    @property
    def scheme(self) -> str:
        return str(self.environ.get("wsgi.url_scheme", "http"))

    @cached_property
    def query(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(str(self.environ.get("QUERY_STRING", ""))).items()}

    @cached_property
    def headers(self) -> dict[str, str]:
        return {k[5:].replace("_", "-").lower(): str(v) for k, v in self.environ.items()
                if k.startswith("HTTP_")}

    @cached_property
    def cookies(self) -> dict[str, str]:
        jar = SimpleCookie()
        jar.load(self.headers.get("cookie", ""))
        return {name: morsel.value for name, morsel in jar.items()}

    def form(self) -> dict[str, str]:
        return read_form(self.environ)


@dataclass
class Response:
    body: str = ""
    status: HTTPStatus = HTTPStatus.OK
    headers: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def redirect(cls, location: str) -> Response:
        return cls(status=HTTPStatus.SEE_OTHER, headers=[("Location", location)])


class FlashStore:
    """One-shot messages shown after a redirect (the id travels in the URL, the text does not)."""

    def __init__(self, limit: int = 200) -> None:
        self._messages: dict[str, tuple[str, str]] = {}
        self._lock = threading.Lock()
        self._limit = limit

    def put(self, kind: str, text: str) -> str:
        key = new_client_id()
        with self._lock:
            if len(self._messages) >= self._limit:
                self._messages.pop(next(iter(self._messages)))
            self._messages[key] = (kind, text)
        return key

    def pop(self, key: str | None) -> tuple[str, str] | None:
        with self._lock:
            return self._messages.pop(key, None) if key else None


class ReviewApp:
    def __init__(self, *, data_dir: Path, out_dir: Path, env: Mapping[str, str],
                 token: str | None = None, hosts: frozenset[str] | None = None,
                 editor: str = "editor",
                 router_factory: Callable[[], LLMRouter] | None = None) -> None:
        self.data_dir, self.out_dir, self.env = data_dir, out_dir, env
        self.token, self.hosts, self.editor = token, hosts, editor
        self.router_factory = router_factory
        self.csrf = Csrf()
        self.flashes = FlashStore()
        self.templates = _environment()

    # -- WSGI -----------------------------------------------------------------------------------
    def __call__(self, environ: Mapping[str, Any],
                 start_response: Callable[..., Any]) -> Iterable[bytes]:
        request = Request(environ)
        known = request.cookies.get(CLIENT_COOKIE)
        request.client_id = known or new_client_id()
        try:
            response = self.handle(request)
        except RequestRejected as rejected:
            response = self.error(rejected.status, str(rejected))
        headers = [("Content-Type", "text/html; charset=utf-8"), *SECURITY_HEADERS,
                   *response.headers]
        if not known:
            headers.append(("Set-Cookie", _cookie(CLIENT_COOKIE, request.client_id)))
        start_response(f"{response.status.value} {response.status.phrase}", headers)
        return [response.body.encode("utf-8")]

    def handle(self, request: Request) -> Response:
        if not host_allowed(request.headers.get("host", ""), self.hosts):
            return self.error(HTTPStatus.MISDIRECTED_REQUEST, "Unexpected Host header.")
        if request.method == "POST" and not same_origin(request.headers, request.scheme):
            return self.error(HTTPStatus.FORBIDDEN, "This form did not come from the review "
                              "page (its Origin names another site, or it has none): reload "
                              "the page and try again.")
        if self.token is not None:
            denied = self.authenticate(request)
            if denied is not None:
                return denied
        if request.method == "GET" and request.path == "/":
            return self.index(request)
        if match := re.fullmatch(f"/runs/{_DATE}", request.path):
            return self.draft(request, match.group(1)) if request.method == "GET" else \
                self.error(HTTPStatus.METHOD_NOT_ALLOWED, "Use the buttons on the page.")
        match = re.fullmatch(f"/runs/{_DATE}/({'|'.join(ACTIONS)})", request.path)
        if match and request.method == "POST":
            return self.act(request, match.group(1), match.group(2))
        return self.error(HTTPStatus.NOT_FOUND, "No such page.")

    def authenticate(self, request: Request) -> Response | None:
        assert self.token is not None
        offered = request.query.get("token")
        if request.method == "GET" and offered and token_matches(offered, self.token):
            response = Response.redirect(request.path)  # drop the token from the address bar
            response.headers.append(("Set-Cookie", _cookie(TOKEN_COOKIE, self.token)))
            return response
        if token_matches(supplied_token(request.headers, request.cookies), self.token):
            return None
        return self.error(HTTPStatus.UNAUTHORIZED, "This review page needs the desk token: open "
                          "it once as /?token=… or send it as a Bearer token.")

    # -- pages ----------------------------------------------------------------------------------
    def index(self, request: Request) -> Response:
        rows = pages.list_runs(self.data_dir, self.env)
        return Response(self.render("index.html.j2", runs=rows))

    def draft(self, request: Request, date: str) -> Response:
        try:
            with self.session(date) as session:
                page = pages.draft_page(session)
        except UnknownDateError as error:
            return self.error(HTTPStatus.NOT_FOUND, str(error))
        tokens = {name: self.csrf.token(request.client_id, f"/runs/{date}/{name}")
                  for name in ACTIONS}
        flash = self.flashes.pop(request.query.get("flash"))
        return Response(self.render("draft.html.j2", page=page, csrf=tokens, flash=flash))

    def act(self, request: Request, date: str, action: str) -> Response:
        form = request.form()
        if not self.csrf.valid(request.cookies.get(CLIENT_COOKIE), request.path, form.get("csrf")):
            return self.error(HTTPStatus.FORBIDDEN, "This form has expired or did not come from "
                              "the review page: reload the page and try again.")
        try:
            expect = _int(form.get("draft_version"))
            decision = self.decision(action, form)
            with editor_session(date=date, data_dir=self.data_dir, out_dir=self.out_dir,
                                decision=decision, command=f"review page ({self.editor})",
                                env=self.env, router=self._router()) as session:
                message = self.apply(session, decision, form, expect)
            key = self.flashes.put("ok", message)
        except DeskError as error:
            key = self.flashes.put("error", str(error))
        return Response.redirect(f"/runs/{date}?flash={key}")

    # -- actions: the CLI's, a decision given to the paused graph --------------------------------
    def decision(self, action: str, form: Mapping[str, str]) -> EditorDecision:
        """The editor's decision as the form states it (stored even if the date is busy)."""
        base: dict[str, Any] = {"editor": self.editor, "at": _now()}
        if action == "approve":
            return EditorDecision(type="accept", **base)
        if action == "notes":
            notes = form.get("notes", "").strip()
            if not notes:
                raise UsageError("write your notes before sending them")
            return EditorDecision(type="response", notes=notes, **base)
        if action == "edit":
            paragraphs = [p.strip() for p in form.get("essay", "").replace("\r\n", "\n")
                          .split("\n\n") if p.strip()]
            if not paragraphs:
                raise UsageError("the edited essay is empty")
            return EditorDecision(type="edit", edited_paragraphs=paragraphs, **base)
        if action == "regen":
            target = RegenTarget.parse(form.get("section", "")).label
            return EditorDecision(type="regen", section=target,
                                  note=form.get("note", "").strip() or None, **base)
        return EditorDecision(type="restore", section=form.get("section", ""),
                              version=_int(form.get("version")), **base)

    def apply(self, session: DeskSession, decision: EditorDecision, form: Mapping[str, str],
              expect: int) -> str:
        if decision.type == "accept" and form.get("accept_unsupported") == "yes":
            decision = decision.model_copy(update={"accept_unsupported": accepted_claims(session)})
        if decision.type in ("regen", "restore"):
            report = (regenerate(session, decision.section or "", note=decision.note,
                                 editor=self.editor, expect_version=expect)
                      if decision.type == "regen" else
                      restore(session, decision.section or "", decision.version or 0,
                              editor=self.editor, expect_version=expect))
            done = "Regenerated" if decision.type == "regen" else "Restored"
            return " ".join([f"{done} {report.target} (draft v{report.draft_version}): "
                             f"{report.explanation}.", *report.notices])
        result = decide(session, decision, expect_version=expect)
        if decision.type == "accept":
            kept = decision.accept_unsupported or []
            note = f" You accepted {len(kept)} claim(s) as they are." if kept else ""
            return (f"Approved draft v{expect}: final.md and final.html are in "
                    f"{session.context.package_dir(session.date)}.{note}")
        if decision.type == "edit":
            return (f"Your essay is draft v{result.draft_version}; its lints and claims were "
                    "re-checked (your text is never rewritten).")
        return f"Notes stored and the draft revised: this is draft v{result.draft_version}."

    # -- helpers --------------------------------------------------------------------------------
    def session(self, date: str) -> DeskSession:
        """A read-only session (the pages); actions go through ``editor_session``."""
        return DeskSession(date=date, data_dir=self.data_dir, out_dir=self.out_dir, env=self.env,
                           router=self._router(), create=False)

    def _router(self) -> LLMRouter | None:
        return self.router_factory() if self.router_factory else None

    def render(self, template: str, **context: Any) -> str:
        return self.templates.get_template(template).render(**context)

    def error(self, status: HTTPStatus, message: str) -> Response:
        return Response(self.render("message.html.j2", status=status, message=message), status)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    env.filters["num"] = fmt_number
    env.filters["safe_url"] = safe_url
    env.globals["segments"] = segments
    return env


def _cookie(name: str, value: str) -> str:
    return f"{name}={value}; Path=/; HttpOnly; SameSite=Strict"


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise UsageError("the form lost its draft version: reload the page") from None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
