"""rework: the editor's regen or restore of one section (``agent.writing.rework``). Only the
named section changes (a thesis regen re-drafts the essay from it); its new version is recorded,
and the graph then re-checks the changed sections' claims (and the essay's lints) and assembles
the next draft. When there is no alternative the draft stays as it was and the review asks
again, saying why."""

from __future__ import annotations

from typing import Any, Literal

from langgraph.runtime import Runtime

from agent.context import DeskContext
from agent.nodes.versions import new_version
from agent.schemas import ReworkOutcome
from agent.state import DeskState, dump, pending_decision_of
from agent.writing.rework import NoChange, RegenTarget, changed_sections, regen, restore


def rework(state: DeskState, runtime: Runtime[DeskContext]) -> dict[str, Any]:
    ctx = runtime.context
    decision = pending_decision_of(state)
    assert decision is not None and decision.section, "rework runs on a regen or restore"
    target = decision.section
    try:
        if decision.type == "regen":
            target = RegenTarget.parse(decision.section).label
            change = regen(RegenTarget.parse(decision.section), state, ctx, decision.note)
            origin = f"regen {target}"
        else:
            change = restore(decision.section, decision.version or 0, state)
            origin = f"restore v{decision.version}"
    except NoChange as nothing:
        ctx.report("rework", str(nothing))
        outcome = ReworkOutcome(decision_id=decision.id, target=target, changed=[],
                                explanation=str(nothing))
        return {"rework": dump(outcome), "pending_decision": None}
    versions: list[dict[str, Any]] = []
    for section in change.changed:
        content = _content(change.update, section)
        versions += new_version(state, section, content, origin=origin,
                                provenance=_provenance(change.update, section),
                                editor=decision.editor, decision_id=decision.id)
    outcome = ReworkOutcome(decision_id=decision.id, target=target, changed=change.changed,
                            explanation=change.explanation, notices=change.notices)
    ctx.report("rework", change.explanation)
    return {**change.update, "versions": versions, "rework": dump(outcome),
            "stale_claims": changed_sections(change.changed)}


def _content(update: dict[str, Any], section: str) -> dict[str, Any]:
    return update[section] if section in ("thesis", "essay") else update["sections"][section]


def _provenance(update: dict[str, Any], section: str) -> Any:
    if section == "essay":
        return update.get("essay_plan")
    if section in ("wire", "labs"):
        return update.get("section_sources", {}).get(section) or None
    return None


def route_after_rework(state: DeskState) -> Literal["critique", "claims", "editor_review"]:
    outcome = ReworkOutcome.model_validate(state["rework"])
    if not outcome.changed:
        return "editor_review"
    return "critique" if "essay" in outcome.changed else "claims"
