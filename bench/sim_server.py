"""A simulated LLM server on 127.0.0.1 for benchmarks and fault tests: it speaks the OpenAI Chat
Completions API (``POST /v1/chat/completions``) and the Anthropic Messages API
(``POST /v1/messages``), streamed or not, with a configurable time to first token and tokens per
second, prompt caching billed the way each provider does, and schema-valid structured output
written from the request's own data (``bench/sim_content.py``).

Faults can be injected per schema (that is, per desk node): HTTP 429 / 529 / 500, a timeout (the
server stalls past the client's deadline), a truncated stream (the connection drops mid-answer) and
invalid JSON (the answer is cut short, so the client must re-ask)::

    with SimLLMServer(SimSettings(ttft_s=0.5, tokens_per_s=80)) as sim:
        sim.inject(Fault("529", schema="EssayDraftDecision", times=2))
        env = {"ANTHROPIC_API_KEY": "sim", "ANTHROPIC_BASE_URL": sim.anthropic_base_url}
        ...                         # or OPENAI_BASE_URL=sim.openai_base_url
        sim.log                     # one SimRequest per request received

Bounded: it binds 127.0.0.1 only, refuses bodies over ``max_body_bytes`` and requests beyond
``max_requests``, and shuts itself down after ``lifetime_s``. Run standalone with
``python bench/sim_server.py --help``.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal, Self

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.sim_content import OutputProfile, RequestContent, answer

CHARS_PER_TOKEN = 4
FaultKind = Literal["429", "529", "500", "timeout", "truncate", "invalid_json"]
FAULT_KINDS: tuple[FaultKind, ...] = ("429", "529", "500", "timeout", "truncate", "invalid_json")
_STATUS_FAULTS = {"429": (429, "rate_limit_error", "Rate limited (simulated)."),
                  "529": (529, "overloaded_error", "Overloaded (simulated)."),
                  "500": (500, "api_error", "Internal server error (simulated).")}


@dataclass(frozen=True)
class SimSettings:
    ttft_s: float = 0.0
    """Seconds before the first token (and before a non-streamed answer starts)."""
    tokens_per_s: float = 0.0
    """Output speed; 0 means instant."""
    tokens_per_event: int = 8
    """Size of each streamed delta (providers send a few tokens at a time)."""
    profile: OutputProfile = field(default_factory=OutputProfile)
    min_cache_tokens: int = 1024
    """Shortest prefix either provider caches."""
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
    ``contains`` with ``kind`` the next ``times`` times."""

    kind: FaultKind
    schema: str = ""
    contains: str = ""
    times: int = 1

    def matches(self, request: ParsedRequest) -> bool:
        return (self.times > 0 and self.schema in ("", request.schema_name)
                and self.contains in request.user)


@dataclass
class SimRequest:
    """One request as the server saw it (the log the tests and benchmark read)."""

    api: str
    schema_name: str
    started: float
    fault: str | None = None
    status: int = 200
    input_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    output_tokens: int = 0
    finished: float | None = None
    prompt: str = ""


@dataclass
class ParsedRequest:
    api: Literal["openai", "anthropic"]
    body: dict[str, Any]
    schema: dict[str, Any]
    schema_name: str
    system_blocks: list[tuple[str, bool]]
    """(text, ends a cacheable prefix) per system block, in order."""
    messages: list[tuple[str, str]]

    @property
    def user(self) -> str:
        return next((text for role, text in self.messages if role == "user"), "")

    @property
    def stream(self) -> bool:
        return bool(self.body.get("stream"))

    @property
    def model(self) -> str:
        return str(self.body.get("model", "sim"))

    @classmethod
    def from_body(cls, api: Literal["openai", "anthropic"], body: dict[str, Any]
                  ) -> ParsedRequest:
        if api == "anthropic":
            fmt = (body.get("output_config") or {}).get("format") or {}
            schema = fmt.get("schema") or {}
            system = body.get("system") or []
            blocks = ([(system, False)] if isinstance(system, str) else
                      [(b.get("text", ""), "cache_control" in b) for b in system])
            name = str(schema.get("title", ""))
        else:
            fmt = (body.get("response_format") or {}).get("json_schema") or {}
            schema = fmt.get("schema") or {}
            blocks = [(_text(m.get("content")), False) for m in body.get("messages", [])
                      if m.get("role") == "system"]
            name = str(fmt.get("name") or schema.get("title", ""))
        messages = [(m.get("role", ""), _text(m.get("content"))) for m in body.get("messages", [])
                    if m.get("role") != "system"]
        return cls(api=api, body=body, schema=schema, schema_name=name, system_blocks=blocks,
                   messages=messages)


