"""The desk's run records, beside the checkpoints: which thread is current for each issue date,
every editor action (written *before* the graph acts on it, so nothing an editor wrote is lost),
every version of every section, the editor's edits (the raw material of ``desk learn``) and the
day's snapshot (stored once per run; graph state keeps only its id).

The graph's state is the record of a run; these tables mirror what the CLI, the review page and
LangGraph Server need to list and compare without loading checkpoints (``desk history``, ``desk
runs``, ``desk cost``), written idempotently so a mirror interrupted by a kill is completed by
the next write. SQLite by default, PostgreSQL with ``DESK_DATABASE_URL``: the SQL is the same
(``agent.persistence.database``), the migrations are one list (``agent.persistence.migrations``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from agent.errors import CheckpointError
from agent.persistence.database import Database, Execute
from agent.persistence.migrations import RUN_STORE, migrate
from agent.schemas import DaySnapshot

RUN_STORE_FILE = "runs.sqlite"
DAMAGED_HINT = (
    "It holds every date's run records (editor actions, section versions, edits, day "
    "snapshots), so saved runs cannot continue; the checkpoints, the ledger and the packages in "
    "the output directory are intact (`desk lint` and `desk verify` work on a package). Restore "
    "it from a backup, or move it aside and start each day again with `desk draft --fresh`")

ActionStatus = Literal["stored", "applying", "applied", "recovered", "failed", "conflict",
                       "skipped", "busy", "rolled_back", "refused"]
"""``recovered``: applied, but its command died before saying so; the next command finished or
found it, and the same request run again reports it instead of applying it twice."""


def thread_id_for(date: str, generation: int = 1) -> str:
    """The LangGraph thread (and ledger run id) of generation ``generation`` of ``date``'s run."""
    return f"issue-{date}" if generation == 1 else f"issue-{date}-g{generation}"


def is_served_thread(date: str, thread_id: str) -> bool:
    """True for a thread LangGraph Server made (a UUID it chose), False for the CLI's own
    ``issue-D`` generations; served runs keep their packages under ``out/<date>/<thread>/``."""
    return not thread_id.startswith(thread_id_for(date))


class StoredAction(BaseModel):
    id: int
    date: str
    thread_id: str
    draft_version: int | None
    decision: dict
    status: ActionStatus
    error: str | None
    at: str
    decision_id: str | None = None
    holder: str | None = None


class SectionVersion(BaseModel):
    """One stored version of a section (``thesis``, ``essay`` or a section desk's name)."""

    date: str
    thread_id: str
    section: str
    version: int = 0
    origin: str
    draft_version: int | None
    content: dict
    provenance: Any = None
    checkpoint_id: str | None = None
    editor: str | None = None
    created_at: str


class NewEdit(BaseModel):
    """An editor edit to store with the action it belongs to (one transaction)."""

    section: str
    kind: str
    before_text: str
    after_text: str
    editor: str | None


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


_ACTION_COLUMNS = ("id, date, thread_id, draft_version, decision, status, error, at, "
                   "decision_id, holder")
_VERSION_COLUMNS = ("date, thread_id, section, version, origin, draft_version, content, "
                    "provenance, checkpoint_id, editor, created_at")


