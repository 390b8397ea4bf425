"""A desk session: the checkpointer, run store, ledger, model router and compiled graph for one
issue date, opened at the edge (CLI, review page, eval) and injected into the graph."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from langgraph.types import StateSnapshot

from agent.context import DeskContext, ProgressCallback
from agent.errors import CheckpointError
from agent.graph import build_graph
from agent.persistence.ledger import Ledger
from agent.llm.router import LLMRouter
from agent.paths import ARCHIVE_DIR
from agent.persistence import open_backends


def build_models(overrides: list[str], env: Mapping[str, str], ledger: Ledger,
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
        env = os.environ if env is None else env
        # Checkpoints, ledger and run store: SQLite files, or PostgreSQL with DESK_DATABASE_URL.
        self.backends = open_backends(data_dir, env)
        self.store, self.checkpointer = self.backends.store, self.backends.checkpointer
        self.ledger = self.backends.ledger
        existing = self.store.existing_thread(date)
        if existing is None and not create:
            from agent.errors import UnknownDateError

            self.backends.close()
            raise UnknownDateError(f"no saved run for {date}; start one with `desk draft --date {date}`")
        self.thread_id = self.store.thread_for(date, fresh=fresh)
        self.router = router or build_models(list(model_overrides), env,
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
        """Run until the graph ends or pauses; every step is checkpointed before the next.

        A database another process holds past the busy timeout (or that cannot be written)
        stops the run at its last checkpoint with a ``CheckpointError`` saying so.
        """
        try:
            self.graph.invoke(payload, self.config, context=self.context, durability="sync")
        except sqlite3.OperationalError as error:
            from agent.persistence import is_locked, locked_message

            where = f"the desk's database in {self.context.data_dir}"
            reason = locked_message(where) if is_locked(error) else (
                f"{where} cannot be written ({error}); fix it and run the same command again")
            raise CheckpointError(f"the run stopped at its last checkpoint: {reason}") from error
        return self.state()

    def close(self) -> None:
        self.backends.close()

    def __enter__(self) -> DeskSession:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