class PromptCache:
    """Prefix caching as billed: Anthropic caches up to each ``cache_control`` breakpoint;
    OpenAI caches any repeated prefix of 1024+ tokens in 128-token steps."""

    def __init__(self, settings: SimSettings) -> None:
        self.settings = settings
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def usage(self, request: ParsedRequest) -> tuple[int, int, int]:
        """(uncached input, cache read, cache write) tokens; remembers the prefixes."""
        texts = [text for text, _ in request.system_blocks] + [t for _, t in request.messages]
        total = _tokens("".join(texts))
        if request.api == "anthropic":
            read, write = self._anthropic(request)
        else:
            read, write = self._openai(request.model, "".join(texts), total), 0
        return max(total - read - write, 0), read, write

    def _anthropic(self, request: ParsedRequest) -> tuple[int, int]:
        breakpoints, prefix = [], ""
        for text, cached in request.system_blocks:
            prefix += text
            if cached:
                breakpoints.append((_tokens(prefix), _key(request.model, prefix)))
        breakpoints = [b for b in breakpoints if b[0] >= self.settings.min_cache_tokens]
        if not breakpoints:
            return 0, 0
        hit = max((size for size, key in breakpoints if self._fresh(key)), default=0)
        self._remember(key for _, key in breakpoints)
        return hit, breakpoints[-1][0] - hit

    def _openai(self, model: str, text: str, total: int) -> int:
        block = 128 * CHARS_PER_TOKEN
        keys = [_key(model, text[:end]) for end in range(block, len(text) + 1, block)]
        hits = 0
        for key in keys:
            if not self._fresh(key):
                break
            hits += 1
        self._remember(keys)
        cached = hits * 128
        return cached if total >= 1024 and cached >= self.settings.min_cache_tokens else 0

    def _fresh(self, key: str) -> bool:
        with self._lock:
            seen = self._seen.get(key)
        return seen is not None and time.monotonic() - seen < self.settings.cache_ttl_s

    def _remember(self, keys: Iterator[str] | list[str]) -> None:
        now = time.monotonic()
        with self._lock:
            self._seen.update({key: now for key in keys})


