"""A desk session: the stores, the date's lock, the model router and the compiled graph for one
issue date, opened at the edge (CLI, review page, eval) and injected into the graph.

A session that may change the run (``command`` given: draft, review, regen, restore, a review
page action) holds the date's exclusive lock for its whole life, so one writer acts on a date at
a time and a crashed writer never leaves the lock behind (``agent.persistence.locks``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import Any

from langgraph.types import StateSnapshot

from agent.context import DeskContext, ProgressCallback
from agent.errors import CheckpointError, StoreBusyError, StoreDamagedError, UnknownDateError
from agent.graph import build_graph
from agent.llm.router import LLMRouter
from agent.persistence import close_after, open_backends
from agent.persistence.ledger import Ledger
from agent.persistence.runs import canonical_json, is_served_thread
from agent.render.package import HandoffWriter
from agent.state import decisions_of, versions_of


ACTED_ON = ("applying", "applied", "recovered", "skipped", "refused", "rolled_back")
"""Statuses of editor actions taken on a draft that was waiting for review (busy, failed and
conflicting requests may be stored before there is any draft)."""


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
        self.interrupted_holder: str | None = None
        """The command that died holding the date before this one (its actions are
        recovered: ``agent.editor.recovery``)."""
        try:
            if command is not None:
                hold = self._exit.enter_context(self.backends.locks.hold(date, command))
                self.holder, self.interrupted_holder = hold.holder, hold.interrupted
            self.store, self.checkpointer = self.backends.store, self.backends.checkpointer
            self.ledger = self.backends.ledger
            if self.store.existing_thread(date) is None and not create:
                raise UnknownDateError(f"no saved run for {date}; start one with "
                                       f"`desk draft --date {date}`")
            self.thread_id = self._thread_for(date, fresh)
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
        except BaseException as error:
            close_after(error, self._exit.close)
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
        except (StoreBusyError, StoreDamagedError) as error:
            raise CheckpointError(f"the run stopped at its last checkpoint: {error}") from error
        return self.state()

    def _thread_for(self, date: str, fresh: bool) -> str:
        """The date's thread; a fresh one never reuses a thread the checkpoints already hold
        (a run store restored or started anew forgets the generations it had)."""
        thread = self.store.thread_for(date, fresh=fresh)
        while fresh and self.checkpointer.get_tuple(
                {"configurable": {"thread_id": thread, "checkpoint_ns": ""}}) is not None:
            thread = self.store.thread_for(date, fresh=True)
        return thread

    def _check_checkpoints(self) -> None:
        """Refuse to go on silently from checkpoints that are not this run's: missing (a
        deleted, emptied or foreign checkpoint file) while the run store holds its versions or
        editor actions, or older than the run store (a copy restored from a backup)."""
        stored = self.store.versions(self.thread_id)
        values = self.state().values
        fix = (f"restore the checkpoint file, or start the day again with `desk draft --date "
               f"{self.date} --fresh` (the stored versions and actions are kept)")
        where = f"the checkpoint database in {self.context.data_root}"
        if not values:
            if stored and is_served_thread(self.date, self.thread_id):
                raise CheckpointError(
                    f"the {self.date} run ({self.thread_id}) was made by LangGraph Server, whose "
                    "checkpoints are not in this store: answer it through the server (Agent "
                    "Inbox, langgraph_sdk), serve with langgraph.postgres.json so the CLI shares "
                    f"its checkpoints, or start a CLI run with `desk draft --date {self.date} "
                    "--fresh`")
            actions = [a for a in self.store.actions(self.date) if a.thread_id == self.thread_id
                       and a.status in ACTED_ON]
            if stored or actions:
                raise CheckpointError(
                    f"the checkpoints of {self.date} ({self.thread_id}) are missing from {where}, "
                    f"but the run store holds {len(stored)} section version(s) and "
                    f"{len(actions)} editor action(s) of it: {fix}")
            return
        known = {(v.section, v.version, v.origin, v.draft_version, canonical_json(v.content))
                 for v in versions_of(values)}
        unknown = [v for v in stored if (v.section, v.version, v.origin, v.draft_version,
                                         canonical_json(v.content)) not in known]
        taken = {d.id for d in decisions_of(values)}
        untaken = [a for a in self.store.actions(self.date) if a.thread_id == self.thread_id
                   and a.status in ("applied", "recovered") and a.decision_id not in taken]
        if unknown or untaken:
            raise CheckpointError(
                f"{where} does not hold the {self.date} run the run store knows: "
                f"{len(unknown)} stored section version(s) and {len(untaken)} applied editor "
                "action(s) are missing from it or differ (a checkpoint file from another data "
                f"directory, or an older copy?): {fix}")

    def close(self) -> None:
        self._exit.close()

    def __enter__(self) -> DeskSession:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc is None:
            self.close()
        else:
            close_after(exc, self.close)


def unfinished(snapshot: StateSnapshot) -> tuple[str, ...]:
    """The nodes a run still has to run before it rests (at the editor's interrupt or the end):
    its next nodes, or the tasks of a step whose results were saved but whose checkpoint was not
    (a kill or a full disk between the two), which running on with ``run(None)`` completes.
    LangGraph's own ``next`` is empty in that second case, like a finished run's."""
    if snapshot.next:
        return tuple(snapshot.next)
    return tuple(task.name for task in snapshot.tasks)
