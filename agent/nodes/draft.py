"""draft: the lead essay, from the chosen thesis, the sections and the storylines
(``agent.writing.essay``: an outline then the essay with a model, a sentence plan without)."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.context import DeskContext
from agent.nodes.versions import new_version
from agent.state import DeskState, dump
from agent.writing.essay import redraft


def draft(state: DeskState, runtime: Runtime[DeskContext]) -> dict[str, Any]:
    essay, plan = redraft(state, runtime.context, note=None)
    runtime.context.report("draft", f"{len(essay.paragraphs)} paragraphs")
    return {"essay": dump(essay), "essay_plan": plan,
            "versions": new_version(state, "essay", dump(essay), origin="draft",
                                    provenance=plan)}
