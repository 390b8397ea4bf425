"""The LangGraph checkpointer: SQLite in the data directory, or PostgreSQL's ``PostgresSaver``.

A checkpoint file another process holds past the busy timeout says so (it must not be moved
aside); one that cannot be read names the file and what still works.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from langgraph.checkpoint.sqlite import SqliteSaver

from agent.errors import StoreDamagedError
from agent.persistence.database import (
    SQLITE_BUSY_TIMEOUT_S, advisory_key, connect_postgres, storage_error,
)

CHECKPOINT_FILE = "checkpoints.sqlite"


def open_sqlite_checkpointer(path: Path, busy_timeout_s: float = SQLITE_BUSY_TIMEOUT_S
                             ) -> SqliteSaver:
    what = f"checkpoint database {path}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, check_same_thread=False, timeout=busy_timeout_s)
    except (sqlite3.Error, OSError) as error:
        raise storage_error(error, what) from None
    try:
        saver = SqliteSaver(conn)
        saver.setup()
        conn.execute("SELECT count(*) FROM checkpoints").fetchone()
    except sqlite3.DatabaseError as error:
        conn.close()
        damaged = storage_error(error, what)
        if isinstance(damaged, StoreDamagedError) and "damaged" in str(damaged):
            raise StoreDamagedError(
                f"{damaged}. Saved runs cannot resume from it; `desk history`, `desk diff` and "
                "`desk cost` still work from the run store and the ledger. Move the file aside "
                "and start the day again with `desk draft --fresh`") from None
        raise damaged from None
    return saver


def open_postgres_checkpointer(url: str) -> Any:
    from langgraph.checkpoint.postgres import PostgresSaver
    from psycopg.rows import dict_row

    conn = connect_postgres(url, prepare_threshold=0, row_factory=dict_row)
    try:
        saver = PostgresSaver(conn)
        conn.execute("SELECT pg_advisory_lock(%s)", (advisory_key("desk-setup"),))
        try:
            saver.setup()
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (advisory_key("desk-setup"),))
    except BaseException:
        conn.close()
        raise
    return saver
