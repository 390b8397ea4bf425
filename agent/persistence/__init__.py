"""Where the desk keeps its state, chosen in one place: the LangGraph checkpointer, the LLM call
ledger and the run store (editor actions, section versions, edits).

SQLite files in the data directory by default. ``DESK_DATABASE_URL=postgresql://...`` moves all
three to PostgreSQL (the ``postgres`` extra) so several editors and scheduled runs share one store.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.sqlite import SqliteSaver

from agent.errors import CheckpointError
from agent.llm.ledger import Ledger, SqliteLedger, ledger_path
from agent.store import RunStore

DATABASE_URL_ENV = "DESK_DATABASE_URL"
RUN_STORE_FILE = "runs.sqlite"
CHECKPOINT_FILE = "checkpoints.sqlite"


@dataclass
class Backends:
    """The three stores of a session; ``close()`` closes every connection it opened."""

    kind: Literal["sqlite", "postgres"]
    checkpointer: BaseCheckpointSaver
    ledger: Ledger
    store: RunStore
    closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        for close in reversed(self.closers):
            close()
        self.closers.clear()


def database_url(env: Mapping[str, str]) -> str | None:
    url = env.get(DATABASE_URL_ENV, "").strip()
    return url or None


def open_backends(data_dir: Path, env: Mapping[str, str]) -> Backends:
    url = database_url(env)
    if url is not None:
        from agent.persistence.postgres import open_postgres_backends

        return open_postgres_backends(url)
    return open_sqlite_backends(data_dir)


def open_run_store(data_dir: Path, env: Mapping[str, str]) -> RunStore:
    """Only the run store (history, diff, learn need nothing else)."""
    url = database_url(env)
    if url is not None:
        from agent.persistence.postgres import PostgresRunStore

        return PostgresRunStore(url)
    return RunStore(data_dir / RUN_STORE_FILE)


def open_sqlite_backends(data_dir: Path) -> Backends:
    store = RunStore(data_dir / RUN_STORE_FILE)
    closers: list[Callable[[], None]] = [store.close]
    try:
        checkpointer = open_sqlite_checkpointer(data_dir / CHECKPOINT_FILE)
        closers.append(checkpointer.conn.close)
        ledger = SqliteLedger(ledger_path(data_dir))
        closers.append(ledger.close)
    except BaseException:
        for close in reversed(closers):
            close()
        raise
    return Backends(kind="sqlite", checkpointer=checkpointer, ledger=ledger, store=store,
                    closers=closers)


def open_sqlite_checkpointer(path: Path) -> SqliteSaver:
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
