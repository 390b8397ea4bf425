"""Every saved run and where it stands: one listing for ``desk runs`` and the review page."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from agent.graph import build_graph
from agent.persistence import RUN_STORE_FILE, database_url, open_checkpointer, open_run_store
from agent.persistence.runs import is_served_thread
from agent.session import unfinished
from agent.state import draft_version_of


SERVER_ONLY = "on the server"
"""Status of a served run whose checkpoints the server keeps to itself (plain langgraph.json);
with langgraph.postgres.json the CLI reads them like its own."""


@dataclass(frozen=True)
class RunRow:
    date: str
    thread_id: str
    status: str
    draft_version: int
    next: tuple[str, ...]

    @property
    def awaiting(self) -> bool:
        return "editor_review" in self.next


def saved_runs(data_dir: Path, env: Mapping[str, str]) -> list[RunRow]:
    """Every date's current run, newest first (one store, one compiled graph for all)."""
    if database_url(env) is None and not (data_dir / RUN_STORE_FILE).exists():
        return []
    with ExitStack() as stack:  # the run store and the checkpoints (the ledger is not needed)
        store = open_run_store(data_dir, env)
        stack.callback(store.close)
        checkpointer = open_checkpointer(data_dir, env)
        stack.callback(checkpointer.conn.close)
        graph = build_graph(checkpointer)
        rows = []
        for date, thread in store.dates():
            state = graph.get_state({"configurable": {"thread_id": thread}})
            unseen = SERVER_ONLY if is_served_thread(date, thread) else "not started"
            rows.append(RunRow(date=date, thread_id=thread,
                               status=state.values.get("status", unseen),
                               draft_version=draft_version_of(state.values),
                               next=unfinished(state)))
    return sorted(rows, key=lambda r: r.date, reverse=True)
