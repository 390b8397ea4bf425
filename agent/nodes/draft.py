"""draft: the lead essay — an outline, then the essay, in the house voice, from the chosen thesis,
the section essays, the storylines and two or three exemplar past issues (never today's)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from langgraph.runtime import Runtime

from agent.context import DeskContext
from agent.llm import baseline
from agent.llm.base import LLMRequest, PromptBlock
from agent.nodes._io import dump, sections_of, snapshot_of, storylines_of, thesis_of
from agent.prompting import data_block, read_prompt, render
from agent.schemas import EssayDraftDecision, EssayOutline, LeadEssay, SectionEssay
from agent.snapshot import exemplar_issues
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


def house_prefix(ctx: DeskContext, date: str) -> list[PromptBlock]:
    """Static, cacheable prefix: style guide, rubric summary, exemplar issues."""
    exemplars = exemplar_issues(ctx.archive_dir, dt.date.fromisoformat(date), limit=3)
    examples = "\n\n".join(
        f"<exemplar date=\"{e['date']}\">\n" + "\n\n".join(e["lead_essay"]) + "\n</exemplar>"
        for e in exemplars
    )
    return [PromptBlock(text=read_prompt("house_style.md")),
            PromptBlock(text=f"Published lead essays to imitate in voice (not in content):\n"
                             f"{examples}", cache=True)]


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
    snapshot = snapshot_of(state)
    shared = dict(thesis=thesis.chosen.statement, sections=section_digest(sections_of(state)),
                  storylines="\n".join(f"- {s.label}" for s in storylines_of(state)[:8]),
                  data=data_block(snapshot.items), note=note or "")
    system = house_prefix(ctx, state["date"])
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
