"""One SQL connection to a desk store, SQLite or PostgreSQL, with every dialect difference here.

The run records and the LLM ledger are written through a ``Database``: the same SQL text for
both dialects (``?`` placeholders, ``RETURNING``, ``ON CONFLICT``), one serialised write
transaction (SQLite's ``BEGIN IMMEDIATE``; a transaction-scoped advisory lock on PostgreSQL, so
two editors queue instead of interleaving), and one translation of driver errors into the desk's
typed errors: a store another process holds is *busy* (run the command again), a store that cannot
be read is *damaged* (the message names the file and what still works).
"""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from agent.crashpoints import armed, crash_point
from agent.errors import CheckpointError, StoreBusyError, StoreDamagedError

Dialect = Literal["sqlite", "postgres"]
Execute = Callable[[str, Sequence[Any]], Any]
POSTGRES_SCHEMES = ("postgresql://", "postgres://")
SQLITE_BUSY_TIMEOUT_S = 30.0


CHECKPOINTS_DAMAGED_HINT = (
    "Saved runs cannot resume from it; `desk history`, `desk diff` and `desk cost` still work "
    "from the run store and the ledger, and the packages in the output directory are intact. "
    "Move the file aside and start the day again with `desk draft --fresh` (every section "
    "version is kept)")
"""What a damaged checkpoint store still allows, and what to do (SQLite and PostgreSQL)."""


def is_locked(error: BaseException) -> bool:
    """SQLite's "database is locked" / busy: another process holds the file; nothing is wrong."""
    return isinstance(error, sqlite3.OperationalError) and (
        "locked" in str(error) or "busy" in str(error))


def busy_message(what: str) -> str:
    return (f"{what} is locked by another process (another desk command?); nothing was lost: "
            "run the same command again when it has finished")


