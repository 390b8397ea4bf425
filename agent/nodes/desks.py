"""Section desks, fanned out in parallel with ``Send``: wire, labs, papers, benchmarks, trending.

Each desk receives a ``SectionTask`` (its own slice of state) and writes one entry of
``state["sections"]`` and its first version (``agent.writing.sections`` does the writing).
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime
from typing_extensions import TypedDict

from agent.context import DeskContext
from agent.nodes.versions import new_version
from agent.schemas import SectionName, Storyline
from agent.state import dump
from agent.writing.sections import write_section


class SectionTask(TypedDict):
    section: SectionName
    snapshot_id: str
    storylines: list[dict[str, Any]]
    draft_version: int


def section_desk(task: SectionTask, runtime: Runtime[DeskContext]) -> dict[str, Any]:
    ctx = runtime.context
    snapshot = ctx.runs.snapshot(task["snapshot_id"])
    storylines = [Storyline.model_validate(s) for s in task["storylines"]]
    essay, sources = write_section(task["section"], snapshot, storylines, ctx)
    ctx.report(f"desk:{task['section']}", f"{len(essay.item_ids)} item(s) chosen")
    return {"sections": {essay.section: dump(essay)},
            "section_sources": {essay.section: sources},
            "versions": new_version({}, essay.section, dump(essay), origin="draft",
                                    provenance=sources or None,
                                    draft_version=task["draft_version"])}
