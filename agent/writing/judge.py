"""Judging the lead essay: the rubric's deterministic lints, the division-of-labour check (no
sentence of the lead repeats a section essay's), and the anchored 1-5 criteria from the critic
model (never on the editor's own words, which are checked, not rewritten).

A judgement must score every rubric criterion exactly once. The critic answers through a schema
whose validator checks that (``judgement_schema``), so an incomplete answer goes back to the
critic through the model adapter's structured-output re-ask with the problems listed, within
its bounded budget, and only a complete judgement ever reaches the critique loop.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Protocol

from pydantic import model_validator

from agent.context import DeskContext
from agent.llm.base import LLMRequest
from agent.llm.prompting import render
from agent.schemas import JudgeDecision, JudgeResult, LeadEssay, LintViolation, SectionEssay
from agent.state import DeskState
from agent.writing.essay_prompt import essay_prefix
from agent.writing.overlap import repeated_sentences

SCORES = range(1, 6)


class _Rubric(Protocol):
    @property
    def criteria(self) -> list: ...  # objects with an ``id``


def validate_judgement(decision: JudgeDecision, rubric: _Rubric) -> list[str]:
    """Every problem with ``decision`` against ``rubric``; empty when it is complete.

    Local check with the contract of ``agent.rubric.judgement.validate_judgement`` (the rubric
    owns that function; this one is replaced by it when both land): a criterion not scored, an
    id the rubric does not define, an id scored twice, a score off the 1-5 scale.
    """
    expected = [criterion.id for criterion in rubric.criteria]
    counts = Counter(scored.id for scored in decision.criteria)
    problems = [f"missing criterion {i!r}" for i in expected if i not in counts]
    problems += [f"unknown criterion {i!r}" for i in counts if i not in expected]
    problems += [f"criterion {i!r} is scored {n} times" for i, n in counts.items() if n > 1]
    problems += [f"criterion {s.id!r} has score {s.score}" for s in decision.criteria
                 if s.score not in SCORES]
    return problems


def judgement_schema(rubric: _Rubric) -> type[JudgeDecision]:
    """``JudgeDecision`` that validates only when every criterion of ``rubric`` is scored once
    (one class per rubric: the rubric loader returns the same object until the file changes)."""
    cached = _SCHEMAS.get(id(rubric))
    if cached is not None and cached[0] is rubric:
        return cached[1]
    ids = ", ".join(criterion.id for criterion in rubric.criteria)

    class CompleteJudgeDecision(JudgeDecision):
        @model_validator(mode="after")
        def _every_criterion_once(self) -> CompleteJudgeDecision:
            problems = validate_judgement(self, rubric)
            if problems:
                raise ValueError("incomplete judgement: " + "; ".join(problems) + ". Return "
                                 f"every criterion exactly once ({ids}), each with its reasons "
                                 "and a score from 1 to 5.")
            return self

    CompleteJudgeDecision.__name__ = JudgeDecision.__name__  # the same request and schema name
    _SCHEMAS[id(rubric)] = (rubric, CompleteJudgeDecision)
    return CompleteJudgeDecision


_SCHEMAS: dict[int, tuple[_Rubric, type[JudgeDecision]]] = {}


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
        user=render("critique.md", essay="\n\n".join(essay.paragraphs), recent=recent or "(none)"),
        max_tokens=2000,
    )
    decision = ctx.llm.call(request, judgement_schema(load_rubric()))
    return JudgeResult(criteria=decision.criteria, judged_by=ctx.llm.model_id("critic"))
