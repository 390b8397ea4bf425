"""assemble: the next draft version: the handoff package written for the editor (through the
context's package writer, so this node never imports the rendering layer), the run's records
mirrored to the run store, and the package returned in the run's output for API clients (all
of it but ``sources.json``, the day's snapshot)."""

from __future__ import annotations

import time
from typing import Any

from langgraph.runtime import Runtime

from agent.context import DeskContext
from agent.nodes.records import mirror_to_store
from agent.state import DeskState, draft_version_of

ON_DISK_ONLY = frozenset({"sources.json"})
"""Package files not returned in state: ``sources.json`` is the day's snapshot (as large as the
day; the run store keeps it once, by ``snapshot_id``), so copying it into the run's output would
grow every later checkpoint with the snapshot."""


def assemble(state: DeskState, runtime: Runtime[DeskContext]) -> dict[str, Any]:
    ctx = runtime.context
    version = draft_version_of(state) + 1
    staged: DeskState = {**state, "draft_version": version}  # type: ignore[typeddict-item]
    elapsed = time.time() - state.get("started_at", time.time())
    package = ctx.package.write_draft(staged, ctx, elapsed)
    mirror_to_store(staged, ctx)
    target = ctx.package_dir(state["date"])
    ctx.report("assemble", f"handoff package v{version} in {target}")
    return {"draft_version": version, "pending_decision": None, "review_error": None,
            "status": "awaiting_review" if state.get("review", True) else "drafted",
            "package": {name: text for name, text in package.items() if name not in ON_DISK_ONLY},
            "package_dir": str(target)}
