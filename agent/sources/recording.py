"""Live source traffic, recorded and replayed (``desk sources record``; tests replay it).

``record_gather`` runs the ordinary live gather (``gather_live``, one shared
``httpx.AsyncClient``) with two event hooks on that client, bypassing the raw cache so every
source is really asked, and saves every HTTP response the client received (each source, each page,
each retry, each redirect hop, error statuses included) as a fixture set::

    <dir>/manifest.json     RecordingManifest: one entry per response, in the order received
    <dir>/bodies/NNN-<source>.<ext>
    <dir>/snapshot.json     the gather's snapshot (absent when every source failed)

Secrets never reach the disk: credential headers are dropped, key-like query parameters become
``REDACTED`` (in URLs, header values, bodies and the snapshot), and the literal value of every
key environment variable the sources config names (``*_env`` options) is replaced wherever it
appears. Bodies are stored decoded (no ``content-encoding``), so ``sha256`` is of the file.

``ReplayTransport`` answers requests from such a directory: an ``httpx.MockTransport`` handler
serving each recorded URL its recorded responses in order (the last one repeating); a URL that was
never recorded raises ``UnrecordedRequest`` naming it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
from collections import defaultdict, deque
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import httpx
from pydantic import BaseModel, ConfigDict, ValidationError

from agent.errors import RecordingError, SourceError
from agent.files import write_atomic
from agent.schemas import DaySnapshot
from agent.sources.catalog import SourcesConfig
from agent.sources.gather import gather_live, source_client_scope
from agent.sources.http import Clock, Sleeper, utc_now
from agent.sources.registry import validate_options
from agent.sources.runner import running_source
from agent.text import replace_literals

RECORDINGS_DIR = "recordings"
MANIFEST_FILE = "manifest.json"
SNAPSHOT_FILE = "snapshot.json"
BODIES_DIR = "bodies"
REDACTED = "REDACTED"

_CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie",
                                 "x-api-key"})
_CREDENTIAL_HEADER_WORDS = ("key", "token", "secret", "auth", "cookie")
# The body is stored decoded and whole, so these would misdescribe it on replay.
_TRANSFER_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding",
                               "connection", "keep-alive"})
_URL_HEADERS = frozenset({"location", "content-location"})  # may be relative
_SECRET_PARAM_NAMES = frozenset({"key", "token", "secret", "auth", "sig", "signature", "password",
                                 "passwd"})
_SECRET_PARAM_SUFFIXES = ("key", "token", "secret", "password", "signature", "credential")
_URL_IN_TEXT = re.compile(r"https?://[^\s\"'<>()\\]+")
# name=value after ?, & or ; (the ; is the tail of an HTML-escaped &amp;)
_QUERY_PARAM = re.compile(r"(?<=[?&;])([^=&;#?]+)=([^&;#]*)")
_BODY_EXTENSIONS = (("json", "json"), ("html", "html"), ("xml", "xml"), ("rss", "xml"),
                    ("atom", "xml"), ("text/plain", "txt"))


def recording_dir(data_dir: Path, date: dt.date) -> Path:
    """Where ``desk sources record`` writes by default."""
    return data_dir / RECORDINGS_DIR / date.isoformat()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RecordedResponse(_Strict):
    """One HTTP response exactly as the shared client received it (secrets redacted)."""

    source: str | None
    """The configured source that sent the request (``None``: sent outside any source)."""
    method: str
    url: str
    status: int
    content_type: str
    headers: list[tuple[str, str]]
    """Response headers in order, without credentials or transfer encodings."""
    body_file: str
    """Path of the body relative to the recording directory."""
    sha256: str
    fetched_at: dt.datetime


class UnansweredRequest(_Strict):
    """A request that never got a response (timeout, refused connection)."""

    source: str | None
    method: str
    url: str
    sent_at: dt.datetime


class RecordingManifest(_Strict):
    format: Literal[1] = 1
    date: dt.date
    recorded_at: dt.datetime
    redacted_env: list[str]
    """Names (never values) of the key variables whose values were scrubbed."""
    snapshot_file: str | None
    gather_error: str | None
    """Why the gather produced no snapshot (every source failed), else ``None``."""
    responses: list[RecordedResponse]
    unanswered: list[UnansweredRequest]


@dataclass(frozen=True)
class Recording:
    directory: Path
    manifest: RecordingManifest
    snapshot: DaySnapshot | None


# --------------------------------------------------------------------------------- redaction


def is_secret_param(name: str) -> bool:
    """Whether a query parameter's name looks like a credential (api_key, token, apiKey...)."""
    folded = re.sub(r"[^a-z0-9]", "", name.lower())
    return folded in _SECRET_PARAM_NAMES or folded.endswith(_SECRET_PARAM_SUFFIXES)


