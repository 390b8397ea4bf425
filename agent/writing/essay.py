"""The lead essay: an outline, then the essay, in the house voice, from the chosen thesis, the
section essays, the storylines and past issues published before the day; revisions against what
failed (lints, judge criteria, the editor's notes); and the baseline writer's plan of extracted
sentences with its provenance (which item each sentence came from)."""

from __future__ import annotations

from typing import Any

from agent.context import DeskContext
from agent.llm.base import LLMRequest
from agent.llm.prompting import render
from agent.schemas import (
    BASELINE_AUTHOR, BenchmarkRow, CritiqueRound, EssayDraftDecision, EssayOutline, ItemBase,
    LeadEssay, RepoItem, RevisionDecision, SectionEssay,
)
from agent.state import DeskState, sections_of, storylines_of, thesis_of
from agent.writing import baseline
from agent.writing.essay_prompt import essay_prefix


def baseline_plan(state: DeskState, ctx: DeskContext) -> baseline.EssayPlan:
    thesis = thesis_of(state)
    assert thesis is not None, "the essay is drafted after the thesis"
    items = ctx.snapshot(state).by_id()
    plan = baseline.plan_essay(thesis.chosen, storylines_of(state), items, sections_of(state))
    return baseline.fit_length(plan, ctx.config.editorial, items)


def plan_to_state(plan: baseline.EssayPlan) -> dict[str, Any]:
    pack = lambda paras: [[[s.text, s.item_id] for s in p] for p in paras]  # noqa: E731
    return {"paragraphs": pack(plan.paragraphs), "reserves": pack(plan.reserves)}


def plan_from_state(data: dict[str, Any]) -> baseline.EssayPlan:
    unpack = lambda paras: [[baseline.Sentence(t, i) for t, i in p] for p in paras]  # noqa: E731
    return baseline.EssayPlan(paragraphs=unpack(data["paragraphs"]),
                              reserves=unpack(data["reserves"]))


def section_digest(sections: dict[str, SectionEssay], items: dict[str, ItemBase]) -> str:
    """What the section desks produced, with the specifics the essay may use: each section
    essay's text, the papers with the desk's reason for each pick, the benchmark movers with
    their score changes, and the trending repositories with their stars today."""
    parts = []
    for name in ("wire", "labs"):
        if name in sections and sections[name].paragraphs:
            parts.append(f"[{name} section essay] " + " ".join(sections[name].paragraphs))
    if "papers" in sections:
        picks = sections["papers"]
        parts += ["[papers picked by the papers desk]", *(
            f"- {i}: {items[i].title} — why: {picks.selection_reasons.get(i, 'not given')}"
            for i in picks.item_ids if i in items)]
    if "benchmarks" in sections:
        rows = [items[i] for i in sections["benchmarks"].item_ids if isinstance(items.get(i),
                                                                                BenchmarkRow)]
        moved = [_movement(r) for r in rows if r.previous_rank and r.previous_rank != r.rank]
        parts += ["[benchmark movers since the previous snapshot]", *(moved or ["- none"])]
    if "trending" in sections:
        repos = [items[i] for i in sections["trending"].item_ids if isinstance(items.get(i),
                                                                               RepoItem)]
        parts += ["[trending repositories]", *(
            f"- {r.full_name} (+{r.stars_today or 0:,} stars today): {r.description}"
            for r in repos)]
    return "\n".join(parts)


def _movement(row: BenchmarkRow) -> str:
    board = "SWE-rebench" if row.board == "swe_rebench" else "Artificial Analysis"
    change = (f"; score {row.score:g}, previously {row.previous_score:g} (change "
              f"{row.score - row.previous_score:+.1f}, derived: say it as 'from X to Y')"
              if row.previous_score is not None else f"; score {row.score:g}")
    return f"- {row.model}: rank {row.previous_rank} -> {row.rank} on {board}{change}"


def storyline_digest(state: DeskState) -> str:
    return "\n".join(f"- {s.label} (items: {', '.join(s.item_ids[:4])})"
                     for s in storylines_of(state)[:8])


