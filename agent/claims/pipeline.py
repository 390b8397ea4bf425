"""The claims pipeline for a set of prose units (a section's paragraphs, with the item behind
each sentence when the text was extracted from items): extract claims, attribute them to the
day's items with verbatim quotes, verify offline (numbers, entities, quotes) and, with a verifier
model, add an entailment verdict that can never turn an offline failure into a pass."""

from __future__ import annotations

import contextvars
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from agent.context import DeskContext
from agent.schemas import Claim, DaySnapshot, Problem

Provenance = list[list[tuple[str, str]]]  # per paragraph, per sentence: (sentence, item id)
Unit = tuple[str, list[str], Provenance | None]
"""(section, paragraphs, provenance)."""


def check_units(units: list[Unit], snapshot: DaySnapshot,
                ctx: DeskContext) -> tuple[list[Claim], list[Problem]]:
    """Extract and verify the claims of ``units``."""
    from agent.claims.attribute import ItemIndex

    index = ItemIndex(snapshot.items)
    problems: list[Problem] = []
    built = extract_all(units, index, ctx, problems)
    return verify(built, snapshot, index, ctx, problems), problems


def extract_all(units: list[Unit], index: Any,
                ctx: DeskContext, problems: list[Problem]) -> list[Claim]:
    """Every unit's claims, in unit order.

    The units are independent, so with an extractor model they are extracted concurrently and
    the stage costs one model call's latency (the critical path). Each thread runs in a copy of
    the task's context so the router's crash-replay scope (``current_task``) is the node's.
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


def extract_unit(section: str, paragraphs: list[str], provenance: Provenance | None,
                 index: Any, ctx: DeskContext) -> tuple[list[Claim], list[Problem]]:
    """One unit's claims, and the problems the LLM extractor recorded (dropped citations...).

    Known provenance (baseline text) is cited directly. The lead essay, where a model argues and
    compresses several facts into one sentence, goes to the extractor model for atomic claims;
    the short section essays use the deterministic sentence-level extractor, which the offline
    checks and the entailment call then verify like any other claim (two fewer model calls per
    draft, within the per-draft call and cost targets)."""
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
