"""The run store (beside the checkpoints): which thread is current for each issue date, every
editor action (written *before* the graph acts on it so nothing an editor wrote is lost), every
version of every section, and the editor's edits (the raw material of ``desk learn``).

SQLite by default. The SQL here is the common subset of SQLite and PostgreSQL (``?`` placeholders,
``RETURNING``, ``ON CONFLICT``); ``agent.persistence.postgres.PostgresRunStore`` swaps the
connection, the placeholder style, the write lock and the migrations. Forward-only numbered
migrations keep old databases readable as the schema grows.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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


@migration
def m002_section_versions(conn: sqlite3.Connection) -> None:
    """Every version of every section (draft, revision, regen, restore, editor edit), and how far
    each thread's checkpoint history has been scanned for new versions."""
    conn.executescript(
        """
        CREATE TABLE section_versions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            date TEXT NOT NULL,
            thread_id TEXT NOT NULL,
            section TEXT NOT NULL,
            version INTEGER NOT NULL,
            origin TEXT NOT NULL,
            draft_version INTEGER,
            content TEXT NOT NULL,
            provenance TEXT,
            checkpoint_id TEXT,
            editor TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (thread_id, section, version)
        );
        CREATE TABLE version_scans (
            thread_id TEXT PRIMARY KEY,
            checkpoint_id TEXT NOT NULL
        );
        """
    )