def llm_essay(state: DeskState, ctx: DeskContext, note: str | None = None) -> LeadEssay:
    thesis = thesis_of(state)
    assert thesis is not None, "the essay is drafted after the thesis"
    items = ctx.snapshot(state).by_id()
    shared = dict(thesis=thesis.chosen.statement,
                  sections=section_digest(sections_of(state), items),
                  storylines=storyline_digest(state), note=note or "")
    decision = ctx.llm.call(LLMRequest(role="writer", node="draft",
                                       system=essay_prefix(state, ctx),
                                       user=render("essay.md", **shared), max_tokens=3500),
                            EssayDraftDecision)
    outline = EssayOutline(reasoning=decision.reasoning, paragraph_plans=decision.paragraph_plans)
    return LeadEssay(paragraphs=decision.paragraphs, byline=ctx.config.editorial.byline,
                     outline=outline, generated_by=ctx.llm.model_id("writer"))


def redraft(state: DeskState, ctx: DeskContext,
            note: str | None) -> tuple[LeadEssay, dict[str, Any] | None]:
    """A new essay from the current thesis and sections (and its baseline plan, if any)."""
    version = LeadEssay.model_validate(state["essay"]).version + 1 if state.get("essay") else 1
    if ctx.llm.has("writer"):
        essay = llm_essay(state, ctx, note=note)
        return essay.model_copy(update={"version": version}), None
    plan = baseline_plan(state, ctx)
    return baseline.essay_from_plan(plan, ctx.config.editorial, version), plan_to_state(plan)


def failed_targets(last: CritiqueRound, threshold: int) -> list[str]:
    """Each lint finding, and each criterion the judge scored below the accept threshold."""
    targets = [f"{v.id}: {v.message}" + (f" ({v.span!r})" if v.span else "")
               for v in last.violations]
    if last.judge is not None:
        targets += [f"{c.id} scored {c.score}: {c.reasons}" for c in last.judge.criteria
                    if c.score < threshold]
    return targets


def loop_rounds(state: DeskState) -> list[CritiqueRound]:
    """The critique rounds of the current revision loop (an editor's action starts a new one)."""
    rounds = [CritiqueRound.model_validate(r) for r in state.get("critique_rounds", [])]
    return rounds[-(state.get("revision", 0) + 1):]


def round_history(rounds: list[CritiqueRound]) -> str:
    """Each round's lint findings and judge scores with reasons, for the reviser."""
    lines = []
    for r in rounds:
        lints = ", ".join(dict.fromkeys(v.id for v in r.violations)) or "none"
        judged = ("; ".join(f"{c.id} {c.score}/5: {c.reasons}" for c in r.judge.criteria)
                  if r.judge else "not judged")
        lines.append(f"- round {r.round} (essay v{r.essay_version}): lint findings: {lints}. "
                     f"Judge: {judged}")
    return "\n".join(lines)


def llm_revision(state: DeskState, ctx: DeskContext, current: LeadEssay,
                 targets: list[str], history: str = "") -> LeadEssay:
    request = LLMRequest(
        role="writer", node="revise", system=essay_prefix(state, ctx),
        user=render("revise.md", essay="\n\n".join(current.paragraphs),
                    targets="\n".join(f"- {t}" for t in targets), history=history),
        max_tokens=2500,
    )
    decision = ctx.llm.call(request, RevisionDecision)
    return current.model_copy(update={"paragraphs": decision.paragraphs,
                                      "version": current.version + 1,
                                      "generated_by": ctx.llm.model_id("writer")})


def baseline_repair(state: DeskState, ctx: DeskContext, current: LeadEssay,
                    last: CritiqueRound) -> tuple[LeadEssay, dict[str, Any] | None]:
    """The baseline drops the sentences a lint objected to and refills from its reserve."""
    if not state.get("essay_plan"):
        return current.model_copy(update={"version": current.version + 1}), None
    plan = plan_from_state(state["essay_plan"])  # type: ignore[arg-type]
    plan = baseline.repair(plan, [v.span for v in last.violations if v.span],
                           ctx.config.editorial, ctx.snapshot(state).by_id())
    essay = baseline.essay_from_plan(plan, ctx.config.editorial, current.version + 1)
    return essay.model_copy(update={"generated_by": BASELINE_AUTHOR}), plan_to_state(plan)
