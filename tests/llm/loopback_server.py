"""A small OpenAI-compatible Chat Completions server on 127.0.0.1, run in a thread.

It stands in for a local model server (Ollama, vLLM, llama.cpp, LM Studio) so the whole desk can
make real HTTP calls in tests and benchmarks::

    with LoopbackLLMServer({"JudgeDecision": {...}, "ThesisProposals": make_thesis}) as server:
        env["OPENAI_BASE_URL"] = server.base_url
        ...
        server.requests  # every request body received

Answers are keyed by the requested schema's name (``response_format.json_schema.name``, which the
adapter sets to the pydantic class name). An answer is a dict, a pydantic object, a raw string
(sent verbatim, e.g. to test malformed output) or a callable ``(request_body) -> any of those``. A
request for a schema without an answer gets an HTTP 400 in OpenAI's error format, naming it.
``latency_s`` (before the first byte) and ``tokens_per_s`` simulate a model's speed for benchmarks.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pydantic import BaseModel

Answer = dict[str, Any] | BaseModel | str | Callable[[dict[str, Any]], Any]
CHARS_PER_TOKEN = 4


class LoopbackLLMServer:
    def __init__(self, answers: Mapping[str, Answer] | None = None, *, latency_s: float = 0.0,
                 tokens_per_s: float | None = None) -> None:
        self.answers: dict[str, Answer] = dict(answers or {})
        self.latency_s = latency_s
        self.tokens_per_s = tokens_per_s
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def answer(self, schema_name: str, reply: Answer) -> None:
        self.answers[schema_name] = reply

    def schemas_requested(self) -> list[str]:
        with self._lock:
            return [_schema_name(body) for body in self.requests]

    def __enter__(self) -> LoopbackLLMServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def reply_for(self, body: dict[str, Any]) -> tuple[int, str]:
        """(HTTP status, content or error message) for one request body."""
        with self._lock:
            self.requests.append(body)
            answer = self.answers.get(_schema_name(body))
        if answer is None:
            return 400, f"no canned answer for schema {_schema_name(body)!r}"
        if callable(answer) and not isinstance(answer, BaseModel):
            answer = answer(body)
        if isinstance(answer, BaseModel):
            return 200, answer.model_dump_json()
        return 200, answer if isinstance(answer, str) else json.dumps(answer)


def _schema_name(body: dict[str, Any]) -> str:
    response_format = body.get("response_format") or {}
    return str((response_format.get("json_schema") or {}).get("name", ""))


def _usage(body: dict[str, Any], content: str) -> dict[str, int]:
    prompt = sum(len(str(m.get("content", ""))) for m in body.get("messages", []))
    prompt_tokens = max(prompt // CHARS_PER_TOKEN, 1)
    completion_tokens = max(len(content) // CHARS_PER_TOKEN, 1)
    return {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens}


def _handler_for(server: LoopbackLLMServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._send_json(404, _error(f"unknown path {self.path}"))
                return
            body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))))
            status, content = server.reply_for(body)
            time.sleep(server.latency_s)
            if status != 200:
                self._send_json(status, _error(content))
            elif body.get("stream"):
                self._stream(body, content)
            else:
                self._pace(content)
                self._send_json(200, _completion(body, content))

        def _stream(self, body: dict[str, Any], content: str) -> None:
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.send_header("connection", "close")
            self.end_headers()
            pieces = [content[i:i + 16] for i in range(0, len(content), 16)]
            for chunk in _chunks(body, pieces, _usage(body, content)):
                self._pace(pieces[0] if pieces else "")
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
            self.wfile.write(b"data: [DONE]\n\n")
            self.close_connection = True

        def _pace(self, text: str) -> None:
            if server.tokens_per_s:
                time.sleep(len(text) / CHARS_PER_TOKEN / server.tokens_per_s)

        def _send_json(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            """Silence the per-request stderr line."""

    return Handler


def _completion(body: dict[str, Any], content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-loopback", "object": "chat.completion", "created": int(time.time()),
        "model": body.get("model", "loopback"),
        "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                     "message": {"role": "assistant", "content": content, "refusal": None}}],
        "usage": _usage(body, content),
    }


def _chunks(body: dict[str, Any], pieces: list[str], usage: dict[str, int]
            ) -> list[dict[str, Any]]:
    base = {"id": "chatcmpl-loopback", "object": "chat.completion.chunk",
            "created": int(time.time()), "model": body.get("model", "loopback")}
    chunks = [{**base, "choices": [{"index": 0, "delta": {"content": piece},
                                    "finish_reason": None}]} for piece in pieces]
    chunks.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    chunks.append({**base, "choices": [], "usage": usage})
    return chunks


def _error(message: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": "invalid_request_error", "param": None,
                      "code": None}}