class RunStore:
    """The run records on one ``Database`` (``RunStore(path)`` opens the SQLite file)."""

    def __init__(self, target: Path | Database) -> None:
        self.db = target if isinstance(target, Database) else Database.sqlite(target)
        self.db.hint = DAMAGED_HINT
        self.path = target if isinstance(target, Path) else None
        try:
            migrate(self.db, "runs", RUN_STORE)
        except BaseException:
            self.db.close()
            raise

    # -- runs -----------------------------------------------------------------------------------
    def thread_for(self, date: str, *, fresh: bool = False) -> str:
        """The current thread of ``date``; ``fresh`` starts a new generation (old ones are kept)."""
        with self.db.write() as execute:
            row = execute("SELECT thread_id, generation FROM runs WHERE date = ?",
                          (date,)).fetchone()
            if row and not fresh:
                return str(row[0])
            generation = (row[1] + 1) if row else 1
            thread = thread_id_for(date, generation)
            execute("INSERT INTO runs (date, thread_id, generation, created_at) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (date) DO UPDATE SET "
                    "thread_id = excluded.thread_id, generation = excluded.generation, "
                    "created_at = excluded.created_at",
                    (date, thread, generation, now_iso()))
            return thread

    def adopt_thread(self, date: str, thread_id: str) -> None:
        """Make ``thread_id`` (a LangGraph Server thread) the current run of ``date``."""
        with self.db.write() as execute:
            row = execute("SELECT thread_id, generation FROM runs WHERE date = ?",
                          (date,)).fetchone()
            if row and row[0] == thread_id:
                return
            execute("INSERT INTO runs (date, thread_id, generation, created_at) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (date) DO UPDATE SET "
                    "thread_id = excluded.thread_id, generation = excluded.generation, "
                    "created_at = excluded.created_at",
                    (date, thread_id, (row[1] + 1) if row else 1, now_iso()))

    def forget_run(self, date: str, thread_id: str) -> None:
        """Drop ``date``'s run row if it still points at ``thread_id`` (a run that never began:
        every source failed before anything was drafted)."""
        with self.db.write() as execute:
            execute("DELETE FROM runs WHERE date = ? AND thread_id = ?", (date, thread_id))

    def existing_thread(self, date: str) -> str | None:
        rows = self.db.fetch("SELECT thread_id FROM runs WHERE date = ?", (date,))
        return str(rows[0][0]) if rows else None

    def dates(self) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self.db.fetch("SELECT date, thread_id FROM runs "
                                                    "ORDER BY date")]

    # -- editor actions -------------------------------------------------------------------------
    def store_action(self, *, date: str, thread_id: str, decision: dict,
                     draft_version: int | None, status: ActionStatus,
                     error: str | None = None, holder: str | None = None,
                     edits: Sequence[NewEdit] = ()) -> int:
        """Store an editor's decision (always, whatever happens next), with the edits it
        carries in the same transaction; returns its action id."""
        with self.db.write() as execute:
            row = execute(
                "INSERT INTO editor_actions (date, thread_id, draft_version, decision, status, "
                "error, at, decision_id, holder) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (date, thread_id, draft_version, json.dumps(decision), status, error, now_iso(),
                 decision.get("id"), holder)).fetchone()
            for edit in edits:
                _insert_edit(execute, date, thread_id, edit)
        return int(row[0])

    def mark_action(self, action_id: int, status: ActionStatus, error: str | None = None, *,
                    edits: Sequence[NewEdit] = ()) -> None:
        """Set an action's status, storing the edits it produced in the same transaction."""
        with self.db.write() as execute:
            row = execute("UPDATE editor_actions SET status = ?, error = ? WHERE id = ? "
                          "RETURNING date, thread_id", (status, error, action_id)).fetchone()
            for edit in edits if row else ():
                _insert_edit(execute, row[0], row[1], edit)

    def mirror_decisions(self, date: str, thread_id: str, decisions: Iterable[dict]) -> None:
        """Decisions the graph took (from any client: CLI, review page, Agent Inbox) as applied
        actions; a decision already stored by the CLI is marked applied, never duplicated."""
        with self.db.write() as execute:
            for decision in decisions:
                if not decision.get("id"):
                    continue
                row = execute("SELECT id, status FROM editor_actions WHERE decision_id = ?",
                              (decision["id"],)).fetchone()
                if row is None:
                    execute("INSERT INTO editor_actions (date, thread_id, draft_version, "
                            "decision, status, at, decision_id) VALUES (?, ?, ?, ?, 'applied', "
                            "?, ?)", (date, thread_id, decision.get("draft_version"),
                                      json.dumps(decision), now_iso(), decision["id"]))
                elif row[1] in ("stored", "failed"):
                    # An ``applying`` action is its command's to settle, or recovery's when that
                    # command died: marking it here would hide it from both.
                    execute("UPDATE editor_actions SET status = 'applied', error = NULL "
                            "WHERE id = ?", (row[0],))

    def actions(self, date: str) -> list[StoredAction]:
        rows = self.db.fetch(f"SELECT {_ACTION_COLUMNS} FROM editor_actions WHERE date = ? "
                             "ORDER BY id", (date,))
        return [_action_of(row) for row in rows]

    def action(self, action_id: int) -> StoredAction | None:
        rows = self.db.fetch(f"SELECT {_ACTION_COLUMNS} FROM editor_actions WHERE id = ?",
                             (action_id,))
        return _action_of(rows[0]) if rows else None

    # -- section versions -----------------------------------------------------------------------
    def add_versions(self, thread_id: str, versions: Sequence[SectionVersion]) -> int:
        """Mirror versions from the run's state; a version already stored is left as it is.
        Returns how many were new."""
        added = 0
        with self.db.write() as execute:
            for v in versions:
                cursor = execute(
                    f"INSERT INTO section_versions ({_VERSION_COLUMNS}) VALUES "
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (thread_id, section, version) DO NOTHING",
                    (v.date, thread_id, v.section, v.version, v.origin, v.draft_version,
                     canonical_json(v.content), canonical_json(v.provenance), v.checkpoint_id,
                     v.editor, v.created_at))
                added += max(cursor.rowcount, 0)
        return added

    def versions(self, thread_id: str, section: str | None = None) -> list[SectionVersion]:
        where, params = "thread_id = ?", [thread_id]
        if section is not None:
            where, params = where + " AND section = ?", [*params, section]
        rows = self.db.fetch(f"SELECT {_VERSION_COLUMNS} FROM section_versions WHERE {where} "
                             "ORDER BY section, version", params)
        return [_version_of(row) for row in rows]

    def version(self, thread_id: str, section: str, number: int) -> SectionVersion | None:
        rows = self.db.fetch(f"SELECT {_VERSION_COLUMNS} FROM section_versions WHERE "
                             "thread_id = ? AND section = ? AND version = ?",
                             (thread_id, section, number))
        return _version_of(rows[0]) if rows else None

    # -- editor edits ---------------------------------------------------------------------------
    def add_edit(self, *, date: str, thread_id: str, section: str, kind: str, before_text: str,
                 after_text: str, editor: str | None) -> int:
        edit = NewEdit(section=section, kind=kind, before_text=before_text,
                       after_text=after_text, editor=editor)
        with self.db.write() as execute:
            return _insert_edit(execute, date, thread_id, edit)

    def edits(self) -> list[EditorEdit]:
        rows = self.db.fetch("SELECT id, date, thread_id, section, kind, before_text, "
                             "after_text, editor, created_at FROM editor_edits ORDER BY id")
        return [EditorEdit(id=r[0], date=r[1], thread_id=r[2], section=r[3], kind=r[4],
                           before_text=r[5], after_text=r[6], editor=r[7], created_at=r[8])
                for r in rows]

    # -- snapshots ------------------------------------------------------------------------------
    def put_snapshot(self, snapshot: DaySnapshot) -> str:
        """Store the day's snapshot once; returns its id (the hash of its canonical JSON)."""
        body = snapshot.model_dump_json()
        snapshot_id = hashlib.sha256(body.encode()).hexdigest()
        with self.db.write() as execute:
            execute("INSERT INTO snapshots (id, date, body, created_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (id) DO NOTHING",
                    (snapshot_id, snapshot.date.isoformat(), body, now_iso()))
        return snapshot_id

    def snapshot(self, snapshot_id: str) -> DaySnapshot:
        """The stored snapshot, parsed once per process: snapshots are immutable (their id is
        their hash), and the section desks ask for it at the same moment from parallel threads,
        so one parse is shared (a day of 10,000 items parsed five times at once is 100 MB)."""
        with _PARSING:
            parsed = _PARSED.get(snapshot_id)
            if parsed is None:
                parsed = DaySnapshot.model_validate_json(self._snapshot_body(snapshot_id))
                _PARSED[snapshot_id] = parsed
                while len(_PARSED) > _PARSED_KEPT:
                    _PARSED.popitem(last=False)
            _PARSED.move_to_end(snapshot_id)
            return parsed

    def _snapshot_body(self, snapshot_id: str) -> str:
        rows = self.db.fetch("SELECT body FROM snapshots WHERE id = ?", (snapshot_id,))
        if not rows:
            raise CheckpointError(f"{self.db.where} has no snapshot {snapshot_id[:12]}… for this "
                                  "run; start the day again with `desk draft --fresh`")
        return rows[0][0]

    def close(self) -> None:
        self.db.close()


