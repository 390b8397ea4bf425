"""OpenAI and OpenAI-compatible adapter (Chat Completions).

Chat Completions is the one API that both OpenAI and local servers (Ollama, vLLM, llama.cpp
server, LM Studio) implement, so one code path serves ``openai:`` and ``openai-compatible:``.
Structured output is ``response_format`` ``json_schema`` with ``strict: true``, built by the SDK's
own helper from the pydantic model. The static system blocks come first in one system message;
for OpenAI a ``prompt_cache_key`` derived from that static prefix routes calls sharing it to the
same cache (only a prefix long enough to be cached gets one). ``reasoning_effort`` is sent only to
a model that accepts it; ``max_completion_tokens`` includes the reasoning tokens, so it keeps room
for them. Streaming asks for usage in the final chunk, so results match the non-streamed call; an
``{"error": ...}`` chunk inside the stream (vLLM and llama.cpp send these) is raised by the SDK as
a plain ``APIError`` and typed by the retry policy like any other failure.

Usage is normalised to the ledger's convention: ``input_tokens`` are the uncached prompt tokens,
cache reads and writes are counted apart (OpenAI includes them in ``prompt_tokens``).
"""

from __future__ import annotations

import hashlib
from typing import Any

import httpx2
import openai
from openai.lib._parsing import type_to_response_format_param  # SDK's own, behind .parse()
from openai.types import CompletionUsage
from openai.types.chat import ChatCompletion
from pydantic import BaseModel

from agent.llm.base import (
    UNLIMITED,
    ChatModel,
    LLMRequest,
    ModelProfile,
    PromptBlock,
    RawCompletion,
    TokenCallback,
    Turn,
)
from agent.llm.base import Usage as TokenUsage
from agent.llm.retry import CallContext, Retrier, expect_api_object

OPENAI = "openai"
COMPATIBLE = "openai-compatible"
OPENAI_BASE_URL = "https://api.openai.com/v1"
KEY_ENV = "OPENAI_API_KEY"
COMPATIBLE_KEY_ENV = "OPENAI_COMPATIBLE_API_KEY"
BASE_URL_ENV = "OPENAI_BASE_URL"
COMPATIBLE_BASE_URL_ENV = "OPENAI_COMPATIBLE_BASE_URL"
NO_KEY = "not-needed"


def make_client(api_key: str | None, *, base_url: str, timeout_s: float,
                http_client: httpx2.Client | None = None) -> openai.OpenAI:
    """An SDK client with its own retries off (ours are in ``retry.py``)."""
    return openai.OpenAI(api_key=api_key or NO_KEY, base_url=base_url, max_retries=0,
                         timeout=timeout_s, http_client=http_client)


class OpenAIChatModel(ChatModel):
    def __init__(self, model: str, *, client: openai.OpenAI, retrier: Retrier,
                 provider: str = OPENAI, max_reasks: int = 2,
                 profile: ModelProfile = UNLIMITED) -> None:
        if provider not in (OPENAI, COMPATIBLE):
            raise ValueError(f"unknown OpenAI provider family {provider!r}")
        self.provider = provider
        self.model = model
        self.max_reasks = max_reasks
        self.profile = profile
        self._client = client
        self._retrier = retrier

    @property
    def fix_hint(self) -> str:
        if self.provider == OPENAI:
            return f"check {KEY_ENV}"
        return (f"check {COMPATIBLE_BASE_URL_ENV} (or {BASE_URL_ENV}) points at the server, and "
                f"set {COMPATIBLE_KEY_ENV} if it needs a key")

    def _generate(self, request: LLMRequest, schema: type[BaseModel], history: list[Turn],
                  on_token: TokenCallback | None) -> RawCompletion:
        params = self.request_params(request, schema, history)
        context = CallContext(role=request.role, node=request.node, provider=self.provider,
                              model=self.model, fix_hint=self.fix_hint)
        completion, attempts = self._retrier.call(lambda: self._send(params, on_token), context)
        return completion.model_copy(update={"attempts": attempts})

    def request_params(self, request: LLMRequest, schema: type[BaseModel],
                       history: list[Turn]) -> dict[str, Any]:
        system = "\n\n".join(block.text for block in request.system)
        params: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": "system", "content": system}]
            + [{"role": turn.role, "content": turn.content} for turn in history],
            "response_format": type_to_response_format_param(schema),
            "timeout": self._retrier.policy.call_timeout_s,
        }
        budget = self.profile.output_budget(request.max_tokens)
        if self.profile.effort:
            params["reasoning_effort"] = self.profile.effort
        if self.provider == OPENAI:
            params["max_completion_tokens"] = budget  # reasoning tokens included
            if key := prompt_cache_key(request.system, self.model, self.profile):
                params["prompt_cache_key"] = key
        else:
            # Local servers know the older name; not every one accepts max_completion_tokens.
            params["max_tokens"] = budget
        return params

    def _send(self, params: dict[str, Any], on_token: TokenCallback | None) -> RawCompletion:
        if on_token is None:
            return completion_result(expect_api_object(
                self._client.chat.completions.create(**params), ChatCompletion))
        stream = self._client.chat.completions.create(
            **params, stream=True, stream_options={"include_usage": True})
        parts: list[str] = []
        usage: CompletionUsage | None = None
        finish: str | None = None
        with stream:
            for chunk in stream:
                usage = chunk.usage or usage
                for choice in chunk.choices:
                    finish = choice.finish_reason or finish
                    if choice.delta.content:
                        parts.append(choice.delta.content)
                        on_token(choice.delta.content)
        return RawCompletion(text="".join(parts), usage=normalise_usage(usage),
                             stop_reason=finish)


def completion_result(completion: ChatCompletion) -> RawCompletion:
    choice = completion.choices[0] if completion.choices else None
    text = (choice.message.content or "") if choice else ""
    return RawCompletion(text=text, usage=normalise_usage(completion.usage),
                         stop_reason=choice.finish_reason if choice else None)


def normalise_usage(usage: CompletionUsage | None) -> TokenUsage:
    if usage is None:  # some local servers send none; the call still counts in the ledger
        return TokenUsage()
    details = usage.prompt_tokens_details
    cached = (details.cached_tokens or 0) if details else 0
    written = (details.cache_write_tokens or 0) if details else 0
    return TokenUsage(
        input_tokens=max(usage.prompt_tokens - cached - written, 0),
        output_tokens=usage.completion_tokens,
        cache_read_tokens=cached,
        cache_write_tokens=written,
    )


def prompt_cache_key(blocks: list[PromptBlock], model: str,
                     profile: ModelProfile = UNLIMITED) -> str | None:
    """A stable key for the static prefix (blocks up to the last cacheable one long enough to be
    cached), or None."""
    cached = sorted(profile.cache_breakpoints(blocks))
    if not cached:
        return None
    prefix = "\x1e".join(block.text for block in blocks[: cached[-1] + 1])
    return "desk-" + hashlib.sha256(f"{model}\x1f{prefix}".encode()).hexdigest()[:32]
