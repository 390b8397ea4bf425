"""The provider interface every LLM adapter implements.

A node never talks to an SDK. It builds an ``LLMRequest`` (static, cacheable prompt blocks first,
then the day's data) and asks the router for a pydantic object. Adapters implement one method,
``_generate``, which sends the conversation with the provider's native structured-output support
and returns the raw text plus usage. Two loops live here, once, for every provider (the scripted
fake included):

* an answer cut off at the output limit (``max_tokens`` / ``length``) is asked again once with a
  larger budget, never with the same one; if it still does not fit, ``OutputTruncatedError``
  tells the caller to split the work;
* an answer that does not validate goes back to the model with the error, within ``max_reasks``.

``LLMRequest.max_tokens`` is the *answer* budget; ``ModelProfile`` turns it into what is sent:
plus room for the thinking/reasoning tokens the model spends from the same limit, capped at the
model's maximum output.
"""

from __future__ import annotations

import json
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agent.errors import OutputTruncatedError, StructuredOutputError
from agent.llm.capabilities import ModelCapabilities, approx_tokens

Role = Literal["writer", "critic", "extractor", "verifier"]
ROLES: tuple[Role, ...] = ("writer", "critic", "extractor", "verifier")

T = TypeVar("T", bound=BaseModel)

TokenCallback = Callable[[str], None]
"""Receives text deltas while a long generation streams (progress only; never changes results)."""

TRUNCATED_STOP_REASONS = frozenset({"max_tokens", "length"})
"""Anthropic's ``stop_reason`` and OpenAI's ``finish_reason`` for an answer cut at the limit."""
BUDGET_GROWTH = 2
"""A cut-off answer is asked again once with this many times its answer budget."""


class PromptBlock(BaseModel):
    """One block of the system prompt. ``cache=True`` ends a static prefix worth caching; the
    adapter marks it only if the prefix reaches the model's minimum cacheable length."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    cache: bool = False


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    role: Literal["user", "assistant"]
    content: str


class LLMRequest(BaseModel):
    """A provider-neutral structured request. Static parts first, for every provider's cache."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: Role
    node: str
    system: list[PromptBlock]
    user: str = Field(description="The dynamic part: the day's data inside delimiters, the task.")
    max_tokens: int = 4096
    schema_name: str = ""

    def fingerprint(self, model_id: str) -> str:
        """Content address of the request, used to replay completed calls after a crash."""
        import hashlib

        payload = json.dumps(
            {"model": model_id, "system": [b.text for b in self.system], "user": self.user,
             "schema": self.schema_name, "max_tokens": self.max_tokens},
            sort_keys=True,
        )
        return hashlib.sha256(payload.encode()).hexdigest()


class Usage(BaseModel):
    model_config = ConfigDict(extra="forbid")

    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            input_tokens=self.input_tokens + other.input_tokens,
            output_tokens=self.output_tokens + other.output_tokens,
            cache_read_tokens=self.cache_read_tokens + other.cache_read_tokens,
            cache_write_tokens=self.cache_write_tokens + other.cache_write_tokens,
        )


class RawCompletion(BaseModel):
    """What one HTTP round trip produced, before validation."""

    model_config = ConfigDict(extra="forbid")

    text: str
    usage: Usage = Field(default_factory=Usage)
    stop_reason: str | None = None
    attempts: int = Field(default=1, description="Transport attempts, retries included.")

    @property
    def truncated(self) -> bool:
        return self.stop_reason in TRUNCATED_STOP_REASONS


class ModelProfile(BaseModel):
    """One model's limits as the adapters apply them: what effort is sent (None: not sent), how
    many output tokens are kept for thinking, and the model's capabilities."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    capabilities: ModelCapabilities
    effort: str | None = None
    reasoning_reserve: int = Field(default=0, ge=0)

    def output_budget(self, answer_tokens: int) -> int:
        """``max_tokens`` to send: the answer budget plus the thinking reserve, at most the
        model's maximum output."""
        return min(answer_tokens + self.reasoning_reserve, self.capabilities.max_output_tokens)

    def cache_breakpoints(self, blocks: list[PromptBlock], limit: int | None = None) -> set[int]:
        """Indices of the ``cache=True`` blocks whose prefix (every block up to and including
        it) is long enough for the provider to cache; the last ``limit`` of them."""
        ends, prefix = [], 0
        for index, block in enumerate(blocks):
            prefix += approx_tokens(block.text)
            if block.cache and prefix >= self.capabilities.min_cache_tokens:
                ends.append(index)
        return set(ends[-limit:] if limit else ends)


UNLIMITED = ModelProfile(capabilities=ModelCapabilities(
    max_output_tokens=128_000, context_window=1_000_000, min_cache_tokens=0))
