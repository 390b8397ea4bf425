"""``desk`` as a future version would ship it: one more migration for the run store and the
ledger, written the way a careless migration would be (a plain ``ADD COLUMN``, a plain ``CREATE
TABLE``, a backfill), so only the transaction around it keeps a kill from leaving it half done.
Run as a script: ``python future_desk.py ARGS`` is ``desk ARGS`` with those migrations."""

from __future__ import annotations

import sys

import agent.persistence.ledger as ledger
import agent.persistence.runs as runs
from agent.persistence.migrations import same

RUN_STORE_NEXT = same(
    "m005_review_notes",
    "ALTER TABLE runs ADD COLUMN reviewed_by TEXT",
    "CREATE TABLE run_notes (date TEXT PRIMARY KEY, note TEXT NOT NULL)",
    "INSERT INTO run_notes (date, note) SELECT date, 'migrated' FROM runs",
    "UPDATE runs SET reviewed_by = 'nobody'",
)
LEDGER_NEXT = same(
    "m003_run_budgets",
    "CREATE TABLE run_budgets (run_id TEXT PRIMARY KEY, usd REAL NOT NULL)",
    "INSERT INTO run_budgets (run_id, usd) SELECT run_id, 0.4 FROM llm_runs",
)


def install() -> None:
    runs.RUN_STORE = (*runs.RUN_STORE, RUN_STORE_NEXT)
    ledger.LEDGER = (*ledger.LEDGER, LEDGER_NEXT)


if __name__ == "__main__":
    install()
    from agent.cli import main

    sys.argv = ["desk", *sys.argv[1:]]
    main()
