"""One writer per issue date: ``desk draft``, ``review``, ``regen``, ``restore`` and the review
page's actions take an exclusive lock on the date, and a second command gets one line saying who
holds it ("2026-04-21 is busy: desk review (pid 4242 on host) since 09:14:03Z").

SQLite stores use an advisory ``flock`` on ``<data dir>/locks/<date>.lock`` (the holder is written
into the file); PostgreSQL uses a session-level ``pg_try_advisory_lock`` on a connection of its own
(the holder is a row in ``date_locks``). Both are released by the kernel or the server when the
holding process dies, so a crashed holder never leaves the lock behind: the next command takes it
and finds any action the dead one left half done (see ``agent.editor.recovery``). A holder that
releases cleanly erases its name; one that died leaves it, so the next holder learns which
command was interrupted (``DateHold.interrupted``).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from agent.errors import DateBusyError
from agent.persistence.database import Database, advisory_key, connect_postgres


def holder_text(command: str) -> str:
    since = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return f"{command} (pid {os.getpid()} on {socket.gethostname()}) since {since}"


def busy_error(date: str, holder: str | None) -> DateBusyError:
    who = holder or "another desk command"
    return DateBusyError(f"{date} is busy: {who}; run your command again when it has finished")


@dataclass(frozen=True)
class DateHold:
    holder: str
    """Who holds the date now (this process), as written for other commands to read."""
    interrupted: str | None
    """The previous holder, when it died holding the date (it never erased its name)."""


class DateLocks:
    """Per-date exclusive locks for one store."""

    def __init__(self, *, lock_dir: Path | None = None, url: str | None = None,
                 db: Database | None = None) -> None:
        self.lock_dir, self.url, self.db = lock_dir, url, db
        self._conn: Any = None

    @classmethod
    def for_store(cls, data_dir: Path, db: Database, url: str | None) -> DateLocks:
        if url is not None:
            return cls(url=url, db=db)
        return cls(lock_dir=data_dir / "locks")

    @contextmanager
    def hold(self, date: str, command: str) -> Iterator[DateHold]:
        """Hold ``date`` for ``command`` (non-blocking)."""
        holder = holder_text(command)
        if self.url is not None:
            with self._hold_postgres(date, holder) as interrupted:
                yield DateHold(holder, interrupted)
        else:
            with self._hold_file(date, holder) as interrupted:
                yield DateHold(holder, interrupted)

    def holder(self, date: str) -> str | None:
        """Who holds ``date`` now, if anyone (for messages; racy by nature)."""
        if self.url is not None:
            assert self.db is not None
            rows = self.db.fetch("SELECT holder FROM date_locks WHERE date = ?", (date,))
            return str(rows[0][0]) if rows else None
        path = self._path(date)
        try:
            with path.open("r", encoding="utf-8") as handle:
                fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
                return None  # nobody holds it exclusively
        except BlockingIOError:
            return path.read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    @contextmanager
    def _hold_file(self, date: str, holder: str) -> Iterator[str | None]:
        path = self._path(date)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle: IO[str] = path.open("a+", encoding="utf-8")
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                raise busy_error(date, handle.read().strip()) from None
            handle.seek(0)
            interrupted = handle.read().strip() or None
            handle.seek(0)
            handle.truncate()
            handle.write(holder + "\n")
            handle.flush()
            try:
                yield interrupted
            finally:
                handle.seek(0)
                handle.truncate()
                fcntl.flock(handle, fcntl.LOCK_UN)
        finally:
            handle.close()

    @contextmanager
    def _hold_postgres(self, date: str, holder: str) -> Iterator[str | None]:
        assert self.url is not None and self.db is not None
        if self._conn is None:
            self._conn = connect_postgres(self.url)
        key = advisory_key(f"date:{date}")
        taken = self._conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()[0]
        if not taken:
            raise busy_error(date, self.holder(date))
        try:
            with self.db.write() as execute:
                row = execute("SELECT holder FROM date_locks WHERE date = ?", (date,)).fetchone()
                execute("INSERT INTO date_locks (date, holder) VALUES (?, ?) ON CONFLICT (date) "
                        "DO UPDATE SET holder = excluded.holder", (date, holder))
            yield str(row[0]) if row else None
        finally:
            try:
                with self.db.write() as execute:
                    execute("DELETE FROM date_locks WHERE date = ? AND holder = ?",
                            (date, holder))
            finally:
                self._conn.execute("SELECT pg_advisory_unlock(%s)", (key,))

    def _path(self, date: str) -> Path:
        assert self.lock_dir is not None
        return self.lock_dir / f"{date}.lock"

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
