"""A desk session: the stores, the date's lock, the model router and the compiled graph for one
issue date, opened at the edge (CLI, review page, eval) and injected into the graph.

A session that may change the run (``command`` given: draft, review, regen, restore, a review
page action) holds the date's exclusive lock for its whole life, so one writer acts on a date at
a time and a crashed writer never leaves the lock behind (``agent.persistence.locks``).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import Any

from langgraph.types import StateSnapshot

from agent.context import DeskContext, ProgressCallback
from agent.errors import CheckpointError, UnknownDateError
from agent.graph import build_graph
from agent.llm.router import LLMRouter
from agent.persistence import open_backends
from agent.persistence.database import busy_message, is_locked
from agent.persistence.ledger import Ledger
from agent.persistence.runs import is_served_thread
from agent.render.package import HandoffWriter


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
        env: Mapping[str, str] | None = None, router: LLMRouter | None = None,
        create: bool = True, command: str | None = None, published_dir: Path | None = None,
    ) -> None:
        self.date = date
        env = os.environ if env is None else env
        self._exit = ExitStack()
        # Checkpoints, ledger, run records and locks: SQLite files, or PostgreSQL.
        self.backends = open_backends(data_dir, env)
        self._exit.callback(self.backends.close)
        self.holder: str | None = None
        """Who holds the date's lock (this session, when it was opened for a command)."""
        try:
            if command is not None:
                self.holder = self._exit.enter_context(self.backends.locks.hold(date, command))
            self.store, self.checkpointer = self.backends.store, self.backends.checkpointer
            self.ledger = self.backends.ledger
            if self.store.existing_thread(date) is None and not create:
                raise UnknownDateError(f"no saved run for {date}; start one with "
                                       f"`desk draft --date {date}`")
            self.thread_id = self.store.thread_for(date, fresh=fresh)
            self.router = router or build_models(list(model_overrides), env, self.ledger,
                                                 self.thread_id, progress)
            if router is not None:
                router.ledger, router.run_id = self.ledger, self.thread_id
            self.context = DeskContext(out_dir=str(out_dir), data_dir=str(data_dir),
                                       published_dir=str(published_dir or ""),
                                       llm=self.router, runs=self.store,
                                       package=HandoffWriter(), thread_id=self.thread_id,
                                       package_per_thread=is_served_thread(date,
                                                                           self.thread_id),
                                       progress=progress)
            self.graph = build_graph(self.checkpointer)
            self.config: dict[str, Any] = {"configurable": {"thread_id": self.thread_id}}
            self._check_checkpoints()
        except BaseException:
            self._exit.close()
            raise

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
            where = f"the checkpoint database in {self.context.data_root}"
            reason = busy_message(where) if is_locked(error) else (
                f"{where} cannot be written ({error}); fix it and run the same command again")
            raise CheckpointError(f"the run stopped at its last checkpoint: {reason}") from error
        return self.state()

    def _check_checkpoints(self) -> None:
        """Refuse to restart silently a day whose checkpoints went missing (an emptied or
        foreign checkpoint file) while the run store still holds its drafts."""
        if self.state().values:
            return
        stored = self.store.versions(self.thread_id)
        if stored and is_served_thread(self.date, self.thread_id):
            raise CheckpointError(
                f"the {self.date} run ({self.thread_id}) was made by LangGraph Server, whose "
                "checkpoints are not in this store: answer it through the server (Agent Inbox, "
                "langgraph_sdk), serve with langgraph.postgres.json so the CLI shares its "
                f"checkpoints, or start a CLI run with `desk draft --date {self.date} --fresh`")
        if stored:
            raise CheckpointError(
                f"the checkpoints of {self.date} ({self.thread_id}) are missing from the "
                f"checkpoint database in {self.context.data_root}, but the run store holds "
                f"{len(stored)} section version(s) of it: restore the checkpoint file, or start "
                f"the day again with `desk draft --date {self.date} --fresh` (the versions are "
                "kept)")

    def close(self) -> None:
        self._exit.close()

    def __enter__(self) -> DeskSession:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
