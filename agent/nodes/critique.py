"""critique: the rubric's deterministic lints, the division-of-labour check and, with a critic
model, the anchored 1-5 LLM criteria. Decides whether the essay is accepted, revised, or the loop
stops (rounds or budget); a loop that stops unaccepted keeps the best-scoring essay of its
rounds, not merely the last. Text the editor wrote or asked for (an edit, a regen, a restore) is
checked and reported, never sent back for an automatic revision."""

from __future__ import annotations

from typing import Any, Literal

from langgraph.runtime import Runtime

from agent.context import DeskContext
from agent.llm.degrade import attempt_or_fallback
from agent.nodes.versions import new_version
from agent.schemas import EDITOR_AUTHOR, CritiqueRound, JudgeResult, LeadEssay
from agent.state import DeskState, dump, essay_of, pending_decision_of, sections_of, versions_of
from agent.writing.judge import judge_essay, lint

Action = Literal["accept", "revise", "stop_max_rounds", "stop_budget"]


def critique(state: DeskState, runtime: Runtime[DeskContext]) -> dict[str, Any]:
    ctx = runtime.context
    essay = essay_of(state)
    violations = lint(essay, sections_of(state))
    editor_text = essay.generated_by == EDITOR_AUTHOR
    judged = None if editor_text or not ctx.llm.has("critic") else attempt_or_fallback(
        ctx.llm, what="the judge", instead="the lints alone gated the essay",
        attempt=lambda: _judgement(state, essay, ctx), fallback=lambda: None)
    judge = judged.value if judged else None
    passed = not violations and (judge is None
                                 or judge.minimum >= ctx.config.editorial.judge_threshold)
    action = decide(passed, editor_text or _editor_asked(state), state.get("revision", 0), ctx)
    ctx.report("critique", f"{len(violations)} lint violation(s); {action}")
    record = CritiqueRound(round=len(state.get("critique_rounds", [])), violations=violations,
                           judge=judge, passed=passed, action=action,
                           judge_unavailable=judged.failure if judged else None,
                           essay_version=essay.version)
    if action in ("stop_max_rounds", "stop_budget"):
        return keep_best(state, record, ctx)
    return {"critique_rounds": [dump(record)]}


def _judgement(state: DeskState, essay: LeadEssay, ctx: DeskContext) -> JudgeResult:
    """The critic's scores; the essay the last round judged, kept because the guard rejected
    its revision, keeps that judgement instead of paying for the same call again."""
    rounds = state.get("critique_rounds", [])
    last = CritiqueRound.model_validate(rounds[-1]) if rounds and state.get("revision") else None
    if last is not None and last.judge is not None and last.essay_version == essay.version:
        return last.judge
    return judge_essay(state, essay, ctx)


def keep_best(state: DeskState, record: CritiqueRound, ctx: DeskContext) -> dict[str, Any]:
    """The loop stopped unaccepted: the best-scoring essay of this loop's rounds stands."""
    revisions = state.get("revision", 0)  # the rounds of this loop before ``record``
    earlier = state.get("critique_rounds", [])[-revisions:] if revisions else []
    loop = [*(CritiqueRound.model_validate(r) for r in earlier), record]
    best = max(reversed(loop), key=CritiqueRound.rank)  # ties: the latest
    stored = next((v for v in reversed(versions_of(state, "essay"))
                   if v.content.get("version") == best.essay_version), None)
    kept = record.model_copy(update={"kept_round": best.round})
    if best is record or stored is None:
        return {"critique_rounds": [dump(kept)]}
    current = essay_of(state)
    essay = LeadEssay.model_validate(stored.content).model_copy(
        update={"version": current.version + 1})
    ctx.report("critique", f"kept the essay of round {best.round}: it scored best")
    return {"critique_rounds": [dump(kept)], "essay": dump(essay),
            "essay_plan": stored.provenance,
            "versions": new_version(state, "essay", dump(essay),
                                    origin=f"best of rounds (round {best.round})",
                                    provenance=stored.provenance)}


def _editor_asked(state: DeskState) -> bool:
    decision = pending_decision_of(state)
    return decision is not None and decision.type in ("regen", "restore")


def decide(passed: bool, editor_owned: bool, revision: int, ctx: DeskContext) -> Action:
    if passed or editor_owned:
        return "accept"
    if revision >= ctx.config.editorial.max_revision_rounds:
        return "stop_max_rounds"
    if ctx.llm.enforce_budget():
        ctx.llm.note_degradation("budget cap reached: revision rounds skipped")
        return "stop_budget"
    return "revise"


def route_after_critique(state: DeskState) -> Literal["revise", "claims"]:
    return "revise" if state["critique_rounds"][-1]["action"] == "revise" else "claims"