_PARSED: OrderedDict[str, DaySnapshot] = OrderedDict()
_PARSED_KEPT = 8
_PARSING = threading.Lock()


def _insert_edit(execute: Execute, date: str, thread_id: str, edit: NewEdit) -> int:
    row = execute("INSERT INTO editor_edits (date, thread_id, section, kind, before_text, "
                  "after_text, editor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  (date, thread_id, edit.section, edit.kind, edit.before_text, edit.after_text,
                   edit.editor, now_iso())).fetchone()
    return int(row[0])


def _action_of(row: Sequence[Any]) -> StoredAction:
    return StoredAction(id=row[0], date=row[1], thread_id=row[2], draft_version=row[3],
                        decision=json.loads(row[4]), status=row[5], error=row[6], at=row[7],
                        decision_id=row[8], holder=row[9])


def _version_of(row: Sequence[Any]) -> SectionVersion:
    return SectionVersion(date=row[0], thread_id=row[1], section=row[2], version=row[3],
                          origin=row[4], draft_version=row[5], content=json.loads(row[6]),
                          provenance=json.loads(row[7]) if row[7] else None,
                          checkpoint_id=row[8], editor=row[9], created_at=row[10])


def canonical_json(value: Any) -> str:
    """The stored form of a version's content: equal content, equal bytes."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
