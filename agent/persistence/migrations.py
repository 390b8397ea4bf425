"""Forward-only numbered migrations for each desk store, one list with the SQL of both dialects.

Each migration and its version bump commit in one transaction (SQLite DDL is transactional, and so
is PostgreSQL's), so a kill mid-setup leaves the store at the previous version, never between.
Every step is idempotent (``IF NOT EXISTS``, ``AddColumn``), so a store that an older desk left
half-migrated (it committed each table before bumping the version) is repaired by running the
migration again rather than refused. SQLite keeps the version in ``PRAGMA user_version`` (one
store per file); PostgreSQL in ``desk_migrations``, one row per store and version.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from agent.crashpoints import armed, crash_point
from agent.persistence.database import Database, Execute


@dataclass(frozen=True)
class AddColumn:
    """``ALTER TABLE ... ADD COLUMN`` that does nothing when the column exists."""

    table: str
    column: str
    definition: str


Step = str | AddColumn


@dataclass(frozen=True)
class Migration:
    name: str
    sqlite: tuple[Step, ...]
    postgres: tuple[Step, ...]

    def steps(self, dialect: str) -> tuple[Step, ...]:
        return self.sqlite if dialect == "sqlite" else self.postgres


def same(name: str, *steps: Step) -> Migration:
    """A migration whose SQL is the same in both dialects."""
    return Migration(name, steps, steps)


def migrate(db: Database, store: str, migrations: Sequence[Migration]) -> int:
    """Bring ``store`` up to date; returns its version. Safe with several processes at once."""
    if db.dialect == "postgres":
        with db.write("desk-setup") as execute:
            execute("CREATE TABLE IF NOT EXISTS desk_migrations (store TEXT NOT NULL, version "
                    "INTEGER NOT NULL, applied_at TIMESTAMPTZ DEFAULT now(), "
                    "PRIMARY KEY (store, version))", ())
    while True:
        with db.write("desk-setup") as execute:
            version = _version(db, execute, store)
            if version >= len(migrations):
                return version
            migration = migrations[version]
            for index, step in enumerate(migration.steps(db.dialect)):
                if armed():
                    crash_point(f"migration:{store}:{version + 1}:{index}")
                _apply(db, execute, step)
            _set_version(db, execute, store, version + 1)


def _version(db: Database, execute: Execute, store: str) -> int:
    if db.dialect == "sqlite":
        return int(execute("PRAGMA user_version", ()).fetchone()[0])
    row = execute("SELECT coalesce(max(version), 0) FROM desk_migrations WHERE store = ?",
                  (store,)).fetchone()
    return int(row[0])


def _set_version(db: Database, execute: Execute, store: str, version: int) -> None:
    if db.dialect == "sqlite":
        execute(f"PRAGMA user_version = {int(version)}", ())
    else:
        execute("INSERT INTO desk_migrations (store, version) VALUES (?, ?)", (store, version))


def _apply(db: Database, execute: Execute, step: Step) -> None:
    if isinstance(step, str):
        execute(step, ())
        return
    if db.dialect == "postgres":
        execute(f"ALTER TABLE {step.table} ADD COLUMN IF NOT EXISTS {step.column} "
                f"{step.definition}", ())
        return
    columns = {row[1] for row in execute(f"PRAGMA table_info({step.table})", ()).fetchall()}
    if step.column not in columns:
        execute(f"ALTER TABLE {step.table} ADD COLUMN {step.column} {step.definition}", ())


# -- the stores -----------------------------------------------------------------------------------

_ID = {"sqlite": "INTEGER PRIMARY KEY AUTOINCREMENT", "postgres": "BIGSERIAL PRIMARY KEY"}


def _both_ids(name: str, template: str) -> Migration:
    """A migration whose only dialect difference is the auto-increment id column."""
    return Migration(name, (template.format(id=_ID["sqlite"]),),
                     (template.format(id=_ID["postgres"]),))


RUN_STORE: tuple[Migration, ...] = (
    Migration(
        "m001_runs_and_actions",
        ("CREATE TABLE IF NOT EXISTS runs (date TEXT PRIMARY KEY, thread_id TEXT NOT NULL, "
         "generation INTEGER NOT NULL, created_at TEXT NOT NULL)",
         f"CREATE TABLE IF NOT EXISTS editor_actions (id {_ID['sqlite']}, date TEXT NOT NULL, "
         "thread_id TEXT NOT NULL, draft_version INTEGER, decision TEXT NOT NULL, "
         "status TEXT NOT NULL DEFAULT 'stored', error TEXT, at TEXT NOT NULL)"),
        ("CREATE TABLE IF NOT EXISTS runs (date TEXT PRIMARY KEY, thread_id TEXT NOT NULL, "
         "generation INTEGER NOT NULL, created_at TEXT NOT NULL)",
         f"CREATE TABLE IF NOT EXISTS editor_actions (id {_ID['postgres']}, date TEXT NOT NULL, "
         "thread_id TEXT NOT NULL, draft_version INTEGER, decision TEXT NOT NULL, "
         "status TEXT NOT NULL DEFAULT 'stored', error TEXT, at TEXT NOT NULL)"),
    ),
    Migration(
        "m002_section_versions",
        (f"CREATE TABLE IF NOT EXISTS section_versions (id {_ID['sqlite']}, date TEXT NOT NULL, "
         "thread_id TEXT NOT NULL, section TEXT NOT NULL, version INTEGER NOT NULL, "
         "origin TEXT NOT NULL, draft_version INTEGER, content TEXT NOT NULL, provenance TEXT, "
         "checkpoint_id TEXT, editor TEXT, created_at TEXT NOT NULL, "
         "UNIQUE (thread_id, section, version))",
         "CREATE TABLE IF NOT EXISTS version_scans (thread_id TEXT PRIMARY KEY, "
         "checkpoint_id TEXT NOT NULL)"),
        (f"CREATE TABLE IF NOT EXISTS section_versions (id {_ID['postgres']}, "
         "date TEXT NOT NULL, thread_id TEXT NOT NULL, section TEXT NOT NULL, "
         "version INTEGER NOT NULL, origin TEXT NOT NULL, draft_version INTEGER, "
         "content TEXT NOT NULL, provenance TEXT, checkpoint_id TEXT, editor TEXT, "
         "created_at TEXT NOT NULL, UNIQUE (thread_id, section, version))",
         "CREATE TABLE IF NOT EXISTS version_scans (thread_id TEXT PRIMARY KEY, "
         "checkpoint_id TEXT NOT NULL)"),
    ),
    _both_ids(
        "m003_editor_edits",
        "CREATE TABLE IF NOT EXISTS editor_edits (id {id}, date TEXT NOT NULL, "
        "thread_id TEXT NOT NULL, section TEXT NOT NULL, kind TEXT NOT NULL, "
        "before_text TEXT NOT NULL, after_text TEXT NOT NULL, editor TEXT, "
        "created_at TEXT NOT NULL)",
    ),
    same(
        "m004_decisions_snapshots_locks",
        # The decision id links an action row to the decision in the graph's state (recovery).
        AddColumn("editor_actions", "decision_id", "TEXT"),
        AddColumn("editor_actions", "holder", "TEXT"),
        "CREATE UNIQUE INDEX IF NOT EXISTS editor_actions_decision ON "
        "editor_actions (decision_id)",
        "CREATE INDEX IF NOT EXISTS editor_actions_date ON editor_actions (date, status)",
        # The day's normalised snapshot, stored once per run (state keeps its id).
        "CREATE TABLE IF NOT EXISTS snapshots (id TEXT PRIMARY KEY, date TEXT NOT NULL, "
        "body TEXT NOT NULL, created_at TEXT NOT NULL)",
        # Who holds an issue date (PostgreSQL; SQLite keeps it in the lock file).
        "CREATE TABLE IF NOT EXISTS date_locks (date TEXT PRIMARY KEY, holder TEXT NOT NULL)",
    ),
)

LEDGER: tuple[Migration, ...] = (
    _both_ids(
        "m001_llm_calls",
        "CREATE TABLE IF NOT EXISTS llm_calls (seq {id}, run_id TEXT NOT NULL, "
        "fingerprint TEXT NOT NULL, record TEXT NOT NULL)",
    ),
    same(
        "m002_llm_runs",
        "CREATE INDEX IF NOT EXISTS llm_calls_run ON llm_calls (run_id, fingerprint)",
        "CREATE TABLE IF NOT EXISTS llm_runs (run_id TEXT PRIMARY KEY, info TEXT NOT NULL)",
    ),
)
