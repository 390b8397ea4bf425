"""claims: every prose sentence of the issue becomes claims, attributed to the day's items with
verbatim quotes and verified offline (numbers, entities, quotes); with a verifier model an
entailment verdict is added, which can never turn an offline failure into a pass."""

from __future__ import annotations

import contextvars
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from langgraph.runtime import Runtime

from agent.context import DeskContext
from agent.state import dump, essay_of, sections_of, snapshot_of
from agent.schemas import BASELINE_AUTHOR, Claim, DaySnapshot, Problem
from agent.state import DeskState

PROSE_SECTIONS = ("wire", "labs", "benchmarks")  # papers and trending are tables of the items
Provenance = list[list[tuple[str, str]]]  # per paragraph, per sentence: (sentence, item id)


def claims(state: DeskState, runtime: Runtime[DeskContext]) -> dict[str, Any]:
    ctx = runtime.context
    checked, problems = check_units(prose_units(state), snapshot_of(state), ctx)
    counts = {s: sum(1 for c in checked if c.status == s) for s in ("supported", "unsupported")}
    ctx.report("claims", f"{len(checked)} claims: {counts['supported']} supported, "
                         f"{counts['unsupported']} unsupported")
    return {"claims": [dump(c) for c in checked], "problems": [dump(p) for p in problems]}


def check_units(units: list[tuple[str, list[str], Provenance | None]], snapshot: DaySnapshot,
                ctx: DeskContext) -> tuple[list[Claim], list[Problem]]:
    """Extract and verify the claims of ``units``; also used by ``desk regen`` for one section."""
    from agent.claims.attribute import ItemIndex

    index = ItemIndex(snapshot.items)
    problems: list[Problem] = []
    built = extract_all(units, index, ctx, problems)
    return verify(built, snapshot, index, ctx, problems), problems


def extract_all(units: list[tuple[str, list[str], Provenance | None]], index: Any,
                ctx: DeskContext, problems: list[Problem]) -> list[Claim]:
    """Every unit's claims, in unit order.

    The units are independent, so with an extractor model they are extracted concurrently and
    the stage costs one model call's latency (DESIGN §7 critical path). Each thread runs in a copy of the task's context so the
    router's crash-replay scope (``current_task``) is the node's.
    """
    if not ctx.llm.has("extractor") or len(units) < 2:
        results = [extract_unit(*unit, index, ctx) for unit in units]
    else:
        with ThreadPoolExecutor(max_workers=len(units), thread_name_prefix="claims") as pool:
            futures = [pool.submit(contextvars.copy_context().run, extract_unit, *unit, index, ctx)
                       for unit in units]
            results = [future.result() for future in futures]
    for _, unit_problems in results:
        problems.extend(unit_problems)
    return [claim for unit_claims, _ in results for claim in unit_claims]


def prose_units(state: DeskState) -> list[tuple[str, list[str], Provenance | None]]:
    """(section, paragraphs, provenance) for the essay and every prose section.

    Provenance (the item behind each sentence) exists only for baseline text, which is extracted
    from items; model-written and editor-written text goes through the extractor.
    """
    essay = essay_of(state)
    plan = state.get("essay_plan")
    essay_provenance = (_pairs(plan["paragraphs"]) if plan and essay.generated_by == BASELINE_AUTHOR
                        else None)
    units: list[tuple[str, list[str], Provenance | None]] = [
        ("essay", essay.paragraphs, essay_provenance)]
    known = state.get("section_sources", {})
    for name, section in sections_of(state).items():
        if name in PROSE_SECTIONS and section.paragraphs:
            provenance = _pairs(known[name]) if section.generated_by == BASELINE_AUTHOR and known.get(name) else None
            units.append((name, section.paragraphs, provenance))
    return units


def _pairs(paragraphs: list[list[list[str]]]) -> Provenance:
    return [[(text, item_id) for text, item_id in paragraph] for paragraph in paragraphs if paragraph]


def extract_unit(section: str, paragraphs: list[str], provenance: Provenance | None,
                 index: Any, ctx: DeskContext) -> tuple[list[Claim], list[Problem]]:
    """One unit's claims, and the problems the LLM extractor recorded (dropped citations...).

    Known provenance (baseline text) is cited directly. The lead essay, where a model argues and
    compresses several facts into one sentence, goes to the extractor model for atomic claims;
    the short section essays use the deterministic sentence-level extractor, which the offline
    checks and the entailment call then verify like any other claim (two fewer model calls per
    draft, within DESIGN §7's call and cost targets)."""
    from agent.claims.extract import claims_from_known_sources, extract_claims

    if provenance is not None:
        items = {item.id: item for item in index.items}
        return claims_from_known_sources(section, provenance, items, id_prefix=section,
                                         index=index), []
    if section == "essay" and ctx.llm.has("extractor"):
        from agent.claims.llm_extract import llm_extract_claims

        result = llm_extract_claims(ctx.llm, section, paragraphs, index, id_prefix=section)
        return result.claims, result.problems
    return extract_claims(section, paragraphs, index, id_prefix=section), []


def verify(claims: list[Claim], snapshot: DaySnapshot, index: Any, ctx: DeskContext,
           problems: list[Problem]) -> list[Claim]:
    from agent.claims.verify import verify_claims

    checked = verify_claims(claims, snapshot, index=index)
    if ctx.llm.has("verifier"):
        from agent.claims.entail import verify_with_llm

        checked = verify_with_llm(ctx.llm, checked, snapshot.by_id(), problems=problems)
    return checked
