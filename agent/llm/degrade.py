"""Degrade, never stop: where a deterministic path exists (claims, the judge, a section desk), a
model call that fails after its retries gives way to it, and the run says so.

Every typed provider failure counts (``LLMError``: unavailable after retries, rejected, invalid
output after the re-asks, an answer too long to fit even when split). The router records the
degradation (run.json, the ledger's run row); the caller records the reason where the editor
reads it (a ``Problem``, or the critique round). The failed call already has its ledger row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from agent.errors import LLMError
from agent.llm.router import LLMRouter

T = TypeVar("T")


@dataclass(frozen=True)
class Attempt(Generic[T]):
    """What the model path produced, or the fallback's value and why it was needed."""

    value: T
    failure: str | None = None
    """The model's error in one line, when the fallback was used."""


def attempt_or_fallback(router: LLMRouter, *, what: str, instead: str,
                        attempt: Callable[[], T], fallback: Callable[[], T]) -> Attempt[T]:
    """``attempt()``; if its model call fails for good, ``fallback()`` and a degradation
    "``what`` failed (error type): ``instead``"."""
    try:
        return Attempt(attempt())
    except LLMError as error:
        reason = failure_line(error)
        router.note_degradation(degradation_note(what, error, instead))
        return Attempt(fallback(), reason)


def degradation_note(what: str, error: LLMError, instead: str) -> str:
    """A stable line per cause (the router keeps each distinct line once)."""
    return f"{what} failed ({type(error).__name__}): {instead}"


def failure_line(error: LLMError) -> str:
    text = str(error).strip()
    return f"{type(error).__name__}: {text.splitlines()[0] if text else 'no message'}"