@migration
def m003_editor_edits(conn: sqlite3.Connection) -> None:
    """Draft text against the editor's text, per section: on each edit and at approval."""
    conn.executescript(
        """
        CREATE TABLE editor_edits (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            date TEXT NOT NULL,
            thread_id TEXT NOT NULL,
            section TEXT NOT NULL,
            kind TEXT NOT NULL,
            before_text TEXT NOT NULL,
            after_text TEXT NOT NULL,
            editor TEXT,
            created_at TEXT NOT NULL
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


class SectionVersion(BaseModel):
    """One stored version of a section (``thesis``, ``essay`` or a section desk's name)."""

    date: str
    thread_id: str
    section: str
    version: int = 0
    """Numbered per section by the store (0 until stored)."""
    origin: str
    draft_version: int | None
    content: dict
    provenance: Any = None
    checkpoint_id: str | None = None
    editor: str | None = None
    created_at: str


class EditorEdit(BaseModel):
    """The draft's text and the editor's text of one section (``kind``: edit or approval)."""

    id: int
    date: str
    thread_id: str
    section: str
    kind: str
    before_text: str
    after_text: str
    editor: str | None
    created_at: str


_VERSION_COLUMNS = ("date, thread_id, section, version, origin, draft_version, content, "
                    "provenance, checkpoint_id, editor, created_at")


class RunStore:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        try:
            self._conn: Any = sqlite3.connect(path, check_same_thread=False, timeout=30)
            self._migrate()
        except sqlite3.DatabaseError as error:
            if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
                raise CheckpointError(  # busy, not broken: moving it aside would lose the runs
                    f"run database {path} is locked by another process (another desk "
                    "command?); nothing was lost: run the same command again when it has finished"
                ) from None
            raise CheckpointError(
                f"run database {path} is unreadable ({error}); move it aside to start afresh"
            ) from None

    # -- dialect hooks (PostgresRunStore overrides these) ---------------------------------------
    def _migrate(self) -> None:
        # Two desk processes may open a fresh data directory at once (two dates drafted
        # together). executescript() commits as it goes, so no SQLite transaction can serialise
        # the migrations; an exclusive lock on a sidecar file does, and the second process then
        # finds them applied (tests/reliability/test_concurrency.py).
        with self._lock, _exclusive_file_lock(self.path.with_name(self.path.name + ".lock")), \
                self._conn:
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
            for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
                step(self._conn)
                self._conn.execute(f"PRAGMA user_version = {number}")

    def _sql(self, query: str) -> str:
        return query

    @contextmanager
    def _write(self) -> Iterator[Callable[[str, Sequence[Any]], Any]]:
        """One serialised write transaction (concurrent editors queue here); yields execute."""
        def execute(query: str, params: Sequence[Any] = ()) -> Any:
            return self._conn.execute(self._sql(query), params)

        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield execute
                self._conn.commit()
            except BaseException:
                self._conn.rollback()
                raise

    def _fetch(self, query: str, params: Sequence[Any] = ()) -> list[tuple]:
        with self._lock:
            return list(self._conn.execute(self._sql(query), params).fetchall())

    # -- runs ---------------------------------------------------------------------------------
    def thread_for(self, date: str, *, fresh: bool = False) -> str:
        """The current thread of ``date``; ``fresh`` starts a new generation (old ones are kept)."""
        with self._write() as execute:
            row = execute("SELECT thread_id, generation FROM runs WHERE date = ?",
                          (date,)).fetchone()
            if row and not fresh:
                return row[0]
            generation = (row[1] + 1) if row else 1
            thread = f"issue-{date}" if generation == 1 else f"issue-{date}-g{generation}"
            execute("INSERT INTO runs (date, thread_id, generation, created_at) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (date) DO UPDATE SET "
                    "thread_id = excluded.thread_id, generation = excluded.generation, "
                    "created_at = excluded.created_at",
                    (date, thread, generation, _now()))
            return thread

    def existing_thread(self, date: str) -> str | None:
        rows = self._fetch("SELECT thread_id FROM runs WHERE date = ?", (date,))
        return rows[0][0] if rows else None

    def dates(self) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self._fetch("SELECT date, thread_id FROM runs ORDER BY date")]

    # -- editor actions -----------------------------------------------------------------------
    def store_action(self, date: str, thread_id: str, decision: dict,
                     draft_version: int | None, status: str = "stored",
                     error: str | None = None) -> int:
        with self._write() as execute:
            action_id = _insert_action(execute, date, thread_id, decision, draft_version, status)
            if error is not None:
                execute("UPDATE editor_actions SET error = ? WHERE id = ?", (error, action_id))
            return action_id

    def begin_action(self, date: str, thread_id: str, decision: dict,
                     draft_version: int | None, expected_version: int | None = None) -> int:
        """Store the editor's decision, then claim the draft version for it.

        The decision is always stored first. If another action already claimed this draft version
        (two editors at once), or the editor looked at ``expected_version`` and the run has moved
        on, the new one is kept with status ``conflict`` and ConflictError is raised: nothing is
        overwritten and nothing is lost.
        """
        from agent.errors import ConflictError

        stale = expected_version is not None and expected_version != draft_version
        with self._write() as execute:
            taken = execute(
                "SELECT id, decision FROM editor_actions WHERE thread_id = ? AND "
                "draft_version = ? AND status IN ('applying', 'applied')",
                (thread_id, draft_version)).fetchone()
            status = "conflict" if taken or stale else "applying"
            action_id = _insert_action(execute, date, thread_id, decision, draft_version, status)
            if stale:
                execute("UPDATE editor_actions SET error = ? WHERE id = ?",
                        (f"expected draft v{expected_version}", action_id))
        if stale:
            raise ConflictError(
                f"the {date} run moved on to draft v{draft_version} (you reviewed "
                f"v{expected_version}); your decision is saved as action #{action_id} but not "
                "applied. Look at the new draft and act on it instead.")
        if taken:
            other = json.loads(taken[1]).get("type", "an action")
            raise ConflictError(
                f"draft v{draft_version} of {date} was already answered ({other}, action "
                f"#{taken[0]}); your decision is saved as action #{action_id} but not applied. "
                f"Look at the new draft and act on it instead."
            )
        return action_id

    def mark_action(self, action_id: int, status: str, error: str | None = None) -> None:
        with self._write() as execute:
            execute("UPDATE editor_actions SET status = ?, error = ? WHERE id = ?",
                    (status, error, action_id))

    def actions(self, date: str) -> list[StoredAction]:
        rows = self._fetch(
            "SELECT id, date, thread_id, draft_version, decision, status, error, at "
            "FROM editor_actions WHERE date = ? ORDER BY id", (date,))
        return [StoredAction(id=r[0], date=r[1], thread_id=r[2], draft_version=r[3],
                             decision=json.loads(r[4]), status=r[5], error=r[6], at=r[7])
                for r in rows]

    # -- section versions ---------------------------------------------------------------------
    def add_versions(self, thread_id: str, versions: Sequence[SectionVersion], *,
                     scanned_from: str | None, scanned_to: str) -> list[int] | None:
        """Store new versions (numbered per section) and how far the history scan got.

        Returns None, storing nothing, if another process moved the scan past ``scanned_from``
        meanwhile (it has stored these versions already).
        """
        numbers = []
        with self._write() as execute:
            row = execute("SELECT checkpoint_id FROM version_scans WHERE thread_id = ?",
                          (thread_id,)).fetchone()
            if (row[0] if row else None) != scanned_from:
                return None
            for v in versions:
                last = execute("SELECT max(version) FROM section_versions WHERE thread_id = ? AND "
                               "section = ?", (thread_id, v.section)).fetchone()[0]
                number = (last or 0) + 1
                execute(f"INSERT INTO section_versions ({_VERSION_COLUMNS}) VALUES "
                        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (v.date, thread_id, v.section, number, v.origin, v.draft_version,
                         canonical_json(v.content), canonical_json(v.provenance),
                         v.checkpoint_id, v.editor, v.created_at))
                numbers.append(number)
            execute("INSERT INTO version_scans (thread_id, checkpoint_id) VALUES (?, ?) "
                    "ON CONFLICT (thread_id) DO UPDATE SET checkpoint_id = "
                    "excluded.checkpoint_id", (thread_id, scanned_to))
        return numbers

    def scanned_checkpoint(self, thread_id: str) -> str | None:
        rows = self._fetch("SELECT checkpoint_id FROM version_scans WHERE thread_id = ?",
                           (thread_id,))
        return rows[0][0] if rows else None

    def versions(self, thread_id: str, section: str | None = None) -> list[SectionVersion]:
        where, params = "thread_id = ?", [thread_id]
        if section is not None:
            where, params = where + " AND section = ?", [*params, section]
        rows = self._fetch(f"SELECT {_VERSION_COLUMNS} FROM section_versions WHERE {where} "
                           "ORDER BY section, version", params)
        return [_version_of(row) for row in rows]

    def version(self, thread_id: str, section: str, number: int) -> SectionVersion | None:
        rows = self._fetch(f"SELECT {_VERSION_COLUMNS} FROM section_versions WHERE thread_id = ? "
                           "AND section = ? AND version = ?", (thread_id, section, number))
        return _version_of(rows[0]) if rows else None

    def latest_versions(self, thread_id: str) -> dict[str, SectionVersion]:
        latest: dict[str, SectionVersion] = {}
        for version in self.versions(thread_id):
            latest[version.section] = version  # ordered by version within each section
        return latest

    # -- editor edits -------------------------------------------------------------------------
    def add_edit(self, *, date: str, thread_id: str, section: str, kind: str, before_text: str,
                 after_text: str, editor: str | None) -> int:
        with self._write() as execute:
            row = execute("INSERT INTO editor_edits (date, thread_id, section, kind, before_text, "
                          "after_text, editor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                          "RETURNING id",
                          (date, thread_id, section, kind, before_text, after_text, editor,
                           _now())).fetchone()
        return int(row[0])

    def edits(self) -> list[EditorEdit]:
        rows = self._fetch("SELECT id, date, thread_id, section, kind, before_text, after_text, "
                           "editor, created_at FROM editor_edits ORDER BY id")
        return [EditorEdit(id=r[0], date=r[1], thread_id=r[2], section=r[3], kind=r[4],
                           before_text=r[5], after_text=r[6], editor=r[7], created_at=r[8])
                for r in rows]

    def close(self) -> None:
        self._conn.close()


def _insert_action(execute: Callable[..., Any], date: str, thread_id: str, decision: dict,
                   draft_version: int | None, status: str) -> int:
    row = execute("INSERT INTO editor_actions (date, thread_id, draft_version, decision, status, "
                  "at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                  (date, thread_id, draft_version, json.dumps(decision), status, _now())).fetchone()
    return int(row[0])


def _version_of(row: Sequence[Any]) -> SectionVersion:
    return SectionVersion(date=row[0], thread_id=row[1], section=row[2], version=row[3],
                          origin=row[4], draft_version=row[5], content=json.loads(row[6]),
                          provenance=json.loads(row[7]) if row[7] else None,
                          checkpoint_id=row[8], editor=row[9], created_at=row[10])


def canonical_json(value: Any) -> str:
    """The stored form of a version's content: equal content, equal bytes."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def now_iso() -> str:
    return _now()


@contextmanager
def _exclusive_file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path`` (created if missing) across processes."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
