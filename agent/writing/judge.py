"""Judging the lead essay: the rubric's deterministic lints, plus the anchored 1-5 criteria from
the critic model (never on the editor's own words, which are checked, not rewritten)."""

from __future__ import annotations

from agent.context import DeskContext
from agent.llm.base import LLMRequest
from agent.llm.prompting import render
from agent.schemas import JudgeDecision, JudgeResult, LeadEssay, LintViolation
from agent.state import DeskState
from agent.writing.essay_prompt import essay_prefix


def lint(essay: LeadEssay) -> list[LintViolation]:
    from agent.rubric.lints import lint_essay

    return lint_essay(essay.paragraphs, essay.byline)


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
