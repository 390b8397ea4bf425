"""The provider interface every LLM adapter implements.

A node never talks to an SDK. It builds an ``LLMRequest`` (static, cacheable prompt blocks first,
then the day's data) and asks the router for a pydantic object. Adapters implement one method,
``_generate``, which sends the conversation with the provider's native structured-output support
and returns the raw text plus usage; the re-ask loop that turns a validation error into a
corrective turn lives here, once, for every provider (the scripted fake included).
"""

from __future__ import annotations

import json
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agent.errors import StructuredOutputError

Role = Literal["writer", "critic", "extractor", "verifier"]
ROLES: tuple[Role, ...] = ("writer", "critic", "extractor", "verifier")

T = TypeVar("T", bound=BaseModel)

TokenCallback = Callable[[str], None]
"""Receives text deltas while a long generation streams (progress only; never changes results)."""


class PromptBlock(BaseModel):
    """One block of the system prompt. ``cache=True`` marks the end of a static, cacheable prefix."""

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
        usage = Usage()
        transport_attempts = 0
        last_raw = ""
        last_error: Exception | None = None
        for attempt in range(1, self.max_reasks + 2):
            completion = self._generate(request, schema, history, on_token)
            usage = usage + completion.usage
            transport_attempts += completion.attempts
            last_raw = completion.text
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
                parsed=parsed, raw_text=completion.text, usage=usage, attempts=attempt,
                transport_attempts=transport_attempts,
                latency_s=time.perf_counter() - started,
            )
        raise StructuredOutputError(
            f"{self.model_id} returned invalid {schema.__name__} {self.max_reasks + 1} times "
            f"for {request.role} in {request.node}: {_first_line(last_error)}",
            attempts=self.max_reasks + 1, last_raw=last_raw, role=request.role,
            model=self.model_id, usage=usage.model_dump(),
        )


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
