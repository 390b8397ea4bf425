"""The revision guard: a revision may rewrite prose, but every figure of the previous essay that a
source supports must survive it unchanged (docs/design.md §5: nothing supported is silently lost)."""

from __future__ import annotations

from collections.abc import Sequence

from agent.schemas import DaySnapshot


def _figures(text: str) -> set[tuple[str, float]]:
    from agent.claims.numbers import extract_quantities

    return {(q.unit, round(q.value, 6)) for q in extract_quantities(text)}


def supported_figures(paragraphs: Sequence[str], snapshot: DaySnapshot) -> dict[tuple[str, float], str]:
    """Figures in the essay that also occur in at least one item, with their essay wording."""
    from agent.claims.numbers import extract_quantities

    evidence: set[tuple[str, float]] = set()
    for item in snapshot.items:
        evidence |= _figures(item.evidence_text())
    found: dict[tuple[str, float], str] = {}
    for paragraph in paragraphs:
        for q in extract_quantities(paragraph):
            key = (q.unit, round(q.value, 6))
            if key in evidence:
                found.setdefault(key, q.text)
    return found


def revision_guard(before: Sequence[str], after: Sequence[str], snapshot: DaySnapshot) -> list[str]:
    """Reasons to reject ``after``: each supported figure of ``before`` that it dropped or changed."""
    kept = _figures(" ".join(after))
    return [f"revision drops or alters the supported figure {text!r}"
            for key, text in supported_figures(before, snapshot).items() if key not in kept]
