"""A simulated LLM server on 127.0.0.1 for the reliability suite and the benchmarks: it speaks the
OpenAI Chat Completions API (``POST /v1/chat/completions``) and the Anthropic Messages API
(``POST /v1/messages``), streamed or not, and behaves like the real APIs where the desk's
correctness and cost depend on it:

* each model's documented limits (``tests/sim/model.py``): HTTP 400 for an effort value or a
  ``max_tokens`` the model does not accept;
* reasoning models think first, and those tokens count against ``max_tokens``; an answer that
  does not fit is cut there with the API's stop reason (``max_tokens`` / ``length``);
* prompt caching granted and billed as each provider does (``tests/sim/cache.py``): only
  identical prefixes at or above the model's minimum, read only after a write;
* a configurable time to first token and output speed (thinking takes time too).

Answers are schema-valid JSON written from the request's own data (``tests/sim/content.py``).
Faults can be injected per schema (that is, per desk node) and per task text: HTTP 429 / 529 /
500, a timeout (the server stalls past the client's deadline), a dropped connection mid-answer,
an error event inside a 200 stream (transient ``stream_error`` or the request's fault,
``stream_invalid``), invalid JSON (the answer is cut short, so the client must re-ask), a model
that thinks until the limit (``overthink``: the answer is cut off at ``max_tokens``) and a slow
answer (``slow``, ``delay_s`` late)::

    with SimLLMServer(SimSettings(ttft_s=0.5, tokens_per_s=80)) as sim:
        sim.inject(Fault("529", schema="EssayDraftDecision", times=2))
        env = {"ANTHROPIC_API_KEY": "sim", "ANTHROPIC_BASE_URL": sim.anthropic_base_url}
        ...                         # or OPENAI_BASE_URL=sim.openai_base_url
        sim.log                     # one SimRequest per request received

Bounded: it binds 127.0.0.1 only, refuses bodies over ``max_body_bytes`` and requests beyond
``max_requests``, and shuts itself down after ``lifetime_s``. Run standalone with
``python -m tests.sim.server --help``.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal, Self

if __package__ in (None, ""):  # run as a script: make ``tests`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from agent.llm.capabilities import ModelCapabilities
from tests.sim import model as sim_model
from tests.sim.cache import PromptCache
from tests.sim.content import OutputProfile, RequestContent, answer
from tests.sim.wire import (
    Api,
    Billing,
    ParsedRequest,
    error_body,
    message,
    sse_events,
    stream_error_event,
)

FaultKind = Literal["429", "529", "500", "timeout", "disconnect", "stream_error",
                    "stream_invalid", "invalid_json", "overthink", "slow"]
FAULT_KINDS: tuple[FaultKind, ...] = ("429", "529", "500", "timeout", "disconnect",
                                      "stream_error", "stream_invalid", "invalid_json",
                                      "overthink", "slow")
TRANSIENT_FAULTS: tuple[FaultKind, ...] = ("429", "529", "500", "timeout", "disconnect",
                                           "stream_error", "invalid_json", "overthink")
"""The faults a client absorbs by retrying, re-asking or asking with a larger budget."""
_STATUS_FAULTS = {"429": (429, "rate_limit_error", "Rate limited (simulated)."),
                  "529": (529, "overloaded_error", "Overloaded (simulated)."),
                  "500": (500, "api_error", "Internal server error (simulated).")}
_STREAM_ERRORS = {
    "stream_error": {"anthropic": ("overloaded_error", 529), "openai": ("server_error", 500)},
    "stream_invalid": {"anthropic": ("invalid_request_error", 400),
                       "openai": ("invalid_request_error", 400)},
}


@dataclass(frozen=True)
class SimSettings:
    ttft_s: float = 0.0
    """Seconds before the first token (and before a non-streamed answer starts)."""
    tokens_per_s: float = 0.0
    """Output speed, thinking included; 0 means instant."""
    tokens_per_event: int = 8
    """Size of each streamed delta (providers send a few tokens at a time)."""
    profile: OutputProfile = field(default_factory=OutputProfile)
    models: Mapping[str, ModelCapabilities] = field(default_factory=dict)
    """Limits for model ids that should not use config/model_capabilities.toml."""
    cache_ttl_s: float = 300.0
    stall_s: float = 5.0
    """How long a ``timeout`` fault stalls (set it above the client's timeout)."""
    max_requests: int = 5000
    record_prompts: bool = False
    """Keep each request's system and user text in the log (for tests of what a model saw)."""
    max_body_bytes: int = 8_000_000
    lifetime_s: float = 900.0


@dataclass
class Fault:
    """Answer requests for ``schema`` (any schema when empty) whose task text contains
    ``contains`` with ``kind`` the next ``times`` times (``slow``: ``delay_s`` late)."""

    kind: FaultKind
    schema: str = ""
    contains: str = ""
    times: int = 1
    delay_s: float = 0.0

    def matches(self, request: ParsedRequest) -> bool:
        return (self.times > 0 and self.schema in ("", request.schema_name)
                and self.contains in request.user)


@dataclass
class SimRequest:
    """One request as the server saw it (the log the tests and benchmark read)."""

    api: str
    model: str
    schema_name: str
    started: float
    max_tokens: int | None = None
    effort: str | None = None
    fault: str | None = None
    status: int = 200
    input_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    output_tokens: int = 0
    reasoning_tokens: int = 0
    stop_reason: str | None = None
    finished: float | None = None
    prompt: str = ""


class SimLLMServer:
    def __init__(self, settings: SimSettings | None = None, *, port: int = 0) -> None:
        self.settings = settings or SimSettings()
        self.faults: list[Fault] = []
        self.log: list[SimRequest] = []
        self.cache = PromptCache(self.settings.cache_ttl_s)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._timer = threading.Timer(self.settings.lifetime_s, self.stop)
        self._timer.daemon = True

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def openai_base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def anthropic_base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def inject(self, *faults: Fault) -> None:
        with self._lock:
            self.faults.extend(faults)

    def clear_faults(self) -> None:
        with self._lock:
            self.faults.clear()

    def requests_for(self, schema_name: str) -> list[SimRequest]:
        with self._lock:
            return [r for r in self.log if r.schema_name == schema_name]

    def start(self) -> None:
        self._thread.start()
        self._timer.start()

    def stop(self) -> None:
        self._timer.cancel()
        self._server.shutdown()
        self._server.server_close()

    def wait(self, timeout_s: float | None = None) -> None:
        """Block until the server stops (its lifetime ends) or ``timeout_s`` passes."""
        self._thread.join(timeout_s)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
        self._thread.join(timeout=5)

    # -- one request ------------------------------------------------------------------------
    def admit(self, request: ParsedRequest) -> tuple[SimRequest, Fault | None]:
        """Log the request and claim the fault that applies to it, if any."""
        with self._lock:
            if len(self.log) >= self.settings.max_requests:
                raise OverflowError("the simulated server's request limit is reached")
            fault = next((f for f in self.faults if f.matches(request)), None)
            if fault is not None:
                fault.times -= 1
            record = SimRequest(api=request.api, model=request.model,
                                schema_name=request.schema_name, started=time.monotonic(),
                                max_tokens=request.max_tokens, effort=request.effort,
                                fault=fault.kind if fault else None)
            if self.settings.record_prompts:
                record.prompt = "\n\n".join([*(t for t, _ in request.system_blocks),
                                              request.user])
            self.log.append(record)
        return record, fault

    def capabilities(self, request: ParsedRequest) -> ModelCapabilities:
        return sim_model.capabilities(request, self.settings.models)

    def generate(self, request: ParsedRequest, record: SimRequest, caps: ModelCapabilities,
                 fault: FaultKind | None) -> str:
        """The answer text as sent, with its billing filled in ``record``."""
        text = _answer_text(json.dumps(request.schema, sort_keys=True),
                            "\n\n".join(t for t, _ in request.system_blocks), request.user,
                            self.settings.profile)
        if fault == "invalid_json":
            text = text[: len(text) // 2]
        generation = sim_model.generate(request, caps, text, overthink=fault == "overthink")
        billing = self.cache.bill(request, caps.min_cache_tokens, arrived=record.started,
                                  response_starts=time.monotonic() + self.settings.ttft_s)
        record.input_tokens = billing.input_tokens
        record.cache_read_tokens = billing.cache_read_tokens
        record.cache_write_tokens = billing.cache_write_tokens
        record.output_tokens = generation.output_tokens
        record.reasoning_tokens = generation.reasoning_tokens
        record.stop_reason = generation.stop_reason
        return generation.text

    def billing(self, record: SimRequest) -> Billing:
        return Billing(input_tokens=record.input_tokens, cache_read_tokens=record.cache_read_tokens,
                       cache_write_tokens=record.cache_write_tokens,
                       output_tokens=record.output_tokens, reasoning_tokens=record.reasoning_tokens)


def _handler_for(sim: SimLLMServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            path = self.path.split("?")[0].rstrip("/")
            api: Api | None = ("anthropic" if path.endswith("/v1/messages") else
                               "openai" if path.endswith("/chat/completions") else None)
            length = int(self.headers.get("content-length", 0))
            if api is None or length > sim.settings.max_body_bytes:
                status = 404 if api is None else 413
                self._json(status, error_body(api or "openai", status, "invalid_request_error",
                                              f"cannot serve {self.path} ({length} bytes)"))
                self.close_connection = True
                return
            try:
                request = ParsedRequest.from_body(api, json.loads(self.rfile.read(length)))
            except (ValueError, AttributeError) as error:
                self._json(400, error_body(api, 400, "invalid_request_error", f"bad body: {error}"))
                return
            try:
                record, fault = sim.admit(request)
            except OverflowError as error:
                self._json(503, error_body(api, 503, "api_error", str(error)))
                return
            self._serve(request, record, fault)
            record.finished = time.monotonic()

        def _serve(self, request: ParsedRequest, record: SimRequest, fault: Fault | None) -> None:
            kind = fault.kind if fault else None
            if kind in _STATUS_FAULTS or (kind in _STREAM_ERRORS and not request.stream):
                self._status_fault(request, record, kind)
                return
            caps = sim.capabilities(request)
            if (refused := sim_model.refusal(request, caps)) is not None:
                record.status = 400
                self._json(400, error_body(request.api, 400, refused.kind, refused.message,
                                           refused.param))
                return
            if kind == "timeout":
                time.sleep(sim.settings.stall_s)
            if kind == "slow" and fault is not None:
                time.sleep(fault.delay_s)
            text = sim.generate(request, record, caps, kind)
            time.sleep(sim.settings.ttft_s)
            self._pace(record.reasoning_tokens)  # thinking comes before the first text token
            if request.stream:
                self._stream(request, record, text, kind)
            elif kind == "disconnect":
                self._cut_body(request, record, text)
            else:
                self._pace(record.output_tokens - record.reasoning_tokens)
                self._json(200, message(request, sim.billing(record), text,
                                        record.stop_reason or ""))

        def _status_fault(self, request: ParsedRequest, record: SimRequest,
                          kind: str | None) -> None:
            if kind in _STREAM_ERRORS:  # not streamed: the same failure as an HTTP status
                error_type, status = _STREAM_ERRORS[kind][request.api]
                message_text = "Error (simulated)."
            else:
                status, error_type, message_text = _STATUS_FAULTS[kind or "500"]
            record.status = status
            self._json(status, error_body(request.api, status, error_type, message_text),
                       {"retry-after": "0"})

        def _stream(self, request: ParsedRequest, record: SimRequest, text: str,
                    kind: str | None) -> None:
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.send_header("transfer-encoding", "chunked")
            self.end_headers()
            events = sse_events(request, sim.billing(record), text, record.stop_reason or "",
                                sim.settings.tokens_per_event)
            if kind in ("disconnect", *_STREAM_ERRORS):  # fail halfway through the answer
                for event in events[: max(len(events) // 2, 1)]:
                    self._chunk(event)
                if kind in _STREAM_ERRORS:
                    error_type, code = _STREAM_ERRORS[kind][request.api]
                    self._chunk(stream_error_event(request.api, error_type,
                                                   "Error mid-stream (simulated).", code))
                    self.wfile.write(b"0\r\n\r\n")
                self.close_connection = True
                return
            per_event = (record.output_tokens - record.reasoning_tokens) / max(len(events), 1)
            for event in events:
                self._pace(per_event)
                self._chunk(event)
            self.wfile.write(b"0\r\n\r\n")

        def _cut_body(self, request: ParsedRequest, record: SimRequest, text: str) -> None:
            data = json.dumps(message(request, sim.billing(record), text,
                                      record.stop_reason or "")).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.close_connection = True

        def _pace(self, tokens: float) -> None:
            if sim.settings.tokens_per_s > 0 and tokens > 0:
                time.sleep(tokens / sim.settings.tokens_per_s)

        def _chunk(self, data: bytes) -> None:
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

        def _json(self, status: int, payload: dict[str, Any],
                  headers: dict[str, str] | None = None) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def handle(self) -> None:
            try:
                super().handle()
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout)
                pass

        def log_message(self, format: str, *args: object) -> None:
            """Silence the per-request stderr line."""

    return Handler


@functools.lru_cache(maxsize=512)
def _answer_text(schema_json: str, system: str, user: str, profile: OutputProfile) -> str:
    """The answer to one request, remembered: answers are deterministic, and writing one (the
    essay is checked against the rubric) costs more than serving it."""
    content = RequestContent.parse(system, user)
    return json.dumps(answer(json.loads(schema_json), content, profile), ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--ttft", type=float, default=0.8, help="seconds to first token")
    parser.add_argument("--tps", type=float, default=80.0, help="output tokens per second")
    parser.add_argument("--lifetime", type=float, default=900.0, help="stop after N seconds")
    args = parser.parse_args(argv)
    settings = SimSettings(ttft_s=args.ttft, tokens_per_s=args.tps, lifetime_s=args.lifetime)
    with SimLLMServer(settings, port=args.port) as sim:
        print(f"ANTHROPIC_BASE_URL={sim.anthropic_base_url}\nOPENAI_BASE_URL={sim.openai_base_url}"
              f"\n(stops after {args.lifetime:g} s; Ctrl-C to stop now)", flush=True)
        try:
            sim.wait(args.lifetime + 1)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
