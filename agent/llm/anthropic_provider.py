"""Anthropic Messages API adapter.

Structured output uses the API's native JSON-schema format (``output_config.format``, the same
parameter ``messages.parse`` builds), sent through ``messages.create`` so the raw text comes back
for the shared loops in ``ChatModel.structured``. The system prompt is a list of text blocks;
a block marked ``PromptBlock.cache`` whose prefix reaches the model's minimum cacheable length
carries ``cache_control`` (at most four, the API's limit, so the last four); a shorter prefix is
never marked, since the API would neither write nor read it. With an ``on_token`` callback the
same request is streamed; the final text and usage are identical (a retried stream may have
shown partial text first: the callback is progress only). ``output_config.effort`` is sent only to
a model that accepts it; it bounds adaptive thinking, whose tokens count against ``max_tokens``
(``ModelProfile.output_budget`` keeps room for them).
"""

from __future__ import annotations

from typing import Any

import anthropic
import httpx2
from anthropic.types import Message, TextBlockParam
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

PROVIDER = "anthropic"
KEY_ENV = "ANTHROPIC_API_KEY"
BASE_URL_ENV = "ANTHROPIC_BASE_URL"  # a gateway or simulator; the SDK's own convention
DEFAULT_BASE_URL = "https://api.anthropic.com"
MAX_CACHE_BREAKPOINTS = 4


def make_client(api_key: str, *, timeout_s: float, base_url: str = DEFAULT_BASE_URL,
                http_client: httpx2.Client | None = None) -> anthropic.Anthropic:
    """An SDK client with its own retries off (ours are in ``retry.py``)."""
    return anthropic.Anthropic(api_key=api_key, base_url=base_url, max_retries=0,
                               timeout=timeout_s, http_client=http_client)


class AnthropicChatModel(ChatModel):
    provider = PROVIDER

    def __init__(self, model: str, *, client: anthropic.Anthropic, retrier: Retrier,
                 max_reasks: int = 2, profile: ModelProfile = UNLIMITED) -> None:
        self.model = model
        self.max_reasks = max_reasks
        self.profile = profile
        self._client = client
        self._retrier = retrier

    def _generate(self, request: LLMRequest, schema: type[BaseModel], history: list[Turn],
                  on_token: TokenCallback | None) -> RawCompletion:
        params = self.request_params(request, schema, history)
        context = CallContext(role=request.role, node=request.node, provider=self.provider,
                              model=self.model, fix_hint=f"check {KEY_ENV}")
        message, attempts = self._retrier.call(lambda: self._send(params, on_token), context)
        return RawCompletion(text=message_text(message), usage=message_usage(message),
                             stop_reason=message.stop_reason, attempts=attempts)

    def request_params(self, request: LLMRequest, schema: type[BaseModel],
                       history: list[Turn]) -> dict[str, Any]:
        output_config: dict[str, Any] = {
            "format": {"type": "json_schema", "schema": anthropic.transform_schema(schema)}}
        if self.profile.effort:
            output_config["effort"] = self.profile.effort
        return {
            "model": self.model,
            "max_tokens": self.profile.output_budget(request.max_tokens),
            "system": system_blocks(request.system, self.profile),
            "messages": [{"role": turn.role, "content": turn.content} for turn in history],
            "output_config": output_config,
            "timeout": self._retrier.policy.call_timeout_s,
        }

    def _send(self, params: dict[str, Any], on_token: TokenCallback | None) -> Message:
        if on_token is None:
            return expect_api_object(self._client.messages.create(**params), Message)
        with self._client.messages.stream(**params) as stream:
            for text in stream.text_stream:
                on_token(text)
            return stream.get_final_message()


def system_blocks(blocks: list[PromptBlock], profile: ModelProfile = UNLIMITED
                  ) -> list[TextBlockParam]:
    """System text blocks, static first, with ``cache_control`` ending each cacheable prefix."""
    marked = profile.cache_breakpoints(blocks, MAX_CACHE_BREAKPOINTS)
    result: list[TextBlockParam] = []
    for index, block in enumerate(blocks):
        param: TextBlockParam = {"type": "text", "text": block.text}
        if index in marked:
            param["cache_control"] = {"type": "ephemeral"}
        result.append(param)
    return result


def message_text(message: Message) -> str:
    return "".join(block.text for block in message.content if block.type == "text")


def message_usage(message: Message) -> TokenUsage:
    """Anthropic's input_tokens already exclude cache reads and writes."""
    usage = message.usage
    return TokenUsage(
        input_tokens=usage.input_tokens,
        output_tokens=usage.output_tokens,
        cache_read_tokens=usage.cache_read_input_tokens or 0,
        cache_write_tokens=usage.cache_creation_input_tokens or 0,
    )
