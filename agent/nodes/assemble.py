"""assemble: render the issue and write the handoff package (DESIGN §6) for the editor."""

from __future__ import annotations

import time
from typing import Any

from langgraph.runtime import Runtime

from agent.context import DeskContext
from agent.render.package import write_handoff
from agent.state import DeskState


def assemble(state: DeskState, runtime: Runtime[DeskContext]) -> dict[str, Any]:
    ctx = runtime.context
    version = state.get("draft_version", 0) + 1
    staged: DeskState = {**state, "draft_version": version}  # type: ignore[typeddict-item]
    elapsed = time.time() - state.get("started_at", time.time())
    target = write_handoff(staged, ctx, elapsed)
    ctx.report("assemble", f"handoff package v{version} in {target}")
    status = "awaiting_review" if state.get("review", True) else "drafted"
    return {"draft_version": version, "status": status}