"""The scripted fake's profile: nothing is capped or refused."""


class StructuredResult(BaseModel, Generic[T]):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    parsed: T
    raw_text: str
    usage: Usage
    attempts: int = Field(description="Model turns, re-asks included.")
    transport_attempts: int = 1
    latency_s: float


def reask_message(error: ValidationError | ValueError) -> str:
    return (
        "Your previous answer did not validate against the required JSON schema. "
        f"Errors:\n{error}\nAnswer again with only a JSON object that matches the schema."
    )


class ChatModel(ABC):
    """A provider adapter bound to one model. Subclasses implement ``_generate`` only."""

    provider: str
    model: str
    max_reasks: int = 2
    profile: ModelProfile = UNLIMITED

    @property
    def model_id(self) -> str:
        return f"{self.provider}:{self.model}"

    @abstractmethod
    def _generate(
        self,
        request: LLMRequest,
        schema: type[BaseModel],
        history: list[Turn],
        on_token: TokenCallback | None,
    ) -> RawCompletion:
        """Send system blocks + history (first turn is ``request.user``); return raw JSON text."""

    def structured(
        self, request: LLMRequest, schema: type[T], *, on_token: TokenCallback | None = None
    ) -> StructuredResult[T]:
        """Ask for ``schema``; re-ask with the validation error up to ``max_reasks`` times."""
        started = time.perf_counter()
        history = [Turn(role="user", content=request.user)]
        tally = _Tally()
        last_error: Exception | None = None
        for attempt in range(1, self.max_reasks + 2):
            completion = self._fitting_turn(request, schema, history, on_token, tally)
            try:
                parsed = schema.model_validate_json(_strip_fences(completion.text))
            except ValidationError as error:
                last_error = error
                history += [
                    Turn(role="assistant", content=completion.text or "(empty)"),
                    Turn(role="user", content=reask_message(error)),
                ]
                continue
            return StructuredResult[schema](  # type: ignore[valid-type]
                parsed=parsed, raw_text=completion.text, usage=tally.usage, attempts=attempt,
                transport_attempts=tally.transport_attempts,
                latency_s=time.perf_counter() - started,
            )
        raise StructuredOutputError(
            f"{self.model_id} returned invalid {schema.__name__} {self.max_reasks + 1} times "
            f"for {request.role} in {request.node}: {_first_line(last_error)}",
            attempts=self.max_reasks + 1, last_raw=tally.last_raw, role=request.role,
            model=self.model_id, usage=tally.usage.model_dump(),
        )

    def _fitting_turn(self, request: LLMRequest, schema: type[BaseModel], history: list[Turn],
                      on_token: TokenCallback | None, tally: _Tally) -> RawCompletion:
        """One model turn. Cut off at the output limit, it is sent once more with a larger
        budget (never the same ``max_tokens`` twice); still cut off, the work must be split."""
        answer = request.max_tokens
        sent: list[int] = []
        while True:
            budget = self.profile.output_budget(answer)
            if sent and budget <= sent[-1]:
                break  # already at the model's maximum: a second call could only repeat it
            sent.append(budget)
            completion = self._generate(request.model_copy(update={"max_tokens": answer}),
                                        schema, history, on_token)
            tally.add(completion)
            if not completion.truncated:
                return completion
            if len(sent) > 1:
                break
            answer *= BUDGET_GROWTH
        raise OutputTruncatedError(
            f"{self.model_id}'s {schema.__name__} for the {request.role} in {request.node} did "
            f"not fit {' or '.join(f'{b:,}' for b in sent)} output tokens (the model allows "
            f"{self.profile.capabilities.max_output_tokens:,}); the answer was cut off each time",
            budgets=sent, role=request.role, model=self.model_id, usage=tally.usage.model_dump())


class _Tally:
    """Usage and transport attempts over every turn of one structured call."""

    def __init__(self) -> None:
        self.usage = Usage()
        self.transport_attempts = 0
        self.last_raw = ""

    def add(self, completion: RawCompletion) -> None:
        self.usage = self.usage + completion.usage
        self.transport_attempts += completion.attempts
        self.last_raw = completion.text


def _strip_fences(text: str) -> str:
    """Tolerate a ```json fence around otherwise valid JSON (common with local servers)."""
    stripped = text.strip()
    if stripped.startswith("```"):
        stripped = stripped.split("\n", 1)[1] if "\n" in stripped else ""
        if stripped.rstrip().endswith("```"):
            stripped = stripped.rstrip()[:-3]
    return stripped.strip()


def _first_line(error: Exception | None) -> str:
    return str(error).splitlines()[0] if error else "no output"
