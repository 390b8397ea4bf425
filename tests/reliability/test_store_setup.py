"""Store setup never bricks a data dir. A kill between any two statements of a migration (run by
a "future" desk whose next migration is written carelessly: plain ADD COLUMN, CREATE TABLE and a
backfill, tests/reliability/future_desk.py) on a data dir holding real runs leaves the store at
the previous version; the next command migrates it once and every run is still there. A store an
older desk left half-migrated (tables of the next migration present, version not bumped) is
repaired, on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
import signal
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from agent.persistence.database import Database
from agent.persistence.migrations import LEDGER, RUN_STORE
from agent.persistence.runs import RunStore
from tests.reliability.killing import DATE, desk, integrity, must

FUTURE = (str(Path(__file__).with_name("future_desk.py")),)
RESUME = ("draft", "--date", DATE)


@pytest.fixture(scope="module")
def real_runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir holding two real runs: one regenerated and approved, one awaiting review."""
    root = tmp_path_factory.mktemp("real-runs")
    must(desk(root, ("draft", "--sample", DATE), {}), "draft")
    must(desk(root, ("regen", DATE, "--section", "papers"), {}), "regen")
    must(desk(root, ("review", DATE, "--approve"), {}), "approve")
    must(desk(root, ("draft", "--sample", "2026-04-22"), {}), "second draft")
    return root


def records(root: Path) -> dict[str, list[tuple]]:
    """Every row a run is made of, from the run store and the ledger."""
    with sqlite3.connect(root / "data" / "runs.sqlite") as runs, \
            sqlite3.connect(root / "data" / "ledger.sqlite") as ledger:
        return {
            "runs": runs.execute("SELECT date, thread_id, generation FROM runs "
                                 "ORDER BY date").fetchall(),
            "actions": runs.execute("SELECT id, decision, status FROM editor_actions "
                                    "ORDER BY id").fetchall(),
            "versions": runs.execute("SELECT thread_id, section, version, content FROM "
                                     "section_versions ORDER BY id").fetchall(),
            "edits": runs.execute("SELECT id, after_text FROM editor_edits").fetchall(),
            "snapshots": runs.execute("SELECT id FROM snapshots ORDER BY id").fetchall(),
            "runs_info": ledger.execute("SELECT run_id FROM llm_runs ORDER BY run_id").fetchall(),
        }


def user_version(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])


def setup_points(root: Path) -> list[str]:
    """The crash points a future desk passes on a data dir holding runs: it sets its stores up
    (both new migrations included), then finds the run already published."""
    trace = root / "trace.txt"
    must(desk(root, RESUME, {}, trace=trace, entry=FUTURE), "tracing the future desk")
    labels = list(dict.fromkeys(trace.read_text(encoding="utf-8").split()))
    assert any(label.startswith("migration:runs:5:") for label in labels), labels
    assert any(label.startswith("migration:ledger:3:") for label in labels), labels
    return labels


def kill_then_resume(root: Path, label: str) -> str:
    """Kill the future desk at ``label``, then run it normally; '' when all is well."""
    killed = desk(root, RESUME, {}, kill_at=label, entry=FUTURE)
    if killed.returncode != -signal.SIGKILL:
        return f"{label}: not reached (exit {killed.returncode}) {killed.stderr[-300:]}"
    resumed = desk(root, RESUME, {}, entry=FUTURE)
    if resumed.returncode != 0:
        return f"{label}: the next command failed: {resumed.stderr[-600:]}"
    return ""


def kill_at_each(real_runs: Path, work: Path, points: list[str]) -> list[Path]:
    """Each point on its own copy of the runs (in parallel); returns the copies, checked."""
    before = records(real_runs)
    roots = [_copy(real_runs, work / f"p{i}") for i in range(len(points))]
    with ThreadPoolExecutor(max_workers=4) as pool:
        problems = [p for p in pool.map(kill_then_resume, roots, points) if p]
    assert not problems, "\n".join(problems)
    for root in roots:
        data = root / "data"
        assert records(root) == before, root
        assert user_version(data / "runs.sqlite") == len(RUN_STORE) + 1
        assert user_version(data / "ledger.sqlite") == len(LEDGER) + 1
        with sqlite3.connect(data / "runs.sqlite") as runs:  # the backfill ran exactly once
            assert runs.execute("SELECT count(*) FROM run_notes").fetchone()[0] == 2
        for path in data.glob("*.sqlite"):
            assert integrity(path) == "ok", path
    return roots


