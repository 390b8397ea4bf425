"""The LLM call ledger: one row per model call (tokens, latency, attempts, cost, outcome).

``MemoryLedger`` serves tests and throwaway runs; ``SqliteLedger`` lives beside the checkpoints
(``ledger_path(data_dir)``) so ``desk cost D`` and run.json can be rebuilt at any time and a
resumed run can replay completed calls. Beside the calls, each run keeps a small ``RunInfo`` row:
which model served each role and the degradations recorded (budget caps), so a report can say a
run used only the baseline writer, or why its verifier changed model.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from agent.persistence.database import Database
from agent.persistence.migrations import LEDGER, migrate

LEDGER_FILE = "ledger.sqlite"
DAMAGED_HINT = (
    "It holds the LLM call records (`desk cost`, and replaying completed calls after a crash); "
    "the checkpoints, the run records and the packages are intact. Move it aside (a new ledger "
    "starts; the earlier costs stay in the old file) and run the same command again")

CallOutcome = Literal["ok", "invalid_output", "unavailable", "rejected"]


def ledger_path(data_dir: Path) -> Path:
    """Where the SQLite ledger lives inside the data directory."""
    return data_dir / LEDGER_FILE


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
    cost_known: bool = Field(default=True, description="False when the model has no price.")
    outcome: CallOutcome = "ok"
    error: str = Field(default="", description="The typed error's message when outcome != ok.")
    response_text: str = ""
    at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @property
    def tokens(self) -> int:
        return (self.input_tokens + self.output_tokens + self.cache_read_tokens
                + self.cache_write_tokens)


class LedgerTotals(BaseModel):
    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    cost_usd: float = 0.0
    failed_calls: int = 0
    unpriced_calls: int = 0

    @property
    def tokens(self) -> int:
        """Every token processed: uncached input, output, cache reads and cache writes."""
        return (self.input_tokens + self.output_tokens + self.cache_read_tokens
                + self.cache_write_tokens)


class RunInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    run_id: str
    models: dict[str, str] = Field(default_factory=dict, description="role -> provider:model.")
    degradations: list[str] = Field(default_factory=list)


class Ledger(Protocol):
    def record(self, call: CallRecord) -> None: ...
    def find_completed(self, run_id: str, fingerprint: str) -> CallRecord | None: ...
    def calls(self, run_id: str) -> list[CallRecord]: ...
    def totals(self, run_id: str) -> LedgerTotals: ...
    def save_run(self, info: RunInfo) -> None: ...
    def run_info(self, run_id: str) -> RunInfo | None: ...


def totals_of(calls: Iterable[CallRecord]) -> LedgerTotals:
    calls = list(calls)
    return LedgerTotals(
        calls=len(calls),
        input_tokens=sum(c.input_tokens for c in calls),
        output_tokens=sum(c.output_tokens for c in calls),
        cache_read_tokens=sum(c.cache_read_tokens for c in calls),
        cache_write_tokens=sum(c.cache_write_tokens for c in calls),
        cost_usd=round(sum(c.cost_usd for c in calls), 6),
        failed_calls=sum(c.outcome != "ok" for c in calls),
        unpriced_calls=sum(not c.cost_known for c in calls),
    )


def totals_by(calls: Iterable[CallRecord], key: Callable[[CallRecord], str]
              ) -> dict[str, LedgerTotals]:
    """Totals per group (e.g. ``key=lambda c: c.node``), groups in first-seen order."""
    groups: dict[str, list[CallRecord]] = {}
    for call in calls:
        groups.setdefault(key(call), []).append(call)
    return {name: totals_of(group) for name, group in groups.items()}


def merge_run_info(old: RunInfo | None, new: RunInfo) -> RunInfo:
    """Latest models; degradations accumulate across the processes that ran the same run."""
    kept = list(old.degradations) if old else []
    kept += [d for d in new.degradations if d not in kept]
    return new.model_copy(update={"degradations": kept})


class MemoryLedger:
    def __init__(self) -> None:
        self._calls: list[CallRecord] = []
        self._runs: dict[str, RunInfo] = {}
        self._lock = threading.Lock()

    def record(self, call: CallRecord) -> None:
        with self._lock:
            self._calls.append(call)

    def find_completed(self, run_id: str, fingerprint: str) -> CallRecord | None:
        return next((c for c in self._calls if c.run_id == run_id
                     and c.fingerprint == fingerprint and c.outcome == "ok"), None)

    def calls(self, run_id: str) -> list[CallRecord]:
        return [c for c in self._calls if c.run_id == run_id]

    def totals(self, run_id: str) -> LedgerTotals:
        return totals_of(self.calls(run_id))

    def save_run(self, info: RunInfo) -> None:
        with self._lock:
            self._runs[info.run_id] = merge_run_info(self._runs.get(info.run_id), info)

    def run_info(self, run_id: str) -> RunInfo | None:
        return self._runs.get(run_id)


class DatabaseLedger:
    """The ledger on a ``Database`` (SQLite file or PostgreSQL); thread-safe (section desks call
    models from parallel threads)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        db.hint = DAMAGED_HINT
        try:
            migrate(db, "ledger", LEDGER)
        except BaseException:
            db.close()
            raise

    def record(self, call: CallRecord) -> None:
        with self.db.write("desk-ledger") as execute:
            execute("INSERT INTO llm_calls (run_id, fingerprint, record) VALUES (?, ?, ?)",
                    (call.run_id, call.fingerprint, call.model_dump_json()))

    def find_completed(self, run_id: str, fingerprint: str) -> CallRecord | None:
        rows = self.db.fetch("SELECT record FROM llm_calls WHERE run_id = ? AND fingerprint = ? "
                             "ORDER BY seq", (run_id, fingerprint))
        records = (CallRecord.model_validate_json(row[0]) for row in rows)
        return next((record for record in records if record.outcome == "ok"), None)

    def calls(self, run_id: str) -> list[CallRecord]:
        rows = self.db.fetch("SELECT record FROM llm_calls WHERE run_id = ? ORDER BY seq",
                             (run_id,))
        return [CallRecord.model_validate_json(r[0]) for r in rows]

    def totals(self, run_id: str) -> LedgerTotals:
        return totals_of(self.calls(run_id))

    def save_run(self, info: RunInfo) -> None:
        with self.db.write("desk-ledger") as execute:
            row = execute("SELECT info FROM llm_runs WHERE run_id = ?", (info.run_id,)).fetchone()
            merged = merge_run_info(RunInfo.model_validate_json(row[0]) if row else None, info)
            execute("INSERT INTO llm_runs (run_id, info) VALUES (?, ?) ON CONFLICT (run_id) "
                    "DO UPDATE SET info = excluded.info", (info.run_id, merged.model_dump_json()))

    def run_info(self, run_id: str) -> RunInfo | None:
        rows = self.db.fetch("SELECT info FROM llm_runs WHERE run_id = ?", (run_id,))
        return RunInfo.model_validate_json(rows[0][0]) if rows else None

    def close(self) -> None:
        self.db.close()


class SqliteLedger(DatabaseLedger):
    """The ledger in its own SQLite file beside the checkpoints (``ledger_path(data_dir)``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(Database.sqlite(path))
