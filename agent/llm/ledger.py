"""The LLM call ledger: one row per completed call (tokens, latency, attempts, cost).

``MemoryLedger`` serves tests and throwaway runs; ``SqliteLedger`` lives beside the checkpoints so
``desk cost D`` and run.json can be rebuilt at any time and a resumed run can replay completed calls.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field


class CallRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    run_id: str
    node: str
    role: str
    provider: str
    model: str
    fingerprint: str
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    latency_s: float = 0.0
    attempts: int = 1
    transport_attempts: int = 1
    cost_usd: float = 0.0
    response_text: str = ""
    at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))


class LedgerTotals(BaseModel):
    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    cost_usd: float = 0.0


class Ledger(Protocol):
    def record(self, call: CallRecord) -> None: ...
    def find_completed(self, run_id: str, fingerprint: str) -> CallRecord | None: ...
    def calls(self, run_id: str) -> list[CallRecord]: ...
    def totals(self, run_id: str) -> LedgerTotals: ...


def _totals(calls: list[CallRecord]) -> LedgerTotals:
    return LedgerTotals(
        calls=len(calls),
        input_tokens=sum(c.input_tokens for c in calls),
        output_tokens=sum(c.output_tokens for c in calls),
        cache_read_tokens=sum(c.cache_read_tokens for c in calls),
        cache_write_tokens=sum(c.cache_write_tokens for c in calls),
        cost_usd=round(sum(c.cost_usd for c in calls), 6),
    )


class MemoryLedger:
    def __init__(self) -> None:
        self._calls: list[CallRecord] = []
        self._lock = threading.Lock()

    def record(self, call: CallRecord) -> None:
        with self._lock:
            self._calls.append(call)

    def find_completed(self, run_id: str, fingerprint: str) -> CallRecord | None:
        return next(
            (c for c in self._calls if c.run_id == run_id and c.fingerprint == fingerprint), None
        )

    def calls(self, run_id: str) -> list[CallRecord]:
        return [c for c in self._calls if c.run_id == run_id]

    def totals(self, run_id: str) -> LedgerTotals:
        return _totals(self.calls(run_id))


_SCHEMA = """
CREATE TABLE IF NOT EXISTS llm_calls (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS llm_calls_run ON llm_calls(run_id, fingerprint);
"""


class SqliteLedger:
    """Thread-safe SQLite ledger (section desks call the LLM from parallel threads)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, check_same_thread=False, timeout=30)
        self._lock = threading.Lock()
        with self._lock, self._conn:
            self._conn.executescript(_SCHEMA)

    def record(self, call: CallRecord) -> None:
        with self._lock, self._conn:
            self._conn.execute(
                "INSERT INTO llm_calls (run_id, fingerprint, record) VALUES (?, ?, ?)",
                (call.run_id, call.fingerprint, call.model_dump_json()),
            )

    def find_completed(self, run_id: str, fingerprint: str) -> CallRecord | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT record FROM llm_calls WHERE run_id = ? AND fingerprint = ? "
                "ORDER BY seq LIMIT 1",
                (run_id, fingerprint),
            ).fetchone()
        return CallRecord.model_validate_json(row[0]) if row else None

    def calls(self, run_id: str) -> list[CallRecord]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT record FROM llm_calls WHERE run_id = ? ORDER BY seq", (run_id,)
            ).fetchall()
        return [CallRecord.model_validate_json(r[0]) for r in rows]

    def totals(self, run_id: str) -> LedgerTotals:
        return _totals(self.calls(run_id))

    def close(self) -> None:
        self._conn.close()