@pytest.mark.slow
def test_a_kill_at_every_migration_statement_loses_no_run(tmp_path, real_runs):
    points = [p for p in setup_points(_copy(real_runs, tmp_path / "trace"))
              if p.startswith("migration:")]
    assert len(points) == 6, points
    (root, *_) = kill_at_each(real_runs, tmp_path, points)
    history = desk(root, ("history", DATE, "--json"), {})  # today's desk reads it too
    assert history.returncode == 0 and '"origin": "regen papers"' in history.stdout


@pytest.mark.slow
def test_a_kill_at_every_point_of_setup_loses_no_run(tmp_path, real_runs):
    """Every crash point of a future desk's setup: statements, commits, version checks."""
    kill_at_each(real_runs, tmp_path, setup_points(_copy(real_runs, tmp_path / "trace")))


@pytest.mark.parametrize("version", range(len(RUN_STORE)))
def test_a_store_an_older_desk_left_half_migrated_is_repaired(tmp_path, real_runs, version):
    root = _copy(real_runs, tmp_path / "root")
    data = root / "data"
    before = records(root)
    with sqlite3.connect(data / "runs.sqlite") as runs:  # the next migrations' tables exist
        runs.execute(f"PRAGMA user_version = {version}")
    with sqlite3.connect(data / "ledger.sqlite") as ledger:
        ledger.execute(f"PRAGMA user_version = {min(version, len(LEDGER) - 1)}")
    resumed = desk(root, RESUME, {})
    assert resumed.returncode == 0, resumed.stderr
    assert user_version(data / "runs.sqlite") == len(RUN_STORE)
    assert user_version(data / "ledger.sqlite") == len(LEDGER)
    assert records(root) == before


def test_a_half_added_migration_is_completed_not_refused(tmp_path):
    """An older desk committed m004's first column and died: the rest is added."""
    path = tmp_path / "runs.sqlite"
    RunStore(path).close()
    with sqlite3.connect(path) as runs:
        runs.executescript("DROP INDEX editor_actions_decision; DROP INDEX editor_actions_date;"
                           "DROP TABLE snapshots; DROP TABLE date_locks;"
                           "ALTER TABLE editor_actions DROP COLUMN holder;"
                           "PRAGMA user_version = 3;")
    store = RunStore(path)
    try:
        action = store.store_action(date=DATE, thread_id="issue-x", decision={"id": "d1"},
                                    draft_version=1, status="stored", holder="desk review")
        assert store.action(action).holder == "desk review"
        assert store.db.fetch("SELECT count(*) FROM snapshots") == [(0,)]
    finally:
        store.close()
    assert user_version(path) == len(RUN_STORE)


def test_a_postgres_store_with_its_versions_forgotten_is_repaired(tmp_path, postgres_url):
    env = {"DESK_DATABASE_URL": postgres_url}
    must(desk(tmp_path, ("draft", "--sample", DATE), env), "draft on PostgreSQL")
    must(desk(tmp_path, ("regen", DATE, "--section", "papers"), env), "regen on PostgreSQL")
    db = Database.postgres(postgres_url)
    try:
        db.execute("DELETE FROM desk_migrations WHERE version >= 2")
        resumed = desk(tmp_path, RESUME, env)
        assert resumed.returncode == 0, resumed.stderr
        assert db.fetch("SELECT store, max(version) FROM desk_migrations GROUP BY store "
                        "ORDER BY store") == [("ledger", len(LEDGER)), ("runs", len(RUN_STORE))]
        assert db.fetch("SELECT count(*) FROM section_versions WHERE section = 'papers'") == [
            (2,)]
    finally:
        db.close()


def _copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target