def is_credential_header(name: str) -> bool:
    lowered = name.lower()
    return lowered in _CREDENTIAL_HEADERS or any(w in lowered for w in _CREDENTIAL_HEADER_WORDS)


def secret_env_names(config: SourcesConfig) -> list[str]:
    """Every environment variable any configured source reads a secret from."""
    names = {name for spec in config.sources for name in validate_options(spec).secret_env_names()}
    return sorted(names)


class Redactor:
    """Scrubs key-like query parameters and the literal values of secret variables."""

    def __init__(self, secrets: Mapping[str, str]):
        """``secrets``: environment variable name -> its value (empty values are ignored)."""
        values = [v for v in secrets.values() if v]
        # A body is scanned as latin-1 text: also find each value's UTF-8 bytes seen that way.
        self._replacements = {literal: REDACTED for v in values
                              for literal in (v, v.encode("utf-8").decode("latin-1"))}
        self.names = sorted(name for name, value in secrets.items() if value)

    @classmethod
    def for_sources(cls, config: SourcesConfig, env: Mapping[str, str]) -> Redactor:
        return cls({name: env.get(name, "") for name in secret_env_names(config)})

    def url(self, url: str) -> str:
        base, query_mark, rest = url.partition("?")
        if query_mark:
            url = base + _QUERY_PARAM.sub(_redact_param, query_mark + rest)
        return self._literals(url)

    def text(self, text: str) -> str:
        return _URL_IN_TEXT.sub(lambda m: self.url(m.group(0)), self._literals(text))

    def body(self, body: bytes) -> bytes:
        # latin-1 maps every byte to one character and back, so any encoding survives untouched.
        return self.text(body.decode("latin-1")).encode("latin-1")

    def headers(self, headers: httpx.Headers) -> list[tuple[str, str]]:
        return [(name, self.url(value) if name in _URL_HEADERS else self.text(value))
                for name, value in headers.multi_items()
                if not is_credential_header(name) and name not in _TRANSFER_HEADERS]

    def _literals(self, text: str) -> str:
        return replace_literals(text, self._replacements)


def _redact_param(match: re.Match[str]) -> str:
    return f"{match.group(1)}={REDACTED}" if is_secret_param(match.group(1)) else match.group(0)


# --------------------------------------------------------------------------------- recording


@dataclass(frozen=True)
class _Received:
    source: str | None
    method: str
    url: str
    status: int
    headers: httpx.Headers
    body: bytes
    fetched_at: dt.datetime


