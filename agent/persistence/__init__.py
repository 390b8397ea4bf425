"""Where the desk keeps its state, chosen in one place: the LangGraph checkpointer, the LLM call
ledger and the run store (editor actions, section versions, edits).

SQLite files in the data directory by default. ``DESK_DATABASE_URL=postgresql://...`` moves all
three to PostgreSQL (the ``postgres`` extra) so several editors and scheduled runs share one store.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.sqlite import SqliteSaver

from agent.errors import CheckpointError
from agent.persistence.ledger import Ledger, SqliteLedger, ledger_path
from agent.persistence.runs import RunStore

DATABASE_URL_ENV = "DESK_DATABASE_URL"
BUSY_TIMEOUT_ENV = "DESK_SQLITE_TIMEOUT_S"
DEFAULT_BUSY_TIMEOUT_S = 30.0
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


def open_ledger(data_dir: Path, env: Mapping[str, str]) -> Ledger | None:
    """Only the LLM ledger (``desk cost``); None when a SQLite data dir has no ledger yet."""
    url = database_url(env)
    if url is not None:
        from agent.persistence.postgres import PostgresLedger

        return PostgresLedger(url)
    path = ledger_path(data_dir)
    return SqliteLedger(path) if path.exists() else None


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


def busy_timeout_s(env: Mapping[str, str] | None = None) -> float:
    """How long to wait for another process holding the checkpoint database (default 30 s)."""
    raw = (os.environ if env is None else env).get(BUSY_TIMEOUT_ENV, "").strip()
    try:
        return max(float(raw), 0.0) if raw else DEFAULT_BUSY_TIMEOUT_S
    except ValueError:
        raise CheckpointError(f"{BUSY_TIMEOUT_ENV}={raw!r} is not a number of seconds") from None


def is_locked(error: sqlite3.Error) -> bool:
    """SQLite's "database is locked" / busy: another process holds the file; nothing is wrong."""
    return isinstance(error, sqlite3.OperationalError) and (
        "locked" in str(error) or "busy" in str(error))


def locked_message(what: str) -> str:
    return (f"{what} is locked by another process (another desk command?); nothing was lost: "
            "run the same command again when it has finished")


def open_sqlite_checkpointer(path: Path) -> SqliteSaver:
    """SQLite checkpointer; a corrupted file becomes a one-line CheckpointError, and a file
    another process holds past the busy timeout says so (it must not be moved aside)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(path, check_same_thread=False, timeout=busy_timeout_s())
        saver = SqliteSaver(conn)
        saver.setup()
        conn.execute("SELECT count(*) FROM checkpoints").fetchone()
    except sqlite3.DatabaseError as error:
        if is_locked(error):
            raise CheckpointError(locked_message(f"checkpoint database {path}")) from None
        raise CheckpointError(
            f"checkpoint database {path} is unreadable ({error}); move it aside to start afresh"
        ) from None
    return saver
