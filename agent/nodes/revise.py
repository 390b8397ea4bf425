"""revise: rewrite the lead essay against what failed (lints, judge criteria, or the editor's
notes). A guard rejects any revision that drops or alters a supported figure: a revision may
improve the prose, never quietly lose a sourced fact."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.context import DeskContext
from agent.nodes.versions import new_version
from agent.schemas import BASELINE_AUTHOR, CritiqueRound, RevisionRecord
from agent.state import DeskState, dump, essay_of, pending_decision_of
from agent.writing.essay import (
    baseline_repair, failed_targets, llm_revision, loop_rounds, round_history,
)
from agent.writing.guard import revision_guard


def revise(state: DeskState, runtime: Runtime[DeskContext]) -> dict[str, Any]:
    ctx = runtime.context
    decision = pending_decision_of(state)
    last = CritiqueRound.model_validate(state["critique_rounds"][-1])
    notes = decision.notes if decision is not None and decision.type == "response" else None
    by_editor = notes is not None and last.action != "revise"
    threshold = ctx.config.editorial.judge_threshold
    targets = [notes] if by_editor and notes else failed_targets(last, threshold)
    current = essay_of(state)
    plan = state.get("essay_plan")
    if ctx.llm.has("writer"):
        history = "" if by_editor else round_history(loop_rounds(state))
        candidate = llm_revision(state, ctx, current, targets, history)
        rejections = revision_guard(current.paragraphs, candidate.paragraphs, ctx.snapshot(state))
        kept, author = (current if rejections else candidate), candidate.generated_by
    else:  # the baseline repairs lint failures; it never receives notes (see editor_review)
        kept, plan = baseline_repair(state, ctx, current, last)
        rejections, author = [], BASELINE_AUTHOR
    record = RevisionRecord(round=len(state.get("revisions", [])) + 1,
                            trigger="editor_notes" if by_editor else "critique", targets=targets,
                            accepted=not rejections, guard_rejections=rejections,
                            generated_by=author)
    ctx.report("revise", "revision accepted" if not rejections else
               "revision rejected by the guard")
    origin = "notes revision" if by_editor else "revision"
    return {"essay": dump(kept), "essay_plan": plan, "revision": state.get("revision", 0) + 1,
            "revisions": [dump(record)],
            "versions": new_version(state, "essay", dump(kept), origin=origin, provenance=plan,
                                    editor=decision.editor if by_editor and decision else None,
                                    decision_id=decision.id if decision else None)}
