"""revise: rewrite the lead essay against what failed (lints, judge criteria, or the editor's
notes). A guard rejects any revision that drops or alters a supported figure: a revision may
improve the prose, never quietly lose a sourced fact."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.context import DeskContext
from agent.writing.guard import revision_guard
from agent.writing import baseline
from agent.llm.base import LLMRequest
from agent.state import dump, essay_of, snapshot_of
from agent.nodes.draft import plan_from_state, plan_to_state
from agent.writing.essay_prompt import essay_prefix
from agent.llm.prompting import render
from agent.schemas import BASELINE_AUTHOR, CritiqueRound, LeadEssay, RevisionDecision, RevisionRecord
from agent.state import DeskState


def revise(state: DeskState, runtime: Runtime[DeskContext]) -> dict[str, Any]:
    ctx = runtime.context
    notes = (state.get("pending_decision") or {}).get("notes")
    last = CritiqueRound.model_validate(state["critique_rounds"][-1])
    trigger = "editor_notes" if notes and last.action != "revise" else "critique"
    targets = [notes] if trigger == "editor_notes" else failed_targets(last)
    current = essay_of(state)
    if not ctx.llm.has("writer"):
        return _baseline_revision(state, ctx, current, last, trigger, targets)
    candidate = llm_revision(state, ctx, current, targets)
    rejections = revision_guard(current.paragraphs, candidate.paragraphs, snapshot_of(state))
    accepted = not rejections
    record = RevisionRecord(round=len(state.get("revisions", [])) + 1, trigger=trigger,
                            targets=targets, accepted=accepted, guard_rejections=rejections,
                            generated_by=candidate.generated_by)
    ctx.report("revise", "revision accepted" if accepted else "revision rejected by the guard")
    kept = candidate if accepted else current
    return {"essay": dump(kept), "revision": state.get("revision", 0) + 1,
            "revisions": [dump(record)], "pending_decision": None}


def failed_targets(last: CritiqueRound) -> list[str]:
    targets = [f"{v.id}: {v.message}" + (f" ({v.span!r})" if v.span else "") for v in last.violations]
    if last.judge is not None:
        targets += [f"{c.id} scored {c.score}: {c.reasons}" for c in last.judge.criteria if c.score < 4]
    return targets


def llm_revision(state: DeskState, ctx: DeskContext, current: LeadEssay,
                 targets: list[str]) -> LeadEssay:
    request = LLMRequest(
        role="writer", node="revise", system=essay_prefix(state, ctx),
        user=render("revise.md", essay="\n\n".join(current.paragraphs),
                    targets="\n".join(f"- {t}" for t in targets)),
        max_tokens=2500,
    )
    decision = ctx.llm.call(request, RevisionDecision)
    return current.model_copy(update={"paragraphs": decision.paragraphs,
                                      "version": current.version + 1,
                                      "generated_by": ctx.llm.model_id("writer")})


def _baseline_revision(state: DeskState, ctx: DeskContext, current: LeadEssay,
                       last: CritiqueRound, trigger: str, targets: list[str]) -> dict[str, Any]:
    """The baseline can drop offending sentences and refill; it cannot read free-text notes."""
    plan = plan_from_state(state["essay_plan"]) if state.get("essay_plan") else None
    if plan is not None and trigger == "critique":
        spans = [v.span for v in last.violations if v.span]
        plan = baseline.repair(plan, spans, ctx.config.editorial)
    essay = (baseline.essay_from_plan(plan, ctx.config.editorial, current.version + 1)
             if plan is not None else current.model_copy(update={"version": current.version + 1}))
    record = RevisionRecord(round=len(state.get("revisions", [])) + 1, trigger=trigger,
                            targets=targets, accepted=trigger == "critique",
                            generated_by=BASELINE_AUTHOR,
                            note=None if trigger == "critique" else (
                                "notes stored but not applied: the baseline writer cannot "
                                "interpret free text; use `desk review --edit` or configure a "
                                "model"))
    return {"essay": dump(essay), "essay_plan": plan_to_state(plan) if plan else None,
            "revision": state.get("revision", 0) + 1, "revisions": [dump(record)],
            "pending_decision": None}