class ResponseRecorder:
    """Event hooks for the shared client: every response (body read in full), and every request
    that never got one."""

    def __init__(self, clock: Clock = utc_now):
        self.clock = clock
        self.received: list[_Received] = []
        # Keyed by id(); the request is held too, so its id cannot be reused while pending.
        self._pending: dict[int, tuple[httpx.Request, UnansweredRequest]] = {}

    async def on_request(self, request: httpx.Request) -> None:
        self._pending[id(request)] = (request, UnansweredRequest(
            source=running_source.get(), method=request.method, url=str(request.url),
            sent_at=self.clock()))

    async def on_response(self, response: httpx.Response) -> None:
        await response.aread()
        request = response.request
        self._pending.pop(id(request), None)
        self.received.append(_Received(
            source=running_source.get(), method=request.method, url=str(request.url),
            status=response.status_code, headers=response.headers, body=response.content,
            fetched_at=self.clock()))

    @property
    def unanswered(self) -> list[UnansweredRequest]:
        return [unanswered for _request, unanswered in self._pending.values()]

    @contextmanager
    def attached(self, client: httpx.AsyncClient) -> Iterator[None]:
        """The hooks on ``client`` for the duration (its own hooks kept, and restored after)."""
        saved = {kind: list(hooks) for kind, hooks in client.event_hooks.items()}
        client.event_hooks = {"request": [*saved.get("request", []), self.on_request],
                              "response": [*saved.get("response", []), self.on_response]}
        try:
            yield
        finally:
            client.event_hooks = saved


async def record_gather(date: dt.date, *, config: SourcesConfig, data_dir: Path, out: Path,
                        client: httpx.AsyncClient | None = None, clock: Clock = utc_now,
                        sleep: Sleeper = asyncio.sleep,
                        env: Mapping[str, str] | None = None) -> Recording:
    """``gather_live`` with every response recorded into ``out`` (replaced whole if it holds an
    earlier recording). When every source fails the responses are still written, then the
    ``SourceError`` is raised naming the directory."""
    env = os.environ if env is None else env
    redactor = Redactor.for_sources(config, env)
    recorder = ResponseRecorder(clock)
    snapshot: DaySnapshot | None = None
    gather_error: SourceError | None = None
    async with source_client_scope(client, config) as http:
        with recorder.attached(http):
            try:
                snapshot = await gather_live(date, config=config, data_dir=data_dir, client=http,
                                             clock=clock, sleep=sleep, env=env,
                                             use_fresh_cache=False, revalidate=False)
            except SourceError as error:
                gather_error = error
    manifest = write_recording(out, date=date, recorder=recorder, redactor=redactor,
                               snapshot=snapshot, gather_error=gather_error, recorded_at=clock())
    if gather_error is not None:
        raise SourceError(f"{redactor.text(str(gather_error))} (the responses are recorded "
                          f"in {out})") from gather_error
    return Recording(directory=out, manifest=manifest, snapshot=snapshot)


def write_recording(out: Path, *, date: dt.date, recorder: ResponseRecorder, redactor: Redactor,
                    snapshot: DaySnapshot | None, gather_error: SourceError | None,
                    recorded_at: dt.datetime) -> RecordingManifest:
    """Write the fixture set beside ``out``, then move it into place in one step, so ``out``
    is always either the previous recording or this one, never half of one."""
    try:
        _refuse_foreign_directory(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
        try:
            manifest = _write_fixture_set(staging, date=date, recorder=recorder,
                                          redactor=redactor, snapshot=snapshot,
                                          gather_error=gather_error, recorded_at=recorded_at)
            if out.exists():
                shutil.rmtree(out)
            staging.rename(out)
        finally:
            if staging.exists():
                shutil.rmtree(staging)
    except OSError as error:
        raise RecordingError(f"cannot write the recording in {out}: "
                             f"{error.strerror or error}") from None
    return manifest


def _refuse_foreign_directory(out: Path) -> None:
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST_FILE).is_file():
        raise RecordingError(f"{out} is not empty and holds no {MANIFEST_FILE}: refusing to "
                             "replace it with a recording (choose another --out)")
    if out.exists() and not out.is_dir():
        raise RecordingError(f"{out} is a file; --out must be a directory")


