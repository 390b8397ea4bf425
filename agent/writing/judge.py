"""Judging the lead essay: the rubric's deterministic lints, the division-of-labour check (no
sentence of the lead repeats a section essay's), and the anchored 1-5 criteria from the critic
model (never on the editor's own words, which are checked, not rewritten).

A judgement must score every rubric criterion exactly once. The critic answers through a schema
whose validator checks that (``judgement_schema``), so an incomplete answer goes back to the
critic through the model adapter's structured-output re-ask with the problems listed, within
its bounded budget, and only a complete judgement ever reaches the critique loop.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import model_validator

from agent.context import DeskContext
from agent.llm.base import LLMRequest
from agent.llm.prompting import render
from agent.rubric.judgement import reask_instruction, validate_judgement
from agent.rubric.rubric import Rubric
from agent.rubric.signals import judge_signals, signals_text
from agent.schemas import JudgeDecision, JudgeResult, LeadEssay, LintViolation, SectionEssay
from agent.state import DeskState
from agent.writing.essay_prompt import essay_prefix
from agent.writing.overlap import repeated_sentences

def judgement_schema(rubric: Rubric) -> type[JudgeDecision]:
    """``JudgeDecision`` that validates only when every criterion of ``rubric`` is scored once
    (one class per rubric: the rubric loader returns the same object until the file changes)."""
    cached = _SCHEMAS.get(id(rubric))
    if cached is not None and cached[0] is rubric:
        return cached[1]

    class CompleteJudgeDecision(JudgeDecision):
        @model_validator(mode="after")
        def _every_criterion_once(self) -> CompleteJudgeDecision:
            problems = validate_judgement(self, rubric)
            if problems:
                raise ValueError(reask_instruction(problems, rubric))
            return self

    CompleteJudgeDecision.__name__ = JudgeDecision.__name__  # the same request and schema name
    _SCHEMAS[id(rubric)] = (rubric, CompleteJudgeDecision)
    return CompleteJudgeDecision


_SCHEMAS: dict[int, tuple[Rubric, type[JudgeDecision]]] = {}


def lint(essay: LeadEssay, sections: Mapping[str, SectionEssay] | None = None
         ) -> list[LintViolation]:
    """The rubric's lints, plus each lead sentence that repeats a section essay's sentence."""
    from agent.rubric.lints import lint_essay

    found = lint_essay(essay.paragraphs, essay.byline)
    prose = {name: s.paragraphs for name, s in (sections or {}).items()
             if name in ("wire", "labs", "benchmarks")}
    found += [LintViolation(id="repeats_section", scope="sentence", message=r.describe(),
                            span=r.lead, paragraph=r.paragraph)
              for r in repeated_sentences(essay.paragraphs, prose)]
    return found


def judge_essay(state: DeskState, essay: LeadEssay, ctx: DeskContext) -> JudgeResult:
    from agent.rubric.rubric import load_rubric

    recent = "\n".join(f"- {i['date']}: {i['lead_essay'][0][:300]}"
                       for i in state.get("recent_issues", []))
    request = LLMRequest(
        role="critic", node="critique", system=essay_prefix(state, ctx),
        user=render("critique.md", essay="\n\n".join(essay.paragraphs), recent=recent or "(none)",
                    signals=signals_text(judge_signals(essay.paragraphs))),
        max_tokens=2000,
    )
    decision = ctx.llm.call(request, judgement_schema(load_rubric()))
    return JudgeResult(criteria=decision.criteria, judged_by=ctx.llm.model_id("critic"))
