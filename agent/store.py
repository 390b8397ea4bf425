"""The run store (SQLite beside the checkpoints): which thread is current for each issue date,
and every editor action, written *before* the graph acts on it so nothing an editor wrote is lost.

Forward-only numbered migrations keep old databases readable as the schema grows.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel

from agent.errors import CheckpointError

MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = []


def migration(fn: Callable[[sqlite3.Connection], None]) -> Callable[[sqlite3.Connection], None]:
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_runs_and_actions(conn: sqlite3.Connection) -> None:
    conn.executescript(
        """
        CREATE TABLE runs (
            date TEXT PRIMARY KEY,
            thread_id TEXT NOT NULL,
            generation INTEGER NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE editor_actions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            date TEXT NOT NULL,
            thread_id TEXT NOT NULL,
            draft_version INTEGER,
            decision TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'stored',
            error TEXT,
            at TEXT NOT NULL
        );
        """
    )


class StoredAction(BaseModel):
    id: int
    date: str
    thread_id: str
    draft_version: int | None
    decision: dict
    status: str
    error: str | None
    at: str


class RunStore:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        try:
            self._conn = sqlite3.connect(path, check_same_thread=False, timeout=30)
            self._migrate()
        except sqlite3.DatabaseError as error:
            raise CheckpointError(
                f"run database {path} is unreadable ({error}); move it aside to start afresh"
            ) from None

    def _migrate(self) -> None:
        with self._lock, self._conn:
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
            for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
                step(self._conn)
                self._conn.execute(f"PRAGMA user_version = {number}")

    # -- runs ---------------------------------------------------------------------------------
    def thread_for(self, date: str, *, fresh: bool = False) -> str:
        """The current thread of ``date``; ``fresh`` starts a new generation (old ones are kept)."""
        with self._lock, self._conn:
            row = self._conn.execute(
                "SELECT thread_id, generation FROM runs WHERE date = ?", (date,)).fetchone()
            if row and not fresh:
                return row[0]
            generation = (row[1] + 1) if row else 1
            thread = f"issue-{date}" if generation == 1 else f"issue-{date}-g{generation}"
            self._conn.execute(
                "INSERT OR REPLACE INTO runs (date, thread_id, generation, created_at) "
                "VALUES (?, ?, ?, ?)", (date, thread, generation, _now()))
            return thread

    def existing_thread(self, date: str) -> str | None:
        with self._lock:
            row = self._conn.execute("SELECT thread_id FROM runs WHERE date = ?", (date,)).fetchone()
        return row[0] if row else None

    def dates(self) -> list[tuple[str, str]]:
        with self._lock:
            return self._conn.execute("SELECT date, thread_id FROM runs ORDER BY date").fetchall()

    # -- editor actions -----------------------------------------------------------------------
    def store_action(self, date: str, thread_id: str, decision: dict,
                     draft_version: int | None) -> int:
        with self._lock, self._conn:
            cursor = self._conn.execute(
                "INSERT INTO editor_actions (date, thread_id, draft_version, decision, at) "
                "VALUES (?, ?, ?, ?, ?)",
                (date, thread_id, draft_version, json.dumps(decision), _now()))
            return int(cursor.lastrowid)

    def begin_action(self, date: str, thread_id: str, decision: dict,
                     draft_version: int | None) -> int:
        """Store the editor's decision, then claim the draft version for it.

        The decision is always stored first. If another action already claimed this draft version
        (two editors at once), the new one is kept with status ``conflict`` and ConflictError is
        raised: nothing is overwritten and nothing is lost.
        """
        from agent.errors import ConflictError

        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")  # serialise concurrent editors
                taken = self._conn.execute(
                    "SELECT id, decision FROM editor_actions WHERE thread_id = ? AND "
                    "draft_version = ? AND status IN ('applying', 'applied')",
                    (thread_id, draft_version)).fetchone()
                status = "conflict" if taken else "applying"
                cursor = self._conn.execute(
                    "INSERT INTO editor_actions (date, thread_id, draft_version, decision, status, "
                    "at) VALUES (?, ?, ?, ?, ?, ?)",
                    (date, thread_id, draft_version, json.dumps(decision), status, _now()))
                self._conn.commit()
            except BaseException:
                self._conn.rollback()
                raise
            action_id = int(cursor.lastrowid)
        if taken:
            other = json.loads(taken[1]).get("type", "an action")
            raise ConflictError(
                f"draft v{draft_version} of {date} was already answered ({other}, action "
                f"#{taken[0]}); your decision is saved as action #{action_id} but not applied. "
                f"Look at the new draft and act on it instead."
            )
        return action_id

    def mark_action(self, action_id: int, status: str, error: str | None = None) -> None:
        with self._lock, self._conn:
            self._conn.execute("UPDATE editor_actions SET status = ?, error = ? WHERE id = ?",
                               (status, error, action_id))

    def actions(self, date: str) -> list[StoredAction]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, date, thread_id, draft_version, decision, status, error, at "
                "FROM editor_actions WHERE date = ? ORDER BY id", (date,)).fetchall()
        return [StoredAction(id=r[0], date=r[1], thread_id=r[2], draft_version=r[3],
                             decision=json.loads(r[4]), status=r[5], error=r[6], at=r[7])
                for r in rows]

    def close(self) -> None:
        self._conn.close()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
