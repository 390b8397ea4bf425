"""Where the desk keeps its state, chosen in one place: the LangGraph checkpointer, the LLM call
ledger, the run records (editor actions, section versions, edits, snapshots) and the per-date
locks.

SQLite files in the data directory by default. ``DESK_DATABASE_URL=postgresql://...`` moves all
of it to PostgreSQL (the ``postgres`` extra) so several editors, scheduled runs and LangGraph
Server share one store.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from langgraph.checkpoint.base import BaseCheckpointSaver

from agent.errors import CheckpointError
from agent.persistence.checkpoints import (
    CHECKPOINT_FILE, open_postgres_checkpointer, open_sqlite_checkpointer,
)
from agent.persistence.database import SQLITE_BUSY_TIMEOUT_S, Database
from agent.persistence.ledger import DatabaseLedger, Ledger, SqliteLedger, ledger_path
from agent.persistence.locks import DateLocks
from agent.persistence.runs import RUN_STORE_FILE, RunStore

DATABASE_URL_ENV = "DESK_DATABASE_URL"
BUSY_TIMEOUT_ENV = "DESK_SQLITE_TIMEOUT_S"

__all__ = ["CHECKPOINT_FILE", "RUN_STORE_FILE", "Backends", "close_after", "close_all",
           "database_url", "open_backends", "open_checkpointer", "open_ledger", "open_run_store"]


@dataclass
class Backends:
    """The stores of a session; ``close()`` closes every connection it opened."""

    kind: Literal["sqlite", "postgres"]
    checkpointer: BaseCheckpointSaver
    ledger: Ledger
    store: RunStore
    locks: DateLocks
    closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        closers, self.closers = self.closers, []
        close_all(closers)


def close_all(closers: list[Callable[[], None]]) -> None:
    """Close in reverse order, every one even when one fails; the first failure is raised."""
    failures: list[Exception] = []
    for close in reversed(closers):
        try:
            close()
        except Exception as error:  # noqa: BLE001 - re-raised below, after the others
            failures.append(error)
    if failures:
        raise failures[0]


def close_after(error: BaseException, close: Callable[[], None]) -> None:
    """Clean up after ``error`` without hiding it: a second failure while closing (a full disk
    fails the lock file too) becomes a note on the first, which is what the user must see."""
    try:
        close()
    except Exception as second:  # noqa: BLE001 - kept as a note on the error being raised
        error.add_note(f"(closing the stores then failed too: {type(second).__name__}: "
                       f"{second})")


def database_url(env: Mapping[str, str]) -> str | None:
    url = env.get(DATABASE_URL_ENV, "").strip()
    return url or None


def open_backends(data_dir: Path, env: Mapping[str, str]) -> Backends:
    url = database_url(env)
    closers: list[Callable[[], None]] = []
    try:
        store = open_run_store(data_dir, env)
        closers.append(store.close)
        checkpointer = open_checkpointer(data_dir, env)
        closers.append(checkpointer.conn.close)
        ledger = (DatabaseLedger(Database.postgres(url)) if url is not None
                  else SqliteLedger(ledger_path(data_dir)))
        closers.append(ledger.close)
        locks = DateLocks.for_store(data_dir, store.db, url)
        closers.append(locks.close)
    except BaseException as error:
        close_after(error, lambda: close_all(closers))
        raise
    return Backends(kind="postgres" if url else "sqlite", checkpointer=checkpointer,
                    ledger=ledger, store=store, locks=locks, closers=closers)


def open_checkpointer(data_dir: Path, env: Mapping[str, str]) -> BaseCheckpointSaver:
    """Only the checkpointer (its ``conn`` is closed by the caller)."""
    url = database_url(env)
    if url is not None:
        return open_postgres_checkpointer(url)
    return open_sqlite_checkpointer(data_dir / CHECKPOINT_FILE, busy_timeout_s(env))


def open_run_store(data_dir: Path, env: Mapping[str, str]) -> RunStore:
    """Only the run records (history, diff, learn, runs need nothing else)."""
    url = database_url(env)
    if url is not None:
        return RunStore(Database.postgres(url))
    return RunStore(Database.sqlite(data_dir / RUN_STORE_FILE, busy_timeout_s=busy_timeout_s(env)))


def open_ledger(data_dir: Path, env: Mapping[str, str], *, create: bool = False
                ) -> DatabaseLedger | None:
    """Only the LLM ledger; None when a SQLite data dir has no ledger yet and ``create`` is
    False (``desk cost`` on a date never drafted creates nothing)."""
    url = database_url(env)
    if url is not None:
        return DatabaseLedger(Database.postgres(url))
    path = ledger_path(data_dir)
    return SqliteLedger(path) if create or path.exists() else None


def busy_timeout_s(env: Mapping[str, str] | None = None) -> float:
    """How long to wait for another process holding a SQLite store (default 30 s)."""
    raw = (os.environ if env is None else env).get(BUSY_TIMEOUT_ENV, "").strip()
    try:
        return max(float(raw), 0.0) if raw else SQLITE_BUSY_TIMEOUT_S
    except ValueError:
        raise CheckpointError(f"{BUSY_TIMEOUT_ENV}={raw!r} is not a number of seconds") from None
