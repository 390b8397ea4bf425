"""``desk serve``: the review page and its guards, exercised through the WSGI application (the
browser test drives the same app through Chromium)."""

from __future__ import annotations

import io
import re
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from typer.testing import CliRunner

from agent.cli import app as cli_app
from agent.errors import DeskError
from agent.review_server.app import ReviewApp, safe_url
from agent.review_server.security import allowed_hosts, check_binding, same_origin

SCRIPT_TITLE = "<script>alert(1)</script>"
TOKEN = "a-long-random-review-token"


class Client:
    """A minimal browser for a WSGI app: keeps cookies, follows nothing, and sends its own origin
    on POST as browsers do (a header given as None is left out)."""

    def __init__(self, app: ReviewApp, host: str = "127.0.0.1:8765") -> None:
        self.app, self.host, self.cookies = app, host, {}

    def request(self, method: str, path: str, form: dict | None = None,
                headers: dict | None = None,
                overrides: dict | None = None) -> tuple[int, dict[str, str], str]:
        body = urlencode(form or {}).encode()
        path, _, query = path.partition("?")
        environ: dict = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query,
                         "HTTP_HOST": self.host, "CONTENT_LENGTH": str(len(body)),
                         "CONTENT_TYPE": "application/x-www-form-urlencoded",
                         "wsgi.input": io.BytesIO(body)}
        if self.cookies:
            environ["HTTP_COOKIE"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent = {"Origin": f"http://{self.host}"} if method == "POST" else {}
        for name, value in {**sent, **(headers or {})}.items():
            if value is not None:
                environ[f"HTTP_{name.upper().replace('-', '_')}"] = value
        setup_testing_defaults(environ)
        environ.update(overrides or {})
        captured: dict = {}

        def start_response(status: str, response_headers: list) -> None:
            captured["status"] = int(status.split()[0])
            captured["headers"] = response_headers

        text = b"".join(self.app(environ, start_response)).decode()
        for name, value in captured["headers"]:
            if name == "Set-Cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";")[0]
        return captured["status"], dict(captured["headers"]), text

    def form_token(self, page: str, action: str) -> str:
        form = HTMLParser(page).css_first(f'form[action$="/{action}"]')
        return form.css_first('input[name="csrf"]').attributes["value"]


def review_app(run, **options) -> ReviewApp:
    return ReviewApp(data_dir=run.data_dir, out_dir=run.out_dir, env=run.env,
                     hosts=options.pop("hosts", allowed_hosts("127.0.0.1", None)), **options)


def test_pending_drafts_are_listed_and_source_text_is_escaped_everywhere(drafted):
    run = drafted("2026-04-24", "baseline")
    client = Client(review_app(run))
    status, headers, index = client.request("GET", "/")
    assert status == 200 and 'href="/runs/2026-04-24"' in index and "awaiting review" in index
    status, headers, page = client.request("GET", "/runs/2026-04-24")
    assert status == 200
    assert "script-src" not in headers["Content-Security-Policy"]  # no scripts may run at all
    assert headers["Referrer-Policy"] == "same-origin"  # under no-referrer, posts say Origin: null
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page.lower()
    flagged = HTMLParser(page).css_first("#flagged").text()
    assert "wire-hn-sandboxed-shell-agents" in flagged and SCRIPT_TITLE in flagged
    draft_html = (run.package / "draft.html").read_text()
    assert "wire-hn-sandboxed-shell-agents" in draft_html and "<script" not in draft_html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in draft_html


def test_the_draft_page_shows_each_claim_with_its_sources_lint_judge_and_cost(drafted):
    run = drafted("2026-04-21", "llm")
    _, _, page = Client(review_app(run)).request("GET", "/runs/2026-04-21")
    html = HTMLParser(page)
    marks = html.css("p.para mark.claim")
    assert marks and len(html.css(".claim-card")) >= len(marks)
    supported = html.css_first("p.para mark.claim.supported")
    card = html.css_first(f'[id="card-{supported.attributes["data-claim-id"]}"]')
    quote = card.css_first("blockquote.source-quote").text().strip()
    assert quote and card.css_first("a.source-link").attributes["href"].startswith("https://")
    assert "fake-critic:scripted" in html.css_first("#judge").text()
    assert "LLM call(s)" in html.css_first("#cost").text()
    assert html.css_first("#lint") is not None


def test_posts_need_the_form_token_of_this_browser_and_path(drafted):
    run = drafted("2026-04-21", "baseline")
    client = Client(review_app(run))
    _, _, page = client.request("GET", "/runs/2026-04-21")
    notes_token = client.form_token(page, "notes")
    attempts = [{"draft_version": "1"},  # no token
                {"csrf": notes_token, "draft_version": "1"},  # another form's token
                {"csrf": "forged.0000", "draft_version": "1"}]
    for form in attempts:
        status, _, body = client.request("POST", "/runs/2026-04-21/approve", form)
        assert status == 403 and "reload the page" in body
    stranger = Client(client.app)  # another browser: its own client cookie
    status, _, _ = stranger.request("POST", "/runs/2026-04-21/approve",
                                    {"csrf": client.form_token(page, "approve"),
                                     "draft_version": "1"})
    assert status == 403
    assert not (run.package / "final.md").exists()
    with run.session() as session:
        assert session.store.actions("2026-04-21") == []


def test_a_post_from_another_origin_is_refused_even_with_a_valid_token(drafted):
    run = drafted("2026-04-21", "baseline")
    client = Client(review_app(run))
    _, _, page = client.request("GET", "/runs/2026-04-21")
    valid = {"csrf": client.form_token(page, "approve"), "draft_version": "1"}
    refused = [{"Origin": "http://attacker.example"},
               {"Origin": "http://127.0.0.1:9999"},  # another local service
               {"Origin": "https://127.0.0.1:8765"},
               {"Origin": "null"},
               {"Origin": None, "Referer": "http://attacker.example/runs/2026-04-21"},
               {"Origin": None}]  # neither header: a browser always sends one on POST
    for headers in refused:
        status, _, body = client.request("POST", "/runs/2026-04-21/approve", valid, headers)
        assert status == 403 and "did not come from the review page" in body, headers
    assert not (run.package / "final.md").exists()
    with run.session() as session:
        assert session.store.actions("2026-04-21") == []
    status, headers, _ = client.request(  # no Origin: the Referer of the page decides
        "POST", "/runs/2026-04-21/approve", valid,
        {"Origin": None, "Referer": "http://127.0.0.1:8765/runs/2026-04-21"})
    assert status == 303 and (run.package / "final.md").exists()


@pytest.mark.parametrize(("length", "status"), [("abc", 400), ("-5", 400), ("1e3", 400),
                                                  ("٣", 400), (str((1 << 20) + 1), 413)])
def test_a_bad_or_oversize_content_length_is_answered_not_a_500(drafted, length, status):
    run = drafted("2026-04-21", "baseline")
    client = Client(review_app(run))
    _, _, page = client.request("GET", "/runs/2026-04-21")
    form = {"csrf": client.form_token(page, "approve"), "draft_version": "1"}
    answer, _, body = client.request("POST", "/runs/2026-04-21/approve", form,
                                     overrides={"CONTENT_LENGTH": length})
    assert answer == status and "<h1>" in body
    assert not (run.package / "final.md").exists()


@pytest.mark.parametrize(("origin", "host", "same"), [
    ("http://[::1]:8765", "[::1]:8765", True),
    ("http://LOCALHOST:80", "localhost", True),  # default port, case
    ("http://localhost:8765/runs/2026-04-21", "localhost:8765", True),  # a Referer
    ("http://localhost:8765", "localhost:8766", False),
    ("http://localhost.attacker.example:8765", "localhost:8765", False),
    ("ftp://localhost:8765", "localhost:8765", False),
    ("http://localhost:99999", "localhost:99999", False),  # not a port
])
def test_same_origin_compares_scheme_host_and_port(origin, host, same):
    assert same_origin({"origin": origin, "host": host}, "http") is same


def test_regenerate_then_a_stale_approve_conflicts_then_approve_publishes(drafted):
    run = drafted("2026-04-21", "baseline")
    client = Client(review_app(run))
    _, _, page = client.request("GET", "/runs/2026-04-21")
    stale_approve = client.form_token(page, "approve")
    status, headers, _ = client.request("POST", "/runs/2026-04-21/regen", {
        "csrf": client.form_token(page, "regen"), "draft_version": "1", "section": "papers",
        "note": "more agents"})
    assert status == 303
    _, _, page = client.request("GET", headers["Location"])
    assert "Regenerated papers (draft v2)" in HTMLParser(page).css_first(".flash.ok").text()
    status, headers, _ = client.request("POST", "/runs/2026-04-21/approve",
                                        {"csrf": stale_approve, "draft_version": "1"})
    _, _, page = client.request("GET", headers["Location"])
    assert re.search(r"moved on to draft v2 .*saved as action #\d+ but not applied",
                     HTMLParser(page).css_first(".flash.error").text())
    assert not (run.package / "final.md").exists()
    status, headers, _ = client.request("POST", "/runs/2026-04-21/approve", {
        "csrf": client.form_token(page, "approve"), "draft_version": "2"})
    _, _, page = client.request("GET", headers["Location"])
    assert (run.package / "final.md").exists()
    assert HTMLParser(page).css_first("#status").text() == "published"
    assert HTMLParser(page).css_first("form") is None  # nothing left to act on


def test_notes_form_stores_the_notes_first(drafted):
    run = drafted("2026-04-21", "baseline")
    client = Client(review_app(run, editor="ada"))
    _, _, page = client.request("GET", "/runs/2026-04-21")
    client.request("POST", "/runs/2026-04-21/notes", {
        "csrf": client.form_token(page, "notes"), "draft_version": "1",
        "notes": "Open with <b>Amazon</b>."})
    with run.session() as session:
        (action,) = session.store.actions("2026-04-21")
    # No model is configured: the notes are kept, and the page says plainly they were not applied.
    assert (action.decision["notes"], action.decision["editor"], action.status) == (
        "Open with <b>Amazon</b>.", "ada", "skipped")
    _, _, page = client.request("GET", "/runs/2026-04-21")
    assert "Open with &lt;b&gt;Amazon&lt;/b&gt;." in page
    assert "notes stored but not applied" in HTMLParser(page).css_first("#problem").text()


def test_a_configured_token_is_required_on_every_request(drafted):
    run = drafted("2026-04-21", "baseline")
    app = review_app(run, token=TOKEN, hosts=allowed_hosts("0.0.0.0", TOKEN))
    client = Client(app, host="desk.internal:8765")
    assert client.request("GET", "/")[0] == 401
    assert client.request("GET", "/", headers={"Authorization": "Bearer wrong-token"})[0] == 401
    assert client.request("GET", "/", headers={"Authorization": f"Bearer {TOKEN}"})[0] == 200
    status, headers, _ = client.request("GET", f"/runs/2026-04-21?token={TOKEN}")
    assert status == 303 and headers["Location"] == "/runs/2026-04-21"
    assert client.request("GET", "/runs/2026-04-21")[0] == 200  # the cookie now carries it


def test_only_loopback_host_headers_are_answered_without_a_token(drafted):
    run = drafted("2026-04-21", "baseline")
    assert Client(review_app(run), host="attacker.example:8765").request("GET", "/")[0] == 421
    assert Client(review_app(run), host="localhost:8765").request("GET", "/")[0] == 200


def test_binding_beyond_loopback_needs_a_token(monkeypatch):
    result = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0", "--port", "0"])
    assert result.exit_code == 1
    assert "refusing to serve the review page on 0.0.0.0" in result.output
    assert "DESK_SERVE_TOKEN" in result.output
    check_binding("0.0.0.0", TOKEN)
    check_binding("127.0.0.1", None)
    check_binding("::1", None)
    with pytest.raises(DeskError, match="too short"):
        check_binding("0.0.0.0", "short")


def test_only_http_links_are_clickable():
    assert safe_url("https://example.com/a?b=1") == "https://example.com/a?b=1"
    assert safe_url("javascript:alert(1)") == "#"
    assert safe_url("data:text/html,<script>") == "#"
