"""Small builders shared by the rubric tests."""

from __future__ import annotations

from agent.rubric.lints import lint_essay


def fired(paragraphs: list[str] | str, byline: str | None = "Grant Calloway") -> set[str]:
    """Ids of the lints that fire on ``paragraphs`` (a single string is one paragraph)."""
    if isinstance(paragraphs, str):
        paragraphs = [paragraphs]
    return {violation.id for violation in lint_essay(paragraphs, byline)}


def violations_of(lint_id: str, paragraphs: list[str] | str, byline: str | None = "Grant Calloway"):
    if isinstance(paragraphs, str):
        paragraphs = [paragraphs]
    return [v for v in lint_essay(paragraphs, byline) if v.id == lint_id]
