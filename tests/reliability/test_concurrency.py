"""Two ``desk draft`` processes for different dates at once, sharing one data directory (one
checkpoint database, one ledger, one run store): both complete, each with its own package and
its own calls. Found here: two processes creating the run store at once both ran its migrations,
and the second failed ("table ... already exists")."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time

from agent.persistence.ledger import SqliteLedger
from agent.persistence.migrations import RUN_STORE as MIGRATIONS
from agent.persistence.runs import RunStore
from agent.persistence.runs import thread_id_for as run_id_for
from tests.sim.server import SimLLMServer
from tests.reliability.support import (
    SIM_MODEL_FLAGS,
    assert_complete_package,
    assert_no_completed_call_repeated,
    sim_env,
)

DATES = ("2026-04-21", "2026-04-22")


def test_two_drafts_for_different_dates_at_once_complete_independently(
        tmp_path, sim: SimLLMServer):
    env = {**os.environ, **sim_env(sim)}
    processes = [
        subprocess.Popen([sys.executable, "-m", "agent.cli", "draft", "--sample", date,
                          "--no-review", *SIM_MODEL_FLAGS, "--data-dir", str(tmp_path / "data"),
                          "--out", str(tmp_path / "out")],
                         env=env, cwd=tmp_path, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
        for date in DATES]
    errors = [process.communicate(timeout=120)[1] for process in processes]
    assert [p.returncode for p in processes] == [0, 0], errors

    ledger = SqliteLedger(tmp_path / "data" / "ledger.sqlite")
    try:
        for date in DATES:
            assert_complete_package(tmp_path / "out", date)
            calls = ledger.calls(run_id_for(date))
            assert_no_completed_call_repeated(calls)
            assert all(c.run_id == run_id_for(date) for c in calls)
    finally:
        ledger.close()
    store = RunStore(tmp_path / "data" / "runs.sqlite")
    try:
        assert [date for date, _ in store.dates()] == list(DATES)
    finally:
        store.close()


OPEN_STORE = """
import sys, time
from pathlib import Path
from agent.persistence.runs import RunStore
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.001)
RunStore(Path(sys.argv[1])).close()
"""


def test_processes_opening_a_fresh_run_store_at_once_all_succeed(tmp_path):
    database, go = tmp_path / "runs.sqlite", tmp_path / "go"
    openers = [subprocess.Popen([sys.executable, "-c", OPEN_STORE, str(database), str(go)],
                                stderr=subprocess.PIPE, text=True) for _ in range(4)]
    time.sleep(1.0)  # every opener imported and waiting
    go.touch()
    errors = [opener.communicate(timeout=60)[1] for opener in openers]
    assert [opener.returncode for opener in openers] == [0] * 4, errors
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
