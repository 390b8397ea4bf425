"""claims: every prose sentence of the issue becomes claims, attributed to the day's items with
verbatim quotes and verified (``agent.claims.pipeline``). After an editor's edit, a notes
revision or a rework only the changed sections are re-checked; every other claim stays as it
was, byte for byte."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from typing import Any

from langgraph.runtime import Runtime

from agent.claims.pipeline import Provenance, Unit, check_units
from agent.context import DeskContext
from agent.schemas import BASELINE_AUTHOR
from agent.state import DeskState, dump, essay_of, sections_of

PROSE_SECTIONS = ("wire", "labs", "benchmarks")  # papers and trending are tables of the items


def claims(state: DeskState, runtime: Runtime[DeskContext]) -> dict[str, Any]:
    ctx = runtime.context
    stale = state.get("stale_claims")
    units = [unit for unit in prose_units(state) if stale is None or unit[0] in stale]
    checked, problems = check_units(units, ctx.snapshot(state), ctx) if units else ([], [])
    fresh = [dump(c) for c in checked]
    merged = fresh if stale is None else splice_claims(state.get("claims", []), stale, fresh)
    counts = Counter(c["status"] for c in merged)
    ctx.report("claims", f"{len(merged)} claims: {counts['supported']} supported, "
                         f"{counts['partial']} partial, {counts['unsupported']} unsupported")
    return {"claims": merged, "stale_claims": None, "problems": [dump(p) for p in problems]}


def prose_units(state: DeskState) -> list[Unit]:
    """(section, paragraphs, provenance) for the essay and every prose section.

    Provenance (the item behind each sentence) exists only for baseline text, which is extracted
    from items; model-written and editor-written text goes through the extractor.
    """
    essay = essay_of(state)
    plan = state.get("essay_plan")
    essay_provenance = (_pairs(plan["paragraphs"]) if plan and essay.generated_by == BASELINE_AUTHOR
                        else None)
    units: list[Unit] = [("essay", essay.paragraphs, essay_provenance)]
    known = state.get("section_sources", {})
    for name, section in sections_of(state).items():
        if name in PROSE_SECTIONS and section.paragraphs:
            provenance = (_pairs(known[name])
                          if section.generated_by == BASELINE_AUTHOR and known.get(name) else None)
            units.append((name, section.paragraphs, provenance))
    return units


def splice_claims(claims: list[dict[str, Any]], sections: Collection[str],
                  fresh: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Replace the claims of ``sections`` where they stood; every other claim keeps its place."""
    first = next((n for n, c in enumerate(claims) if c["section"] in sections), len(claims))
    rest = [c for c in claims[first:] if c["section"] not in sections]
    return [*claims[:first], *fresh, *rest]


def _pairs(paragraphs: list[list[list[str]]]) -> Provenance:
    return [[(text, item_id) for text, item_id in paragraph] for paragraph in paragraphs if paragraph]
