"""Re-check one part of a paused draft outside the graph, with the functions the nodes use: the
claims of the changed sections (others untouched, byte for byte) and the lead essay's lints."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from agent.context import DeskContext
from agent.state import dump, snapshot_of
from agent.schemas import EDITOR_AUTHOR, CritiqueRound, LeadEssay, Problem
from agent.state import DeskState


def recheck_claims(values: DeskState, sections: Collection[str],
                   ctx: DeskContext) -> dict[str, Any]:
    """A state update: the run's claims with those of ``sections`` extracted and verified afresh
    (every other claim untouched), plus any problems the extractor or verifier recorded."""
    from agent.nodes.claims import check_units, prose_units

    units = [unit for unit in prose_units(values) if unit[0] in sections]
    fresh: list[dict[str, Any]] = []
    problems: list[Problem] = []
    if units:
        checked, problems = check_units(units, snapshot_of(values), ctx)
        fresh = [dump(claim) for claim in checked]
    update: dict[str, Any] = {"claims": splice_claims(values.get("claims", []), sections, fresh)}
    if problems:
        update["problems"] = [dump(problem) for problem in problems]
    return update


def splice_claims(claims: list[dict[str, Any]], sections: Collection[str],
                  fresh: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Replace the claims of ``sections`` where they stood; every other claim keeps its place."""
    first = next((n for n, c in enumerate(claims) if c["section"] in sections), len(claims))
    rest = [c for c in claims[first:] if c["section"] not in sections]
    return [*claims[:first], *fresh, *rest]


def essay_round(values: DeskState, essay: LeadEssay, ctx: DeskContext) -> dict[str, Any]:
    """A critique round for a regenerated or restored essay: the rubric's lints, plus the LLM
    judge when a critic is configured. It reports; it never starts a revision loop."""
    from agent.nodes.critique import judge_essay, lint

    violations = lint(essay)
    judged = ctx.llm.has("critic") and essay.generated_by != EDITOR_AUTHOR
    judge = judge_essay(values, essay, ctx) if judged else None
    threshold = ctx.config.editorial.judge_threshold
    passed = not violations and (judge is None or judge.minimum >= threshold)
    return dump(CritiqueRound(round=len(values.get("critique_rounds", [])), violations=violations,
                              judge=judge, passed=passed, action="accept"))
