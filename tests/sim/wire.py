"""The simulator's wire formats: requests as the two APIs receive them, and response bodies, SSE
events, usage objects and error bodies exactly as Anthropic's Messages API and OpenAI's Chat
Completions API (and the OpenAI-compatible servers) send them."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any, Literal

Api = Literal["openai", "anthropic"]
CHARS_PER_TOKEN = 4
STOP = {"anthropic": "end_turn", "openai": "stop"}
CUT_OFF = {"anthropic": "max_tokens", "openai": "length"}
"""The stop reason of an answer cut at the output limit, per API."""


def tokens(text: str) -> int:
    """The simulator's tokenizer: 4 characters a token (the desk's own low estimate agrees)."""
    return len(text) // CHARS_PER_TOKEN


@dataclass
class ParsedRequest:
    api: Api
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

    @property
    def max_tokens(self) -> int | None:
        """The output limit asked for (None: the model's maximum)."""
        if self.api == "anthropic":
            value = self.body.get("max_tokens")
        else:
            value = self.body.get("max_completion_tokens") or self.body.get("max_tokens")
        return int(value) if isinstance(value, int) else None

    @property
    def effort(self) -> str | None:
        if self.api == "anthropic":
            return (self.body.get("output_config") or {}).get("effort")
        return self.body.get("reasoning_effort")

    @property
    def prompt_text(self) -> str:
        return "".join([*(text for text, _ in self.system_blocks),
                        *(text for _, text in self.messages)])

    @classmethod
    def from_body(cls, api: Api, body: dict[str, Any]) -> ParsedRequest:
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


@dataclass
class Billing:
    """One answer's tokens as the API reports them."""

    input_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    output_tokens: int = 0
    """Every output token, thinking included (both APIs bill and count them so)."""
    reasoning_tokens: int = 0


def message(request: ParsedRequest, billing: Billing, text: str, stop_reason: str
            ) -> dict[str, Any]:
    """A non-streamed answer."""
    if request.api == "anthropic":
        content = ([_thinking_block()] if billing.reasoning_tokens else [])
        content.append({"type": "text", "text": text})
        return {"id": "msg_sim", "type": "message", "role": "assistant", "model": request.model,
                "content": content, "stop_reason": stop_reason, "stop_sequence": None,
                "usage": anthropic_usage(billing)}
    return {"id": "chatcmpl-sim", "object": "chat.completion", "created": int(time.time()),
            "model": request.model,
            "choices": [{"index": 0, "finish_reason": stop_reason, "logprobs": None,
                         "message": {"role": "assistant", "content": text, "refusal": None}}],
            "usage": openai_usage(billing)}


def sse_events(request: ParsedRequest, billing: Billing, text: str, stop_reason: str,
               tokens_per_event: int) -> list[bytes]:
    """A streamed answer, one SSE event per few tokens of text."""
    size = max(tokens_per_event, 1) * CHARS_PER_TOKEN
    pieces = [text[i:i + size] for i in range(0, len(text), size)] or [""]
    if request.api == "anthropic":
        return _anthropic_events(request, billing, pieces, stop_reason)
    return _openai_chunks(request, billing, pieces, stop_reason)


def _anthropic_events(request: ParsedRequest, billing: Billing, pieces: list[str],
                      stop_reason: str) -> list[bytes]:
    usage = anthropic_usage(billing)
    events: list[tuple[str, dict[str, Any]]] = [("message_start", {
        "type": "message_start", "message": {
            "id": "msg_sim", "type": "message", "role": "assistant", "model": request.model,
            "content": [], "stop_reason": None, "stop_sequence": None,
            "usage": {**usage, "output_tokens": 1}}})]
    text_index = 0
    if billing.reasoning_tokens:  # the thinking block comes first, its text omitted
        text_index = 1
        events += [("content_block_start", {"type": "content_block_start", "index": 0,
                                            "content_block": _thinking_block()}),
                   ("content_block_stop", {"type": "content_block_stop", "index": 0})]
    events.append(("content_block_start", {"type": "content_block_start", "index": text_index,
                                           "content_block": {"type": "text", "text": ""}}))
    events += [("content_block_delta", {"type": "content_block_delta", "index": text_index,
                                         "delta": {"type": "text_delta", "text": piece}})
               for piece in pieces]
    events += [("content_block_stop", {"type": "content_block_stop", "index": text_index}),
               ("message_delta", {"type": "message_delta",
                                  "delta": {"stop_reason": stop_reason, "stop_sequence": None},
                                  "usage": {"output_tokens": usage["output_tokens"]}}),
               ("message_stop", {"type": "message_stop"})]
    return [sse(name, data) for name, data in events]


def _openai_chunks(request: ParsedRequest, billing: Billing, pieces: list[str],
                   stop_reason: str) -> list[bytes]:
    base = {"id": "chatcmpl-sim", "object": "chat.completion.chunk", "created": int(time.time()),
            "model": request.model}
    chunks = [{**base, "choices": [{"index": 0, "delta": {"content": piece},
                                    "finish_reason": None}]} for piece in pieces]
    chunks.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": stop_reason}]})
    chunks.append({**base, "choices": [], "usage": openai_usage(billing)})
    return [sse(None, chunk) for chunk in chunks] + [b"data: [DONE]\n\n"]


def stream_error_event(api: Api, kind: str, message_text: str, code: int) -> bytes:
    """An error in the middle of a 200 stream: Anthropic's ``error`` event, or the
    ``{"error": ...}`` chunk of vLLM / llama.cpp style OpenAI-compatible servers."""
    if api == "anthropic":
        return sse("error", {"type": "error", "error": {"type": kind, "message": message_text}})
    return sse(None, {"error": {"message": message_text, "type": kind, "code": code,
                                "param": None}})


def sse(event: str | None, data: dict[str, Any]) -> bytes:
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {json.dumps(data)}\n\n".encode()


def anthropic_usage(billing: Billing) -> dict[str, Any]:
    usage: dict[str, Any] = {
        "input_tokens": billing.input_tokens, "output_tokens": billing.output_tokens,
        "cache_creation_input_tokens": billing.cache_write_tokens,
        "cache_read_input_tokens": billing.cache_read_tokens}
    if billing.reasoning_tokens:
        usage["output_tokens_details"] = {"thinking_tokens": billing.reasoning_tokens}
    return usage


def openai_usage(billing: Billing) -> dict[str, Any]:
    prompt = billing.input_tokens + billing.cache_read_tokens + billing.cache_write_tokens
    return {"prompt_tokens": prompt, "completion_tokens": billing.output_tokens,
            "total_tokens": prompt + billing.output_tokens,
            "prompt_tokens_details": {"cached_tokens": billing.cache_read_tokens},
            "completion_tokens_details": {"reasoning_tokens": billing.reasoning_tokens}}


def error_body(api: Api, status: int, kind: str, message_text: str,
               param: str | None = None) -> dict[str, Any]:
    if api == "anthropic":
        return {"type": "error", "error": {"type": kind, "message": message_text},
                "request_id": "req_sim"}
    return {"error": {"message": message_text, "type": kind, "param": param,
                      "code": str(status)}}


def _thinking_block() -> dict[str, Any]:
    return {"type": "thinking", "thinking": "", "signature": "sim-signature"}


def _text(content: Any) -> str:
    if isinstance(content, list):  # content blocks
        return "".join(block.get("text", "") for block in content if isinstance(block, dict))
    return str(content or "")
