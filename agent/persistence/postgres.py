"""PostgreSQL backends (``DESK_DATABASE_URL=postgresql://...``): LangGraph's ``PostgresSaver`` for
checkpoints, plus a ledger and a run store with the same interfaces as the SQLite ones, so several
editors and scheduled runs share one store.

Each gets its own connection (the checkpointer needs ``dict_row`` rows, ours use tuples). Writes to
the run store are serialised by a transaction-scoped advisory lock, the PostgreSQL counterpart of
SQLite's ``BEGIN IMMEDIATE``: two editors answering the same draft queue, and the second one sees
the first one's claim.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from agent.errors import CheckpointError
from agent.persistence.ledger import CallRecord, LedgerTotals, RunInfo, merge_run_info, totals_of
from agent.persistence import Backends
from agent.persistence.runs import MIGRATIONS, RunStore

SCHEMES = ("postgresql://", "postgres://")
# pg_advisory_*lock keys: one for schema setup, one for run-store writes, one for ledger merges.
SETUP_LOCK, STORE_LOCK, LEDGER_LOCK = 0x6465736B01, 0x6465736B02, 0x6465736B03

PG_MIGRATIONS: list[list[str]] = [
    [  # m001_runs_and_actions
        """CREATE TABLE runs (date TEXT PRIMARY KEY, thread_id TEXT NOT NULL,
           generation INTEGER NOT NULL, created_at TEXT NOT NULL)""",
        """CREATE TABLE editor_actions (id BIGSERIAL PRIMARY KEY, date TEXT NOT NULL,
           thread_id TEXT NOT NULL, draft_version INTEGER, decision TEXT NOT NULL,
           status TEXT NOT NULL DEFAULT 'stored', error TEXT, at TEXT NOT NULL)""",
    ],
    [  # m002_section_versions
        """CREATE TABLE section_versions (id BIGSERIAL PRIMARY KEY, date TEXT NOT NULL,
           thread_id TEXT NOT NULL, section TEXT NOT NULL, version INTEGER NOT NULL,
           origin TEXT NOT NULL, draft_version INTEGER, content TEXT NOT NULL, provenance TEXT,
           checkpoint_id TEXT, editor TEXT, created_at TEXT NOT NULL,
           UNIQUE (thread_id, section, version))""",
        """CREATE TABLE version_scans (thread_id TEXT PRIMARY KEY, checkpoint_id TEXT NOT NULL)""",
    ],
    [  # m003_editor_edits
        """CREATE TABLE editor_edits (id BIGSERIAL PRIMARY KEY, date TEXT NOT NULL,
           thread_id TEXT NOT NULL, section TEXT NOT NULL, kind TEXT NOT NULL,
           before_text TEXT NOT NULL, after_text TEXT NOT NULL, editor TEXT,
           created_at TEXT NOT NULL)""",
    ],
]
assert len(PG_MIGRATIONS) == len(MIGRATIONS), "keep the PostgreSQL migrations in step with SQLite's"

LEDGER_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS llm_calls (seq BIGSERIAL PRIMARY KEY, run_id TEXT NOT NULL,
       fingerprint TEXT NOT NULL, record TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS llm_calls_run ON llm_calls (run_id, fingerprint)",
    "CREATE TABLE IF NOT EXISTS llm_runs (run_id TEXT PRIMARY KEY, info TEXT NOT NULL)",
]


def describe_url(url: str) -> str:
    """``user@host:port/db`` without the password, for messages and logs."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts = conninfo_to_dict(url)
    except psycopg.Error:
        return "the configured PostgreSQL database"
    return (f"{parts.get('user', '')}@{parts.get('host', 'localhost')}:{parts.get('port', 5432)}/"
            f"{parts.get('dbname', '')}")


def connect(url: str, **options: Any) -> Any:
    """A psycopg connection, or a one-line CheckpointError saying what is wrong."""
    if not url.startswith(SCHEMES):
        raise CheckpointError("DESK_DATABASE_URL must be a postgresql:// URL")
    try:
        import psycopg
    except ImportError:
        raise CheckpointError("DESK_DATABASE_URL is set but the PostgreSQL driver is missing: "
                              "pip install 'inference-desk[postgres]'") from None
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=10, **options)
    except psycopg.Error as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise CheckpointError(f"cannot open PostgreSQL at {describe_url(url)}: {reason}") from None


@contextmanager
def advisory_lock(conn: Any, key: int) -> Iterator[None]:
    """A session-level advisory lock around schema setup (several processes may start at once)."""
    conn.execute("SELECT pg_advisory_lock(%s)", (key,))
    try:
        yield
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", (key,))


