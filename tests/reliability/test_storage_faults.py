"""The disk fights back: the checkpoint database locked by another process, and an output
directory the desk cannot write. Each case ends with one clear line, the run paused at its last
checkpoint (or waiting its turn), and the same command finishing it; nothing the editor wrote is
lost on the way."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from agent.cli import app
from agent.errors import CheckpointError
from agent.persistence.ledger import SqliteLedger
from agent.persistence.runs import thread_id_for as run_id_for
from agent.persistence import (
    BUSY_TIMEOUT_ENV,
    CHECKPOINT_FILE,
    open_sqlite_checkpointer,
)
from tests.sim.server import Fault, SimLLMServer
from tests.helpers import session_for, start_input
from tests.reliability.support import (
    DATE,
    SIM_KEY,
    SIM_MODEL_FLAGS,
    assert_complete_package,
    assert_no_completed_call_repeated,
    sim_env,
)

LOCKER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
"""


def start_locker(database: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process that holds the write lock on ``database`` for ``seconds`` (or until
    killed); returns once it holds it."""
    locker = subprocess.Popen([sys.executable, "-c", LOCKER, str(database), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
    return locker


@contextmanager
def locked(database: Path, seconds: float) -> Iterator[None]:
    database.parent.mkdir(parents=True, exist_ok=True)
    open_sqlite_checkpointer(database).conn.close()  # an existing (WAL) database, as after a run
    locker = start_locker(database, seconds)
    try:
        yield
    finally:
        locker.kill()
        locker.wait()


def desk(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, (result.stderr or "") + result.output


def _draft_args(root: Path, *extra: str) -> list[str]:
    return ["draft", "--sample", DATE, "--data-dir", str(root / "data"),
            "--out", str(root / "out"), *extra]


# -- the checkpoint database locked by another process ------------------------------------------
def test_a_draft_waits_for_a_short_lock_and_completes(tmp_path, monkeypatch):
    monkeypatch.setenv(BUSY_TIMEOUT_ENV, "20")
    with locked(tmp_path / "data" / CHECKPOINT_FILE, seconds=1.0):
        code, output = desk(*_draft_args(tmp_path, "--no-review"))
    assert code == 0, output
    assert (tmp_path / "out" / DATE / "draft.md").exists()


def test_a_lock_held_past_the_timeout_stops_the_run_at_its_checkpoint_and_it_resumes(
        tmp_path, monkeypatch):
    monkeypatch.setenv(BUSY_TIMEOUT_ENV, "0.3")
    database = tmp_path / "data" / CHECKPOINT_FILE
    lockers: list[subprocess.Popen[str]] = []

    def lock_during_curate(node: str, message: str) -> None:
        if node == "curate" and message == "started":
            lockers.append(start_locker(database, seconds=60))

    with session_for(tmp_path, DATE) as session:
        session.context.progress = lock_during_curate
        try:
            with pytest.raises(CheckpointError) as stopped:
                session.run(start_input(DATE, review=False))
        finally:
            for locker in lockers:
                locker.kill()
                locker.wait()
        assert lockers and session.state().next == ("curate",)  # gather's checkpoint stands
    message = str(stopped.value)
    assert "locked by another process" in message and "\n" not in message
    assert "run the same command again" in message

    with session_for(tmp_path, DATE) as session:  # the same command, once the lock is gone
        state = session.run(None)
    assert state.values["status"] == "drafted"
    assert [t["node"] for t in state.values["timings"]].count("gather") == 1


def test_a_lock_on_the_first_write_is_one_clear_line(tmp_path, monkeypatch):
    monkeypatch.setenv(BUSY_TIMEOUT_ENV, "0.3")
    with locked(tmp_path / "data" / CHECKPOINT_FILE, seconds=60):
        code, output = desk(*_draft_args(tmp_path, "--no-review"))
    assert code == 1
    assert "Traceback" not in output
    assert output.strip().splitlines()[-1].startswith("error: the run stopped at its last "
                                                      "checkpoint")
    code, output = desk(*_draft_args(tmp_path, "--no-review"))  # the lock is gone
    assert code == 0, output


# -- an output directory the desk cannot write ---------------------------------------------------
def test_an_unwritable_output_directory_pauses_before_assemble_and_resumes(
        tmp_path, monkeypatch, sim: SimLLMServer):
    for name, value in sim_env(sim).items():
        monkeypatch.setenv(name, value)
    in_the_way = tmp_path / "out" / DATE
    in_the_way.parent.mkdir(parents=True)
    in_the_way.write_text("a file where the package directory should be")

    code, output = desk(*_draft_args(tmp_path, "--no-review", *SIM_MODEL_FLAGS))
    assert code == 1 and "Traceback" not in output
    last = output.strip().splitlines()[-1]
    assert last.startswith("error: paused before assemble: cannot write the package to")
    assert "run the same command again to resume" in last

    in_the_way.unlink()
    code, output = desk(*_draft_args(tmp_path, "--no-review", *SIM_MODEL_FLAGS))
    assert code == 0, output
    assert "Resuming the 2026-04-21 run" in output
    assert_complete_package(tmp_path / "out")
    ledger = SqliteLedger(tmp_path / "data" / "ledger.sqlite")
    assert_no_completed_call_repeated(ledger.calls(run_id_for(DATE)))
    ledger.close()


def test_an_approval_is_kept_when_the_final_issue_cannot_be_written(tmp_path):
    root = ["--data-dir", str(tmp_path / "data"), "--out", str(tmp_path / "out")]
    assert desk(*_draft_args(tmp_path))[0] == 0
    blocker = tmp_path / "out" / DATE / "final.md"
    blocker.mkdir()  # a directory where final.md must go

    code, output = desk("review", DATE, "--approve", "--editor", "Ada", *root)
    assert code == 1 and "Traceback" not in output
    assert "your decision is saved (action #1)" in output
    assert f"desk draft --date {DATE}" in output

    blocker.rmdir()
    code, output = desk("draft", "--date", DATE, *root)
    assert code == 0, output
    assert "Grant Calloway" in (tmp_path / "out" / DATE / "final.md").read_text()
    with session_for(tmp_path, DATE) as session:
        actions = session.store.actions(DATE)
        assert session.state().values["status"] == "published"
    assert [(a.decision["type"], a.decision["editor"]) for a in actions] == [("accept", "Ada")]


def test_editor_notes_survive_a_provider_outage_and_drive_the_resumed_revision(
        tmp_path, monkeypatch, sim: SimLLMServer):
    # The Anthropic key selects a model for every command, `desk review` included.
    monkeypatch.setenv("ANTHROPIC_API_KEY", SIM_KEY)
    monkeypatch.setenv("ANTHROPIC_BASE_URL", sim.anthropic_base_url)
    root = ["--data-dir", str(tmp_path / "data"), "--out", str(tmp_path / "out")]
    notes = "Lead with the compute contracts, not the model launches."
    assert desk(*_draft_args(tmp_path))[0] == 0
    sim.inject(Fault("529", schema="RevisionDecision", times=1000))

    code, output = desk("review", DATE, "--notes", notes, *root)
    assert code == 1 and "Traceback" not in output
    assert "your decision is saved (action #1)" in output

    sim.clear_faults()
    code, output = desk("draft", "--date", DATE, *root)
    assert code == 0, output
    review = json.loads((tmp_path / "out" / DATE / "review.json").read_text())
    assert review["revisions"][-1]["trigger"] == "editor_notes"
    assert review["revisions"][-1]["targets"] == [notes]
    assert review["revisions"][-1]["generated_by"].startswith("anthropic:")
    assert [d["notes"] for d in review["editor_decisions"]] == [notes]
