"""A desk session: the checkpointer, run store, ledger, model router and compiled graph for one
issue date, opened at the edge (CLI, review page, eval) and injected into the graph."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.types import StateSnapshot

from agent.context import DeskContext, ProgressCallback
from agent.errors import CheckpointError
from agent.graph import build_graph
from agent.llm.ledger import SqliteLedger
from agent.llm.router import LLMRouter
from agent.paths import ARCHIVE_DIR
from agent.store import RunStore


def open_checkpointer(path: Path) -> SqliteSaver:
    """SQLite checkpointer; a corrupted file becomes a one-line CheckpointError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(path, check_same_thread=False, timeout=30)
        saver = SqliteSaver(conn)
        saver.setup()
        conn.execute("SELECT count(*) FROM checkpoints").fetchone()
    except sqlite3.DatabaseError as error:
        raise CheckpointError(
            f"checkpoint database {path} is unreadable ({error}); move it aside to start afresh"
        ) from None
    return saver


def build_models(overrides: list[str], env: Mapping[str, str], ledger: SqliteLedger,
                 run_id: str, progress: ProgressCallback | None) -> LLMRouter:
    from agent.llm.factory import build_router

    on_token = (lambda text: progress("llm", text)) if progress else None
    return build_router(overrides=overrides, env=env, ledger=ledger, run_id=run_id,
                        on_token=on_token)


class DeskSession:
    def __init__(
        self, *, date: str, data_dir: Path, out_dir: Path, model_overrides: list[str] = (),
        fresh: bool = False, progress: ProgressCallback | None = None,
        env: Mapping[str, str] | None = None, archive_dir: Path = ARCHIVE_DIR,
        router: LLMRouter | None = None, create: bool = True,
    ) -> None:
        self.date = date
        self.store = RunStore(data_dir / "runs.sqlite")
        existing = self.store.existing_thread(date)
        if existing is None and not create:
            from agent.errors import UnknownDateError

            raise UnknownDateError(f"no saved run for {date}; start one with `desk draft --date {date}`")
        self.thread_id = self.store.thread_for(date, fresh=fresh)
        self.checkpointer = open_checkpointer(data_dir / "checkpoints.sqlite")
        self.ledger = SqliteLedger(data_dir / "ledger.sqlite")
        self.router = router or build_models(list(model_overrides), env or os.environ,
                                             self.ledger, self.thread_id, progress)
        if router is not None:
            router.ledger, router.run_id = self.ledger, self.thread_id
        self.context = DeskContext(llm=self.router, out_dir=out_dir, data_dir=data_dir,
                                   archive_dir=archive_dir, progress=progress)
        self.graph = build_graph(self.checkpointer)
        self.config: dict[str, Any] = {"configurable": {"thread_id": self.thread_id}}

    def state(self) -> StateSnapshot:
        return self.graph.get_state(self.config)

    def run(self, payload: Any) -> StateSnapshot:
        """Run until the graph ends or pauses; every step is checkpointed before the next."""
        self.graph.invoke(payload, self.config, context=self.context, durability="sync")
        return self.state()

    def close(self) -> None:
        self.checkpointer.conn.close()
        self.ledger.close()
        self.store.close()

    def __enter__(self) -> DeskSession:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
