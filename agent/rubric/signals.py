"""Deterministic signals: measurements the LLM critic sees, never gates.

A rule that a program cannot apply without sometimes flagging a published essay (a paragraph
thin on names and figures, a word a reporter may use literally) is a ``[[signals]]`` entry of
``prompts/rubric.toml``: the critique prompt shows what fired, and the critic decides whether it
costs the essay a point on the criterion the signal names.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from agent.rubric.document import EssayDocument
from agent.rubric.lints import bind_signals
from agent.rubric.rubric import Rubric, load_rubric

NO_SIGNALS = "(none: no deterministic signal fired)"


class JudgeSignal(BaseModel):
    """One signal that fired: the rubric's message plus what the check measured."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    message: str
    paragraph: int | None = None
    span: str | None = None


def judge_signals(paragraphs: list[str], *, rubric: Rubric | None = None) -> list[JudgeSignal]:
    """Every signal that fires on the essay, in rubric order."""
    doc = EssayDocument.build(paragraphs, byline=None, expected_byline="")
    return [JudgeSignal(id=v.id, message=v.message, paragraph=v.paragraph, span=v.span)
            for signal in bind_signals(rubric or load_rubric()) for v in signal.violations(doc)]


def signals_text(signals: list[JudgeSignal]) -> str:
    """The signals as the critique prompt shows them, one line each (paragraphs 1-based)."""
    if not signals:
        return NO_SIGNALS
    return "\n".join(
        f"- [{s.id}] " + (f"paragraph {s.paragraph + 1}: " if s.paragraph is not None else "")
        + s.message
        for s in signals)
