"""thesis: three candidate theses, scored; one chosen with reasons (``agent.writing.thesis``)."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.context import DeskContext
from agent.nodes.versions import new_version
from agent.state import DeskState, dump
from agent.text import clip
from agent.writing.thesis import choose_thesis


def thesis(state: DeskState, runtime: Runtime[DeskContext]) -> dict[str, Any]:
    chosen = choose_thesis(state, runtime.context)
    runtime.context.report("thesis", clip(chosen.chosen.statement, 100))
    return {"thesis": dump(chosen),
            "versions": new_version(state, "thesis", dump(chosen), origin="draft")}
