"""Scripted HTTP for the real SDK clients: ``httpx2.MockTransport`` with bodies in each API's real
JSON (and SSE) format. The SDKs send through httpx2, so respx cannot see them.

``ScriptedAPI`` answers requests from a queue of replies (an ``httpx2.Response``, an exception to
raise from the transport, or a callable ``(request_json) -> Response``) and records every request.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

import anthropic
import httpx2
import openai

FAKE_ANTHROPIC_KEY = "sk-ant-FAKE-anthropic-7f3a9c1e5b"
FAKE_OPENAI_KEY = "sk-proj-FAKE-openai-2d8e4b6a0c"
FAKE_COMPATIBLE_KEY = "local-FAKE-compatible-93b1f0"

Reply = httpx2.Response | Exception | Callable[[dict[str, Any]], httpx2.Response]


class ScriptedAPI:
    def __init__(self, *replies: Reply) -> None:
        self.replies: deque[Reply] = deque(replies)
        self.requests: list[httpx2.Request] = []

    def add(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    @property
    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(request.content) for request in self.requests]

    def handler(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        if not self.replies:
            raise AssertionError(f"unscripted request to {request.url}")
        reply = self.replies.popleft()
        if isinstance(reply, Exception):
            raise reply
        if callable(reply):
            return reply(json.loads(request.content))
        return reply

    def http_client(self) -> httpx2.Client:
        return httpx2.Client(transport=httpx2.MockTransport(self.handler))

    def anthropic_client(self, key: str = FAKE_ANTHROPIC_KEY) -> anthropic.Anthropic:
        return anthropic.Anthropic(api_key=key, max_retries=0, http_client=self.http_client())

    def openai_client(self, key: str = FAKE_OPENAI_KEY,
                      base_url: str = "https://api.openai.com/v1") -> openai.OpenAI:
        return openai.OpenAI(api_key=key, base_url=base_url, max_retries=0,
                             http_client=self.http_client())


# -- Anthropic Messages API ----------------------------------------------------------------------
def anthropic_usage(input_tokens: int = 1200, output_tokens: int = 300, cache_write: int = 0,
                    cache_read: int = 0) -> dict[str, int]:
    return {"input_tokens": input_tokens, "output_tokens": output_tokens,
            "cache_creation_input_tokens": cache_write, "cache_read_input_tokens": cache_read}


def anthropic_message(text: str, *, model: str = "claude-sonnet-5-5",
                      usage: dict[str, int] | None = None,
                      stop_reason: str = "end_turn") -> httpx2.Response:
    return httpx2.Response(200, json={
        "id": "msg_01FAKE", "type": "message", "role": "assistant", "model": model,
        "content": [{"type": "text", "text": text}],
        "stop_reason": stop_reason, "stop_sequence": None,
        "usage": usage or anthropic_usage(),
    })


def anthropic_stream(text: str, *, model: str = "claude-sonnet-5-5",
                     usage: dict[str, int] | None = None, pieces: int = 4,
                     stop_reason: str = "end_turn") -> httpx2.Response:
    events = _anthropic_events(text, model=model, usage=usage or anthropic_usage(),
                               pieces=pieces, stop_reason=stop_reason)
    return _sse_response(f"event: {name}\ndata: {json.dumps(data)}\n\n" for name, data in events)


def anthropic_stream_error(partial: str, kind: str = "overloaded_error",
                           message: str = "Overloaded") -> httpx2.Response:
    """A 200 stream that starts answering, then sends Anthropic's SSE ``error`` event."""
    events = _anthropic_events(partial, model="claude-sonnet-5-5", usage=anthropic_usage(),
                               pieces=2, stop_reason="end_turn")[:4]
    events.append(("error", {"type": "error", "error": {"type": kind, "message": message}}))
    return _sse_response(f"event: {name}\ndata: {json.dumps(data)}\n\n" for name, data in events)


