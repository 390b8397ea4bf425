"""critique: the rubric's deterministic lints plus, with a critic model, the anchored 1-5 LLM
criteria. Decides whether the essay is accepted, revised, or the loop stops (rounds or budget).
Text the editor wrote or asked for (an edit, a regen, a restore) is checked and reported, never
sent back for an automatic revision."""

from __future__ import annotations

from typing import Any, Literal

from langgraph.runtime import Runtime

from agent.context import DeskContext
from agent.llm.degrade import attempt_or_fallback
from agent.schemas import EDITOR_AUTHOR, CritiqueRound
from agent.state import DeskState, dump, essay_of, pending_decision_of
from agent.writing.judge import judge_essay, lint

Action = Literal["accept", "revise", "stop_max_rounds", "stop_budget"]


def critique(state: DeskState, runtime: Runtime[DeskContext]) -> dict[str, Any]:
    ctx = runtime.context
    essay = essay_of(state)
    violations = lint(essay)
    editor_text = essay.generated_by == EDITOR_AUTHOR
    judged = None if editor_text or not ctx.llm.has("critic") else attempt_or_fallback(
        ctx.llm, what="the judge", instead="the lints alone gated the essay",
        attempt=lambda: judge_essay(state, essay, ctx), fallback=lambda: None)
    judge = judged.value if judged else None
    passed = not violations and (judge is None
                                 or judge.minimum >= ctx.config.editorial.judge_threshold)
    action = decide(passed, editor_text or _editor_asked(state), state.get("revision", 0), ctx)
    ctx.report("critique", f"{len(violations)} lint violation(s); {action}")
    record = CritiqueRound(round=len(state.get("critique_rounds", [])), violations=violations,
                           judge=judge, passed=passed, action=action,
                           judge_unavailable=judged.failure if judged else None)
    return {"critique_rounds": [dump(record)]}


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
