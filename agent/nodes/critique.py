"""critique: the rubric's deterministic lints plus, with a critic model, the anchored 1-5 LLM
criteria. Decides whether the essay is accepted, revised, or the loop stops (rounds or budget)."""

from __future__ import annotations

from typing import Any, Literal

from langgraph.runtime import Runtime

from agent.context import DeskContext
from agent.llm.base import LLMRequest
from agent.llm.degrade import attempt_or_fallback
from agent.state import dump, essay_of
from agent.writing.essay_prompt import essay_prefix
from agent.llm.prompting import render
from agent.schemas import (
    EDITOR_AUTHOR, CritiqueRound, JudgeDecision, JudgeResult, LeadEssay, LintViolation,
)
from agent.state import DeskState



def critique(state: DeskState, runtime: Runtime[DeskContext]) -> dict[str, Any]:
    ctx = runtime.context
    essay = essay_of(state)
    violations = lint(essay)
    editor_text = essay.generated_by == EDITOR_AUTHOR
    judged = None if editor_text or not ctx.llm.has("critic") else attempt_or_fallback(
        ctx.llm, what="the judge", instead="the lints alone gated the essay",
        attempt=lambda: judge_essay(state, essay, ctx), fallback=lambda: None)
    judge = judged.value if judged else None
    threshold = ctx.config.editorial.judge_threshold
    passed = not violations and (judge is None or judge.minimum >= threshold)
    round_no = len(state.get("critique_rounds", []))
    action = decide(passed, editor_text, state.get("revision", 0), ctx)
    ctx.report("critique", f"{len(violations)} lint violation(s); {action}")
    record = CritiqueRound(round=round_no, violations=violations, judge=judge, passed=passed,
                           action=action, judge_unavailable=judged.failure if judged else None)
    return {"critique_rounds": [dump(record)]}


def lint(essay: LeadEssay) -> list[LintViolation]:
    from agent.rubric.lints import lint_essay

    return lint_essay(essay.paragraphs, essay.byline)


def decide(passed: bool, editor_text: bool, revision: int, ctx: DeskContext) -> Literal[
        "accept", "revise", "stop_max_rounds", "stop_budget"]:
    if passed or editor_text:  # the editor's own words are checked, never rewritten
        return "accept"
    if revision >= ctx.config.editorial.max_revision_rounds:
        return "stop_max_rounds"
    if ctx.llm.budget_exhausted():
        ctx.llm.note_degradation("budget cap reached: revision rounds skipped")
        return "stop_budget"
    return "revise"


def route_after_critique(state: DeskState) -> Literal["revise", "claims"]:
    return "revise" if state["critique_rounds"][-1]["action"] == "revise" else "claims"


def judge_essay(state: DeskState, essay: LeadEssay, ctx: DeskContext) -> JudgeResult:
    recent = "\n".join(f"- {i['date']}: {i['lead_essay'][0][:300]}"
                       for i in state.get("recent_issues", []))
    request = LLMRequest(
        role="critic", node="critique", system=essay_prefix(state, ctx),
        user=render("critique.md", essay="\n\n".join(essay.paragraphs), recent=recent or "(none)"),
        max_tokens=2000,
    )
    decision = ctx.llm.call(request, JudgeDecision)
    return JudgeResult(criteria=decision.criteria, judged_by=ctx.llm.model_id("critic"))