def storage_error(error: BaseException, what: str, *, path: Path | None = None,
                  hint: str = "") -> CheckpointError:
    """The desk's one-line error for a driver or file error on ``what`` (a file or a database):
    busy (run again), unwritable (read-only, full disk: fix it and run again; nothing was lost)
    or damaged (``hint`` says what was lost and what still works)."""
    if is_locked(error):
        return StoreBusyError(busy_message(what))
    code = getattr(error, "sqlite_errorname", "") or ""
    text = str(error) or type(error).__name__
    number = getattr(error, "errno", None)
    if (code.startswith("SQLITE_READONLY") or number in (errno.EROFS, errno.EACCES, errno.EPERM)
            or (code.startswith("SQLITE_CANTOPEN") and path is not None and not writable(path))):
        return StoreDamagedError(f"{what} cannot be written: {read_only_part(path)} is read-only "
                                 f"({text}); make it writable and run the same command again "
                                 "(nothing was lost)")
    if code == "SQLITE_FULL" or code.startswith("SQLITE_IOERR") or number in (
            errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return StoreDamagedError(f"{what} cannot be written ({text}; is the disk full?): free "
                                 "some space and run the same command again (nothing already "
                                 "stored was lost)")
    if code.startswith("SQLITE_CANTOPEN") or isinstance(error, OSError):
        return StoreDamagedError(f"cannot open {what} ({text})")
    return StoreDamagedError(f"{what} is damaged ({text}). {hint}".strip())


def writable(path: Path) -> bool:
    """Whether ``path`` (or, before it exists, its directory) can be written."""
    target = path if path.exists() else path.parent
    return os.access(target, os.W_OK)


def read_only_part(path: Path | None) -> str:
    """What is read-only: the file's directory (SQLite needs to create journal files there) or
    the file itself."""
    if path is None:
        return "it"
    return f"the directory {path.parent}" if not os.access(path.parent, os.W_OK) else str(path)


_writes = 0
"""Write transactions of this process, for the ``store-write:<n>`` crash points."""
_writes_lock = threading.Lock()


def _next_write() -> int:
    global _writes
    with _writes_lock:
        _writes += 1
        return _writes


def advisory_key(name: str) -> int:
    """A stable signed 64-bit key for ``pg_advisory_*lock`` from a name."""
    return zlib.crc32(name.encode()) | (0x6465736B << 32)


class Database:
    """A thread-safe connection; ``where`` names it in messages (a path or user@host/db)."""

    def __init__(self, conn: Any, dialect: Dialect, where: str, path: Path | None = None) -> None:
        self.conn, self.dialect, self.where, self.path = conn, dialect, where, path
        self.hint = ""
        """What is lost and what still works when this store is damaged (set by its owner)."""
        self._lock = threading.RLock()

    # -- opening ---------------------------------------------------------------------------------
    @classmethod
    def sqlite(cls, path: Path, *, busy_timeout_s: float = SQLITE_BUSY_TIMEOUT_S) -> Database:
        where = f"database {path}"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, check_same_thread=False, timeout=busy_timeout_s,
                                   isolation_level=None)  # transactions are explicit
            conn.execute("PRAGMA foreign_keys = ON")
        except (sqlite3.Error, OSError) as error:
            raise storage_error(error, where, path=path) from None
        return cls(conn, "sqlite", where, path)

    @classmethod
    def postgres(cls, url: str) -> Database:
        return cls(connect_postgres(url), "postgres", describe_url(url))

    # -- use -------------------------------------------------------------------------------------
    def sql(self, query: str) -> str:
        return query.replace("?", "%s") if self.dialect == "postgres" else query

    def execute(self, query: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(self.sql(query), params)

    @contextmanager
    def write(self, lock_name: str = "desk-store") -> Iterator[Execute]:
        """One serialised write transaction; yields ``execute(query, params)``."""
        number = _next_write() if armed() else 0
        with self._lock, self.translated():
            if self.dialect == "postgres":
                with self.conn.transaction():
                    self.conn.execute("SELECT pg_advisory_xact_lock(%s)",
                                      (advisory_key(lock_name),))
                    yield self.execute
                    crash_point(f"store-write:{number}")
            else:
                self.conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self.execute
                    crash_point(f"store-write:{number}")
                    self.conn.execute("COMMIT")
                except BaseException:
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    raise
        crash_point(f"store-written:{number}")

    def fetch(self, query: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock, self.translated():
            return list(self.execute(query, params).fetchall())

    @contextmanager
    def translated(self) -> Iterator[None]:
        """Driver errors become one-line typed errors naming this store."""
        try:
            yield
        except sqlite3.Error as error:
            raise storage_error(error, self.where, path=self.path, hint=self.hint) from error
        except Exception as error:
            if _is_psycopg_error(error):
                raise postgres_error(error, self.where, self.hint) from error
            raise

    def close(self) -> None:
        try:
            self.conn.close()
        except Exception:  # noqa: BLE001 - closing a broken connection must not mask the cause
            pass


# -- PostgreSQL -----------------------------------------------------------------------------------


def describe_url(url: str) -> str:
    """``user@host:port/db`` without the password, for messages and logs."""
    try:
        from psycopg.conninfo import conninfo_to_dict

        parts = conninfo_to_dict(url)
    except Exception:  # noqa: BLE001 - a malformed URL is reported by connect()
        return "the configured PostgreSQL database"
    return (f"PostgreSQL {parts.get('user', '')}@{parts.get('host', 'localhost')}:"
            f"{parts.get('port', 5432)}/{parts.get('dbname', '')}")


def connect_postgres(url: str, **options: Any) -> Any:
    """A psycopg connection in autocommit mode, or a one-line CheckpointError saying why not."""
    if not url.startswith(POSTGRES_SCHEMES):
        raise CheckpointError("DESK_DATABASE_URL must be a postgresql:// URL")
    try:
        import psycopg
    except ImportError:
        raise CheckpointError("DESK_DATABASE_URL is set but the PostgreSQL driver is missing: "
                              "pip install 'inference-desk[postgres]'") from None
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=10, **options)
    except psycopg.Error as error:
        raise CheckpointError(f"cannot open {describe_url(url)}: {_first_line(error)}") from None


def postgres_error(error: BaseException, where: str, hint: str = "") -> CheckpointError:
    """One line for a psycopg error: the server went away, or a desk table is missing."""
    import psycopg

    text = _first_line(error)
    if isinstance(error, psycopg.errors.UndefinedTable):
        return StoreDamagedError(f"{where} is missing a desk table ({text}). {hint}".strip())
    if isinstance(error, (psycopg.OperationalError, psycopg.InterfaceError)):
        return StoreDamagedError(f"lost the connection to {where} ({text}); nothing already "
                                 "stored was lost: run the same command again when it is back")
    return StoreDamagedError(f"{where}: {text}")


def _is_psycopg_error(error: BaseException) -> bool:
    return type(error).__module__.startswith("psycopg")


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