def open_postgres_checkpointer(url: str) -> Any:
    from langgraph.checkpoint.postgres import PostgresSaver
    from psycopg.rows import dict_row

    conn = connect(url, prepare_threshold=0, row_factory=dict_row)
    try:
        saver = PostgresSaver(conn)
        with advisory_lock(conn, SETUP_LOCK):
            saver.setup()
    except BaseException:
        conn.close()
        raise
    return saver


def open_postgres_backends(url: str) -> Backends:
    closers: list[Callable[[], None]] = []
    try:
        store = PostgresRunStore(url)
        closers.append(store.close)
        checkpointer = open_postgres_checkpointer(url)
        closers.append(checkpointer.conn.close)
        ledger = PostgresLedger(url)
        closers.append(ledger.close)
    except BaseException:
        for close in reversed(closers):
            close()
        raise
    return Backends(kind="postgres", checkpointer=checkpointer, ledger=ledger, store=store,
                    closers=closers)


class PostgresRunStore(RunStore):
    """The run store on PostgreSQL: same SQL, ``%s`` placeholders, an advisory write lock."""

    def __init__(self, url: str) -> None:  # noqa: D107 - deliberately not calling super()
        self.path = None  # type: ignore[assignment]
        self.url = url
        self._lock = threading.Lock()
        self._conn = connect(url)
        try:
            self._migrate()
        except BaseException:
            self._conn.close()
            raise

    def _migrate(self) -> None:
        with self._lock, advisory_lock(self._conn, SETUP_LOCK):
            self._conn.execute("CREATE TABLE IF NOT EXISTS desk_schema_migrations (version "
                               "INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ DEFAULT now())")
            done = self._conn.execute("SELECT coalesce(max(version), 0) FROM "
                                      "desk_schema_migrations").fetchone()[0]
            for number, statements in enumerate(PG_MIGRATIONS[done:], start=done + 1):
                with self._conn.transaction():
                    for statement in statements:
                        self._conn.execute(statement)
                    self._conn.execute("INSERT INTO desk_schema_migrations (version) VALUES (%s)",
                                       (number,))

    def _sql(self, query: str) -> str:
        return query.replace("?", "%s")

    @contextmanager
    def _write(self) -> Iterator[Callable[[str, Sequence[Any]], Any]]:
        def execute(query: str, params: Sequence[Any] = ()) -> Any:
            return self._conn.execute(self._sql(query), params)

        with self._lock, self._conn.transaction():
            self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (STORE_LOCK,))
            yield execute

    def _fetch(self, query: str, params: Sequence[Any] = ()) -> list[tuple]:
        with self._lock:
            return list(self._conn.execute(self._sql(query), params).fetchall())


class PostgresLedger:
    """The LLM call ledger (``agent.persistence.ledger.Ledger``) on PostgreSQL; thread-safe."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._lock = threading.Lock()
        self._conn = connect(url)
        try:
            with self._lock, advisory_lock(self._conn, SETUP_LOCK):
                for statement in LEDGER_SCHEMA:
                    self._conn.execute(statement)
        except BaseException:
            self._conn.close()
            raise

    def record(self, call: CallRecord) -> None:
        with self._lock:
            self._conn.execute(
                "INSERT INTO llm_calls (run_id, fingerprint, record) VALUES (%s, %s, %s)",
                (call.run_id, call.fingerprint, call.model_dump_json()))

    def find_completed(self, run_id: str, fingerprint: str) -> CallRecord | None:
        with self._lock:
            rows = self._conn.execute(
                "SELECT record FROM llm_calls WHERE run_id = %s AND fingerprint = %s ORDER BY seq",
                (run_id, fingerprint)).fetchall()
        records = (CallRecord.model_validate_json(row[0]) for row in rows)
        return next((record for record in records if record.outcome == "ok"), None)

    def calls(self, run_id: str) -> list[CallRecord]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT record FROM llm_calls WHERE run_id = %s ORDER BY seq", (run_id,)).fetchall()
        return [CallRecord.model_validate_json(row[0]) for row in rows]

    def totals(self, run_id: str) -> LedgerTotals:
        return totals_of(self.calls(run_id))

    def save_run(self, info: RunInfo) -> None:
        with self._lock, self._conn.transaction():
            self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (LEDGER_LOCK,))
            merged = merge_run_info(self._read_run(info.run_id), info)
            self._conn.execute(
                "INSERT INTO llm_runs (run_id, info) VALUES (%s, %s) "
                "ON CONFLICT (run_id) DO UPDATE SET info = excluded.info",
                (info.run_id, merged.model_dump_json()))

    def run_info(self, run_id: str) -> RunInfo | None:
        with self._lock:
            return self._read_run(run_id)

    def _read_run(self, run_id: str) -> RunInfo | None:
        row = self._conn.execute("SELECT info FROM llm_runs WHERE run_id = %s",
                                 (run_id,)).fetchone()
        return RunInfo.model_validate_json(row[0]) if row else None

    def close(self) -> None:
        self._conn.close()