def _anthropic_events(text: str, *, model: str, usage: dict[str, int], pieces: int,
                      stop_reason: str) -> list[tuple[str, dict[str, Any]]]:
    start_usage = {**usage, "output_tokens": 1}
    size = max(len(text) // pieces, 1)
    deltas = [text[i:i + size] for i in range(0, len(text), size)]
    return [
        ("message_start", {"type": "message_start", "message": {
            "id": "msg_01FAKE", "type": "message", "role": "assistant", "model": model,
            "content": [], "stop_reason": None, "stop_sequence": None, "usage": start_usage}}),
        ("content_block_start", {"type": "content_block_start", "index": 0,
                                 "content_block": {"type": "text", "text": ""}}),
        *[("content_block_delta", {"type": "content_block_delta", "index": 0,
                                   "delta": {"type": "text_delta", "text": d}}) for d in deltas],
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        ("message_delta", {"type": "message_delta",
                           "delta": {"stop_reason": stop_reason, "stop_sequence": None},
                           "usage": {"output_tokens": usage["output_tokens"]}}),
        ("message_stop", {"type": "message_stop"}),
    ]


def _sse_response(events: Iterable[str]) -> httpx2.Response:
    return httpx2.Response(200, headers={"content-type": "text/event-stream"},
                           content="".join(events).encode())


def anthropic_error(status: int, kind: str, message: str,
                    headers: dict[str, str] | None = None) -> httpx2.Response:
    return httpx2.Response(status, headers=headers or {}, json={
        "type": "error", "error": {"type": kind, "message": message},
        "request_id": "req_01FAKE"})


# -- OpenAI Chat Completions ---------------------------------------------------------------------
def openai_usage(prompt_tokens: int = 1500, completion_tokens: int = 250, cached: int = 0,
                 cache_write: int = 0) -> dict[str, Any]:
    return {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
            "prompt_tokens_details": {"cached_tokens": cached, "cache_write_tokens": cache_write,
                                      "audio_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
                                          "accepted_prediction_tokens": 0,
                                          "rejected_prediction_tokens": 0}}


def openai_completion(text: str, *, model: str = "gpt-6.2-sol",
                      usage: dict[str, Any] | None = None,
                      finish_reason: str = "stop") -> httpx2.Response:
    return httpx2.Response(200, json={
        "id": "chatcmpl-FAKE", "object": "chat.completion", "created": 1776800000,
        "model": model, "system_fingerprint": "fp_fake",
        "choices": [{"index": 0, "finish_reason": finish_reason, "logprobs": None,
                     "message": {"role": "assistant", "content": text, "refusal": None}}],
        "usage": usage or openai_usage(),
    })


def openai_stream(text: str, *, model: str = "gpt-6.2-sol", usage: dict[str, Any] | None = None,
                  pieces: int = 4, finish_reason: str = "stop") -> httpx2.Response:
    chunks = [*_openai_deltas(text, model, pieces),
              {**_chunk_base(model),
               "choices": [{"index": 0, "delta": {}, "finish_reason": finish_reason}]},
              {**_chunk_base(model), "choices": [], "usage": usage or openai_usage()}]
    return _sse_response([*(f"data: {json.dumps(chunk)}\n\n" for chunk in chunks),
                          "data: [DONE]\n\n"])


def openai_stream_error(partial: str, error: dict[str, Any], *,
                        model: str = "llama3.1") -> httpx2.Response:
    """A 200 stream that starts answering, then sends an ``{"error": ...}`` chunk, as vLLM and
    llama.cpp do when generation fails midway (``error`` is the inner object)."""
    chunks = [*_openai_deltas(partial, model, 2), {"error": error}]
    return _sse_response(f"data: {json.dumps(chunk)}\n\n" for chunk in chunks)


def _chunk_base(model: str) -> dict[str, Any]:
    return {"id": "chatcmpl-FAKE", "object": "chat.completion.chunk", "created": 1776800000,
            "model": model}


def _openai_deltas(text: str, model: str, pieces: int) -> list[dict[str, Any]]:
    size = max(len(text) // pieces, 1)
    chunks = [{**_chunk_base(model), "choices": [{
        "index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]}]
    return chunks + [{**_chunk_base(model), "choices": [{
        "index": 0, "delta": {"content": text[i:i + size]}, "finish_reason": None}]}
        for i in range(0, len(text), size)]


def openai_error(status: int, kind: str, message: str,
                 headers: dict[str, str] | None = None) -> httpx2.Response:
    return httpx2.Response(status, headers=headers or {}, json={
        "error": {"message": message, "type": kind, "param": None, "code": None}})