def _write_fixture_set(directory: Path, *, date: dt.date, recorder: ResponseRecorder,
                       redactor: Redactor, snapshot: DaySnapshot | None,
                       gather_error: SourceError | None,
                       recorded_at: dt.datetime) -> RecordingManifest:
    responses = []
    for index, received in enumerate(recorder.received, start=1):
        body = redactor.body(received.body)
        content_type = received.headers.get("content-type", "")
        body_file = f"{BODIES_DIR}/{index:03d}-{_slug(received.source)}.{_extension(content_type)}"
        write_atomic(directory / body_file, body)
        responses.append(RecordedResponse(
            source=received.source, method=received.method, url=redactor.url(received.url),
            status=received.status, content_type=redactor.text(content_type),
            headers=redactor.headers(received.headers), body_file=body_file,
            sha256=hashlib.sha256(body).hexdigest(), fetched_at=received.fetched_at))
    snapshot_file = None
    if snapshot is not None:
        snapshot_file = SNAPSHOT_FILE
        write_atomic(directory / SNAPSHOT_FILE,
                     redactor.text(snapshot.model_dump_json(indent=2)) + "\n")
    manifest = RecordingManifest(
        date=date, recorded_at=recorded_at, redacted_env=redactor.names,
        snapshot_file=snapshot_file,
        gather_error=redactor.text(str(gather_error)) if gather_error is not None else None,
        responses=responses,
        unanswered=[u.model_copy(update={"url": redactor.url(u.url)})
                    for u in recorder.unanswered])
    write_atomic(directory / MANIFEST_FILE, manifest.model_dump_json(indent=2) + "\n")
    return manifest


def _slug(source: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", "-", (source or "unattributed").lower()).strip("-") or "source"


def _extension(content_type: str) -> str:
    lowered = content_type.lower()
    return next((ext for marker, ext in _BODY_EXTENSIONS if marker in lowered), "bin")


# ------------------------------------------------------------------------------------ replay


class UnrecordedRequest(LookupError):
    """A replayed gather asked for something the recording does not hold."""


def load_manifest(directory: Path) -> RecordingManifest:
    path = directory / MANIFEST_FILE
    try:
        return RecordingManifest.model_validate_json(path.read_bytes())
    except OSError as error:
        raise RecordingError(f"cannot read the recording {path}: "
                             f"{error.strerror or error}") from None
    except ValidationError as error:
        raise RecordingError(f"{path} is not a recording manifest: "
                             f"{error.errors()[0]['msg']}") from None


class ReplayTransport(httpx.MockTransport):
    """Answers each request with the response recorded for its method and URL (several for one
    URL, such as retries, in the order recorded; the last one repeats). A request that was
    recorded without an answer fails as a connection error; anything else raises
    ``UnrecordedRequest``. ``env`` holds the secret values a URL may carry, when any."""

    def __init__(self, directory: Path, *, env: Mapping[str, str] | None = None):
        self.directory = directory
        self.manifest = load_manifest(directory)
        self.redactor = Redactor(env or {})
        self._answers: dict[tuple[str, str], deque[RecordedResponse]] = defaultdict(deque)
        for response in self.manifest.responses:
            self._answers[(response.method, response.url)].append(response)
        self._unanswered = {(u.method, u.url) for u in self.manifest.unanswered}
        self.requests: list[httpx.Request] = []
        super().__init__(self._answer)

    def _answer(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        key = (request.method, self.redactor.url(str(request.url)))
        queue = self._answers.get(key)
        if not queue:
            if key in self._unanswered:
                raise httpx.ConnectError(f"recorded without a response: {key[0]} {key[1]}",
                                         request=request)
            raise UnrecordedRequest(f"no recorded response for {key[0]} {key[1]} in "
                                    f"{self.directory} ({len(self._answers)} URLs recorded)")
        recorded = queue.popleft() if len(queue) > 1 else queue[0]
        body = (self.directory / recorded.body_file).read_bytes()
        return httpx.Response(recorded.status, headers=recorded.headers, content=body)
