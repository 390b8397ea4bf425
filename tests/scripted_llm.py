"""A scripted fake model for tests: a queue of replies, and a record of every request.

Each queued reply is one of:

* a pydantic object or a dict: serialised to JSON (a valid answer);
* a ``str``: returned verbatim as the raw model text (use it for malformed JSON);
* an ``Exception`` instance: raised from ``_generate`` (a provider failure);
* a callable ``(request, schema) -> any of the above``: computed from the request.

Replies can also be keyed by node (``by_node={"thesis": [...]}``) so a test does not depend on the
order in which parallel section desks run.
"""

from __future__ import annotations

import json
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import BaseModel

from agent.llm.base import ChatModel, LLMRequest, RawCompletion, TokenCallback, Turn, Usage

Reply = BaseModel | dict | str | Exception | Callable[[LLMRequest, type[BaseModel]], Any]


class ScriptExhaustedError(AssertionError):
    """The code under test made more calls than the test scripted."""


class RecordedRequest(BaseModel):
    request: LLMRequest
    schema_name: str
    history: list[Turn]


class ScriptedLLM(ChatModel):
    def __init__(
        self,
        replies: Iterable[Reply] = (),
        *,
        by_node: dict[str, Iterable[Reply]] | None = None,
        provider: str = "fake",
        model: str = "scripted",
        usage: Usage | None = None,
        max_reasks: int = 2,
    ) -> None:
        self.provider = provider
        self.model = model
        self.max_reasks = max_reasks
        self._queue: deque[Reply] = deque(replies)
        self._by_node: dict[str, deque[Reply]] = defaultdict(deque)
        for node, node_replies in (by_node or {}).items():
            self._by_node[node].extend(node_replies)
        self._usage = usage or Usage(input_tokens=100, output_tokens=50)
        self.requests: list[RecordedRequest] = []

    @property
    def pending(self) -> int:
        return len(self._queue) + sum(len(q) for q in self._by_node.values())

    def _generate(
        self,
        request: LLMRequest,
        schema: type[BaseModel],
        history: list[Turn],
        on_token: TokenCallback | None,
    ) -> RawCompletion:
        self.requests.append(
            RecordedRequest(request=request, schema_name=schema.__name__, history=list(history))
        )
        queue = self._by_node.get(request.node) or self._queue
        if not queue:
            raise ScriptExhaustedError(
                f"no scripted reply left for {request.role} in node {request.node!r} "
                f"({schema.__name__})"
            )
        reply = queue.popleft()
        if callable(reply) and not isinstance(reply, (BaseModel, Exception)):
            reply = reply(request, schema)
        if isinstance(reply, Exception):
            raise reply
        text = _to_text(reply)
        if on_token is not None:
            for start in range(0, len(text), 64):
                on_token(text[start : start + 64])
        return RawCompletion(text=text, usage=self._usage.model_copy(), stop_reason="end_turn")


def _to_text(reply: Any) -> str:
    if isinstance(reply, BaseModel):
        return reply.model_dump_json()
    if isinstance(reply, dict):
        return json.dumps(reply)
    if isinstance(reply, str):
        return reply
    raise TypeError(f"unsupported scripted reply {type(reply).__name__}")
