"""publish: the approved issue as final.md / final.html (no editor notes)."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.context import DeskContext
from agent.render.package import write_final
from agent.state import DeskState


def publish(state: DeskState, runtime: Runtime[DeskContext]) -> dict[str, Any]:
    target = write_final(state, runtime.context)
    runtime.context.report("publish", f"final.md and final.html in {target}")
    return {"status": "published", "pending_decision": None}