class SimLLMServer:
    def __init__(self, settings: SimSettings | None = None, *, port: int = 0) -> None:
        self.settings = settings or SimSettings()
        self.faults: list[Fault] = []
        self.log: list[SimRequest] = []
        self.cache = PromptCache(self.settings)
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
            record = SimRequest(api=request.api, schema_name=request.schema_name,
                                started=time.monotonic(), fault=fault.kind if fault else None)
            if self.settings.record_prompts:
                record.prompt = "\n\n".join([*(t for t, _ in request.system_blocks),
                                              request.user])
            self.log.append(record)
        return record, fault

    def completion(self, request: ParsedRequest, record: SimRequest, *, broken: bool) -> str:
        """The answer text (cut short when ``broken``), with the usage filled in ``record``."""
        text = _answer_text(json.dumps(request.schema, sort_keys=True),
                            "\n\n".join(t for t, _ in request.system_blocks), request.user,
                            self.settings.profile)
        if broken:
            text = text[: len(text) // 2]
        record.input_tokens, record.cache_read_tokens, record.cache_write_tokens = (
            self.cache.usage(request))
        record.output_tokens = max(_tokens(text), 1)
        return text


def _handler_for(sim: SimLLMServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            path = self.path.split("?")[0].rstrip("/")
            api = ("anthropic" if path.endswith("/v1/messages") else
                   "openai" if path.endswith("/chat/completions") else None)
            length = int(self.headers.get("content-length", 0))
            if api is None or length > sim.settings.max_body_bytes:
                status = 404 if api is None else 413
                self._json(status, _error(api or "openai", status, "invalid_request_error",
                                          f"cannot serve {self.path} ({length} bytes)"))
                self.close_connection = True
                return
            try:
                request = ParsedRequest.from_body(api, json.loads(self.rfile.read(length)))
            except (ValueError, AttributeError) as error:
                self._json(400, _error(api, 400, "invalid_request_error", f"bad body: {error}"))
                return
            try:
                record, fault = sim.admit(request)
            except OverflowError as error:
                self._json(503, _error(api, 503, "api_error", str(error)))
                return
            self._serve(request, record, fault)
            record.finished = time.monotonic()

        def _serve(self, request: ParsedRequest, record: SimRequest, fault: Fault | None) -> None:
            kind = fault.kind if fault else None
            if kind in _STATUS_FAULTS:
                status, error_type, message = _STATUS_FAULTS[kind]
                record.status = status
                self._json(status, _error(request.api, status, error_type, message),
                           {"retry-after": "0"})
                return
            if kind == "timeout":
                time.sleep(sim.settings.stall_s)
            time.sleep(sim.settings.ttft_s)
            text = sim.completion(request, record, broken=kind == "invalid_json")
            if request.stream:
                self._stream(request, record, text, truncate=kind == "truncate")
            elif kind == "truncate":
                self._cut_body(request, record, text)
            else:
                self._pace(record.output_tokens)
                self._json(200, _message(request, record, text))

        def _stream(self, request: ParsedRequest, record: SimRequest, text: str, *,
                    truncate: bool) -> None:
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.send_header("transfer-encoding", "chunked")
            self.end_headers()
            events = _sse_events(request, record, text, sim.settings.tokens_per_event)
            if truncate:  # drop the connection halfway, without the closing chunk
                for event in events[: max(len(events) // 2, 1)]:
                    self._chunk(event)
                self.close_connection = True
                return
            per_event = record.output_tokens / max(len(events), 1)
            for event in events:
                self._pace(per_event)
                self._chunk(event)
            self.wfile.write(b"0\r\n\r\n")

        def _cut_body(self, request: ParsedRequest, record: SimRequest, text: str) -> None:
            data = json.dumps(_message(request, record, text)).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.close_connection = True

        def _pace(self, tokens: float) -> None:
            if sim.settings.tokens_per_s > 0:
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


# -- wire formats ---------------------------------------------------------------------------
def _message(request: ParsedRequest, record: SimRequest, text: str) -> dict[str, Any]:
    if request.api == "anthropic":
        return {"id": "msg_sim", "type": "message", "role": "assistant", "model": request.model,
                "content": [{"type": "text", "text": text}], "stop_reason": "end_turn",
                "stop_sequence": None, "usage": _anthropic_usage(record)}
    return {"id": "chatcmpl-sim", "object": "chat.completion", "created": int(time.time()),
            "model": request.model,
            "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                         "message": {"role": "assistant", "content": text, "refusal": None}}],
            "usage": _openai_usage(record)}


def _sse_events(request: ParsedRequest, record: SimRequest, text: str,
                tokens_per_event: int) -> list[bytes]:
    size = max(tokens_per_event, 1) * CHARS_PER_TOKEN
    pieces = [text[i:i + size] for i in range(0, len(text), size)] or [""]
    if request.api == "anthropic":
        usage = _anthropic_usage(record)
        events = [("message_start", {"type": "message_start", "message": {
            "id": "msg_sim", "type": "message", "role": "assistant", "model": request.model,
            "content": [], "stop_reason": None, "stop_sequence": None,
            "usage": {**usage, "output_tokens": 1}}}),
            ("content_block_start", {"type": "content_block_start", "index": 0,
                                     "content_block": {"type": "text", "text": ""}})]
        events += [("content_block_delta", {"type": "content_block_delta", "index": 0,
                                             "delta": {"type": "text_delta", "text": piece}})
                   for piece in pieces]
        events += [("content_block_stop", {"type": "content_block_stop", "index": 0}),
                   ("message_delta", {"type": "message_delta",
                                      "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                                      "usage": {"output_tokens": usage["output_tokens"]}}),
                   ("message_stop", {"type": "message_stop"})]
        return [f"event: {name}\ndata: {json.dumps(data)}\n\n".encode() for name, data in events]
    base = {"id": "chatcmpl-sim", "object": "chat.completion.chunk", "created": int(time.time()),
            "model": request.model}
    chunks = [{**base, "choices": [{"index": 0, "delta": {"content": piece},
                                    "finish_reason": None}]} for piece in pieces]
    chunks.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    chunks.append({**base, "choices": [], "usage": _openai_usage(record)})
    return [f"data: {json.dumps(c)}\n\n".encode() for c in chunks] + [b"data: [DONE]\n\n"]


def _anthropic_usage(record: SimRequest) -> dict[str, int]:
    return {"input_tokens": record.input_tokens, "output_tokens": record.output_tokens,
            "cache_creation_input_tokens": record.cache_write_tokens,
            "cache_read_input_tokens": record.cache_read_tokens}


def _openai_usage(record: SimRequest) -> dict[str, Any]:
    prompt = record.input_tokens + record.cache_read_tokens + record.cache_write_tokens
    return {"prompt_tokens": prompt, "completion_tokens": record.output_tokens,
            "total_tokens": prompt + record.output_tokens,
            "prompt_tokens_details": {"cached_tokens": record.cache_read_tokens}}


def _error(api: str, status: int, kind: str, message: str) -> dict[str, Any]:
    if api == "anthropic":
        return {"type": "error", "error": {"type": kind, "message": message},
                "request_id": "req_sim"}
    return {"error": {"message": message, "type": kind, "param": None, "code": str(status)}}


@functools.lru_cache(maxsize=512)
def _answer_text(schema_json: str, system: str, user: str, profile: OutputProfile) -> str:
    """The answer to one request, remembered: answers are deterministic, and writing one (the
    essay is checked against the rubric) costs more than serving it."""
    content = RequestContent.parse(system, user)
    return json.dumps(answer(json.loads(schema_json), content, profile), ensure_ascii=False)


def _text(content: Any) -> str:
    if isinstance(content, list):  # content blocks
        return "".join(block.get("text", "") for block in content if isinstance(block, dict))
    return str(content or "")


def _tokens(text: str) -> int:
    return len(text) // CHARS_PER_TOKEN


def _key(model: str, prefix: str) -> str:
    return hashlib.sha256(f"{model}\x1f{prefix}".encode()).hexdigest()


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
