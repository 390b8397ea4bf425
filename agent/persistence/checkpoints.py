"""The LangGraph checkpointer: SQLite in the data directory, or PostgreSQL's ``PostgresSaver``.

Both are subclassed only to translate driver errors, wherever LangGraph meets them (opening,
reading a state, writing a step): a checkpoint file another process holds past the busy timeout
says so (it must not be moved aside); one that cannot be written says why (read-only, full disk);
one that cannot be read names the file and what still works.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from langgraph.checkpoint.sqlite import SqliteSaver

from agent.crashpoints import armed, crash_point
from agent.errors import StoreDamagedError
from agent.persistence.database import (
    CHECKPOINTS_DAMAGED_HINT,
    SQLITE_BUSY_TIMEOUT_S, advisory_key, connect_postgres, describe_url, storage_error,
)

CHECKPOINT_FILE = "checkpoints.sqlite"
_saved_tasks = itertools.count(1)
"""Task results saved by this process, for the ``task-saved:<n>`` crash points."""


class DeskSqliteSaver(SqliteSaver):
    """``SqliteSaver`` whose errors are the desk's one-line storage errors."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        super().__init__(conn)
        self.path = path

    def put_writes(self, config: Any, writes: Sequence[tuple[str, Any]], task_id: str,
                   task_path: str = "") -> None:
        super().put_writes(config, writes, task_id, task_path)
        if armed():  # a task's results are saved; its step's checkpoint is not yet
            crash_point(f"task-saved:{next(_saved_tasks)}")

    @contextmanager
    def cursor(self, transaction: bool = True) -> Iterator[sqlite3.Cursor]:
        try:
            with super().cursor(transaction) as cur:
                yield cur
        except sqlite3.Error as error:
            raise storage_error(error, f"checkpoint database {self.path}", path=self.path,
                                hint=CHECKPOINTS_DAMAGED_HINT) from error


def open_sqlite_checkpointer(path: Path, busy_timeout_s: float = SQLITE_BUSY_TIMEOUT_S
                             ) -> DeskSqliteSaver:
    what = f"checkpoint database {path}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, check_same_thread=False, timeout=busy_timeout_s)
    except (sqlite3.Error, OSError) as error:
        raise storage_error(error, what, path=path) from None
    saver = DeskSqliteSaver(conn, path)
    try:
        _check_is_checkpoint_file(conn, what, path)
        with saver.cursor(transaction=False) as cur:  # sets the file up, or says why not
            cur.execute("SELECT count(*) FROM checkpoints").fetchone()
    except BaseException:
        conn.close()
        raise
    return saver


def _check_is_checkpoint_file(conn: sqlite3.Connection, what: str, path: Path) -> None:
    """Never set up checkpoint tables inside another program's database."""
    try:
        tables = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error as error:
        raise storage_error(error, what, path=path, hint=CHECKPOINTS_DAMAGED_HINT) from None
    if tables and "checkpoints" not in tables:
        raise StoreDamagedError(
            f"{what} is not a desk checkpoint database (it holds the tables "
            f"{', '.join(sorted(tables)[:5])}); point --data-dir at the desk's data directory, "
            "or move the file aside")


def open_postgres_checkpointer(url: str) -> Any:
    from psycopg.rows import dict_row

    from agent.persistence.postgres_saver import DeskPostgresSaver

    conn = connect_postgres(url, prepare_threshold=0, row_factory=dict_row)
    try:
        saver = DeskPostgresSaver(conn, describe_url(url))
        conn.execute("SELECT pg_advisory_lock(%s)", (advisory_key("desk-setup"),))
        try:
            saver.setup()
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (advisory_key("desk-setup"),))
    except BaseException:
        conn.close()
        raise
    return saver
