"""The run store's mirror of a run's state: section versions and editor decisions, written by the
nodes that end a pass (assemble, publish, close) so ``desk history``, ``desk runs`` and the review
page see runs made by any client (CLI, review page, LangGraph Server). Idempotent: a mirror cut
short by a crash is completed by the next one."""

from __future__ import annotations

from agent.context import DeskContext
from agent.persistence.runs import SectionVersion
from agent.state import DeskState, versions_of


def mirror_to_store(state: DeskState, ctx: DeskContext) -> None:
    date, thread = state["date"], ctx.thread_id or ctx.llm.run_id
    if ctx.package_per_thread:  # a served run: make it the date's current run
        ctx.runs.adopt_thread(date, thread)
    ctx.runs.add_versions(thread, [
        SectionVersion(date=date, thread_id=thread, section=v.section, version=v.version,
                       origin=v.origin, draft_version=v.draft_version, content=v.content,
                       provenance=v.provenance, editor=v.editor, created_at=v.created_at)
        for v in versions_of(state)])
    ctx.runs.mirror_decisions(date, thread, state.get("editor_decisions", []))
