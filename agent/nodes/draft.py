"""draft: the lead essay — an outline, then the essay, in the house voice, from the chosen thesis,
the section essays, the storylines and two or three exemplar past issues (never today's)."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.context import DeskContext
from agent.writing import baseline
from agent.llm.base import LLMRequest
from agent.state import dump, sections_of, snapshot_of, storylines_of, thesis_of
from agent.writing.essay_prompt import essay_prefix
from agent.llm.prompting import render
from agent.schemas import EssayDraftDecision, EssayOutline, LeadEssay, SectionEssay
from agent.state import DeskState


def draft(state: DeskState, runtime: Runtime[DeskContext]) -> dict[str, Any]:
    ctx = runtime.context
    if not ctx.llm.has("writer"):
        plan = baseline_plan(state, ctx)
        essay = baseline.essay_from_plan(plan, ctx.config.editorial)
        return {"essay": dump(essay), "essay_plan": plan_to_state(plan)}
    essay = llm_essay(state, ctx)
    ctx.report("draft", f"{len(essay.paragraphs)} paragraphs")
    return {"essay": dump(essay), "essay_plan": None}


def baseline_plan(state: DeskState, ctx: DeskContext) -> baseline.EssayPlan:
    thesis = thesis_of(state)
    assert thesis is not None, "draft runs after thesis"
    plan = baseline.plan_essay(thesis.chosen, storylines_of(state), snapshot_of(state).by_id(),
                               sections_of(state))
    return baseline.fit_length(plan, ctx.config.editorial)


def plan_to_state(plan: baseline.EssayPlan) -> dict[str, Any]:
    pack = lambda paras: [[[s.text, s.item_id] for s in p] for p in paras]  # noqa: E731
    return {"paragraphs": pack(plan.paragraphs), "reserves": pack(plan.reserves)}


def plan_from_state(data: dict[str, Any]) -> baseline.EssayPlan:
    unpack = lambda paras: [[baseline.Sentence(t, i) for t, i in p] for p in paras]  # noqa: E731
    return baseline.EssayPlan(paragraphs=unpack(data["paragraphs"]),
                              reserves=unpack(data["reserves"]))


def section_digest(sections: dict[str, SectionEssay]) -> str:
    lines = []
    for name in ("wire", "labs", "papers", "benchmarks", "trending"):
        if name in sections:
            body = " ".join(sections[name].paragraphs) or ", ".join(sections[name].item_ids)
            lines.append(f"[{name}] {body}")
    return "\n".join(lines)


def llm_essay(state: DeskState, ctx: DeskContext, note: str | None = None) -> LeadEssay:
    thesis = thesis_of(state)
    assert thesis is not None, "draft runs after thesis"
    shared = dict(thesis=thesis.chosen.statement, sections=section_digest(sections_of(state)),
                  storylines="\n".join(f"- {s.label}" for s in storylines_of(state)[:8]),
                  note=note or "")
    system = essay_prefix(state, ctx)
    outline = ctx.llm.call(LLMRequest(role="writer", node="outline", system=system,
                                      user=render("outline.md", **shared), max_tokens=1200),
                           EssayOutline)
    plan = "\n".join(f"{n + 1}. {p}" for n, p in enumerate(outline.paragraph_plans))
    decision = ctx.llm.call(LLMRequest(role="writer", node="draft", system=system,
                                       user=render("essay.md", outline=plan, **shared),
                                       max_tokens=2500),
                            EssayDraftDecision)
    return LeadEssay(paragraphs=decision.paragraphs, byline=ctx.config.editorial.byline,
                     outline=outline, generated_by=ctx.llm.model_id("writer"))
