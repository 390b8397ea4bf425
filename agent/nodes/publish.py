"""publish: the approved issue as final.md / final.html (no editor notes), kept among the
published issues later days are compared with, and the run's records mirrored."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.context import DeskContext
from agent.nodes.records import mirror_to_store
from agent.sources.published import record_published
from agent.state import DeskState, essay_of


def publish(state: DeskState, runtime: Runtime[DeskContext]) -> dict[str, Any]:
    ctx = runtime.context
    final = ctx.package.write_final(state, ctx)
    record_published(ctx.data_root / "published", state["date"], essay_of(state).paragraphs)
    mirror_to_store(state, ctx)
    ctx.report("publish", f"final.md and final.html in {ctx.package_dir(state['date'])}")
    return {"status": "published", "pending_decision": None,
            "package": {**state.get("package", {}), **final}}


def close(state: DeskState, runtime: Runtime[DeskContext]) -> dict[str, Any]:
    """The editor ignored the draft: the run ends unpublished, its records kept."""
    mirror_to_store(state, runtime.context)
    return {"status": "ignored", "pending_decision": None}
