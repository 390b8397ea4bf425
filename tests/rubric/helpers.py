"""Small builders shared by the rubric tests."""

from __future__ import annotations

from agent.rubric.lints import lint_essay

THESIS = ("Amazon's $100 billion commitment to Anthropic is not an endorsement of Claude; it's a "
          "lock-in mechanism that guarantees AWS revenue while Anthropic gets the compute it needs.")


def fired(paragraphs: list[str] | str, byline: str | None = "Grant Calloway") -> set[str]:
    """Ids of the lints that fire on ``paragraphs`` (a single string is one paragraph)."""
    if isinstance(paragraphs, str):
        paragraphs = [paragraphs]
    return {violation.id for violation in lint_essay(paragraphs, byline)}


def violations_of(lint_id: str, paragraphs: list[str] | str, byline: str | None = "Grant Calloway"):
    if isinstance(paragraphs, str):
        paragraphs = [paragraphs]
    return [v for v in lint_essay(paragraphs, byline) if v.id == lint_id]


def local_fired(paragraphs: list[str] | str) -> set[str]:
    """Ids of the sentence- and paragraph-scope lints that fire (length and rhythm, which short
    test essays always fail, are left out)."""
    if isinstance(paragraphs, str):
        paragraphs = [paragraphs]
    return {v.id for v in lint_essay(paragraphs, "Grant Calloway") if v.scope != "document"}
