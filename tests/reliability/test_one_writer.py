"""One writer per issue date, with real processes: while one ``desk`` command holds a date
(paused at a test-only point, so the overlap is certain), a second command on the same date exits
1 with the busy line naming the holder; its request is kept in the action log, never applied; the
first one finishes and the history has no forks. A holder killed with SIGKILL leaves no lock
behind. On SQLite (flock) and, for two reviews, on PostgreSQL (advisory locks)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from agent.crashpoints import PAUSE_AT_ENV, PAUSE_DIR_ENV
from agent.llm.router import LLMRouter
from agent.session import DeskSession
from agent.state import decisions_of, draft_version_of, versions_of
from tests.reliability.killing import DATE, EDITED_ESSAY, desk, must

DRAFT = ("draft", "--sample", DATE)
EDIT = ("review", DATE, "--edit", "edit.txt")
APPROVE = ("review", DATE, "--approve")
REGEN = ("regen", DATE, "--section", "papers")


@pytest.fixture(scope="module")
def drafted_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("one-writer-drafted")
    must(desk(root, DRAFT, {}), "template draft")
    return root


@dataclass
class Holder:
    process: subprocess.Popen[str]
    stderr: str = ""

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def returncode(self) -> int | None:
        return self.process.returncode


@contextmanager
def holding(root: Path, args: tuple[str, ...], label: str,
            env: dict[str, str] | None = None) -> Iterator[Holder]:
    """A desk process stopped at ``label`` (holding the date); released at the end of the
    block (unless the block killed it), its stderr kept."""
    pause = Path(tempfile.mkdtemp(prefix=f"pause-{args[0]}-", dir=root))
    command = [sys.executable, "-m", "agent.cli", *args, "--data-dir", str(root / "data"),
               "--out", str(root / "out")]
    process = subprocess.Popen(command, cwd=root, text=True, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE,
                               env={**os.environ, **(env or {}), PAUSE_AT_ENV: label,
                                    PAUSE_DIR_ENV: str(pause)})
    deadline = time.monotonic() + 120
    while not (pause / "reached").exists():
        assert process.poll() is None, f"{args} ended before {label}: {process.communicate()}"
        assert time.monotonic() < deadline, f"{args} never reached {label}"
        time.sleep(0.02)
    holder = Holder(process)
    try:
        yield holder
    finally:
        (pause / "go").touch()
        holder.stderr = process.communicate(timeout=120)[1]


def busy_line(stderr: str, holder: Holder, command: str) -> str:
    line = stderr.strip().splitlines()[-1]
    pattern = rf"^error: {DATE} is busy: desk {command} \(pid {holder.pid} on \S+\) since \S+; "
    assert re.match(pattern, line), line
    return line


def copy_of(template: Path, root: Path) -> Path:
    shutil.copytree(template, root, dirs_exist_ok=True)
    (root / "edit.txt").write_text(EDITED_ESSAY, encoding="utf-8")
    return root


def state_and_actions(root: Path, env: dict[str, str] | None = None):
    with DeskSession(date=DATE, data_dir=root / "data", out_dir=root / "out",
                     router=LLMRouter(), env=env or {}, create=False) as session:
        return session.state(), session.store.actions(DATE), session.store.versions(
            session.thread_id)


def assert_no_forks(root: Path, env: dict[str, str] | None = None) -> None:
    """Every section has one line of versions (numbers 1..n, no two alike from one request),
    the store mirrors exactly the state's versions, and nothing is left applying."""
    state, actions, stored = state_and_actions(root, env)
    versions = versions_of(state.values)
    numbers = Counter(v.section for v in versions)
    for section, count in numbers.items():
        assert sorted(v.version for v in versions if v.section == section) == list(
            range(1, count + 1)), section
    assert len(stored) == len(versions)
    assert not [a for a in actions if a.status == "applying"]
    decided = {d.id for d in decisions_of(state.values)}
    assert all(v.decision_id in decided for v in versions if v.decision_id)


# -- SQLite --------------------------------------------------------------------------------------
def test_two_drafts_of_one_date_one_drafts_the_other_is_busy(tmp_path):
    with holding(tmp_path, DRAFT, "before-node:curate") as first:
        second = desk(tmp_path, DRAFT, {})
        assert second.returncode == 1
        busy_line(second.stderr, first, "draft")
    assert first.returncode == 0, first.stderr
    state, actions, _ = state_and_actions(tmp_path)
    assert state.values["status"] == "awaiting_review" and draft_version_of(state.values) == 1
    assert all(v.version == 1 and v.origin == "draft" for v in versions_of(state.values))
    assert not actions
    assert_no_forks(tmp_path)


def test_a_review_while_the_draft_runs_is_busy_and_kept(tmp_path):
    (tmp_path / "edit.txt").write_text(EDITED_ESSAY, encoding="utf-8")
    with holding(tmp_path, DRAFT, "before-node:claims") as drafting:
        review = desk(tmp_path, EDIT, {})
        assert review.returncode == 1
        line = busy_line(review.stderr, drafting, "draft")
        assert "your request is saved as action #1 but not applied" in line
    assert drafting.returncode == 0, drafting.stderr
    state, actions, _ = state_and_actions(tmp_path)
    assert not decisions_of(state.values) and draft_version_of(state.values) == 1
    assert [(a.status, a.decision["type"]) for a in actions] == [("busy", "edit")]
    assert "The constraint is silicon." in actions[0].decision["edited_paragraphs"][1]
    assert_no_forks(tmp_path)


def test_two_reviews_one_applies_the_other_is_busy_and_kept(tmp_path, drafted_template):
    root = copy_of(drafted_template, tmp_path)
    with holding(root, EDIT, "action-stored") as editing:
        approve = desk(root, APPROVE, {})
        assert approve.returncode == 1
        busy_line(approve.stderr, editing, "review")
    assert editing.returncode == 0, editing.stderr
    state, actions, _ = state_and_actions(root)
    assert [d.type for d in decisions_of(state.values)] == ["edit"]
    assert state.values["status"] == "awaiting_review"  # the approval was not applied
    assert sorted((a.status, a.decision["type"]) for a in actions) == [
        ("applied", "edit"), ("busy", "accept")]
    assert not (root / "out" / DATE / "final.md").exists()
    assert_no_forks(root)


def test_two_regens_one_regenerates_the_other_is_busy(tmp_path, drafted_template):
    root = copy_of(drafted_template, tmp_path)
    with holding(root, REGEN, "before-node:rework") as first:
        second = desk(root, REGEN, {})
        assert second.returncode == 1
        busy_line(second.stderr, first, "regen")
    assert first.returncode == 0, first.stderr
    state, actions, _ = state_and_actions(root)
    assert [v.version for v in versions_of(state.values, "papers")] == [1, 2]
    assert [d.type for d in decisions_of(state.values)] == ["regen"]
    assert sorted(a.status for a in actions) == ["applied", "busy"]
    assert_no_forks(root)


def test_regens_released_at_once_apply_one_at_a_time_without_forks(tmp_path, drafted_template):
    """No pause: four regens of different sections are released together; each either applies
    or is busy, and exactly the applied ones are in the history."""
    root = copy_of(drafted_template, tmp_path)
    go = root / "go"
    starter = ("import sys, time, pathlib, agent.commands.sections\n"
               "while not pathlib.Path(sys.argv[1]).exists(): time.sleep(0.002)\n"
               "sys.argv = ['desk', *sys.argv[2:]]\n"
               "from agent.cli import main\nmain()\n")
    sections = ("papers", "wire", "labs", "essay.p2")
    processes = [subprocess.Popen(
        [sys.executable, "-c", starter, str(go), "regen", DATE, "--section", section,
         "--data-dir", str(root / "data"), "--out", str(root / "out")],
        cwd=root, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for section in sections]
    time.sleep(3.0)  # every process has imported the desk and waits
    go.touch()
    results = [(p, *p.communicate(timeout=180)) for p in processes]
    applied = [s for s, (p, _, _) in zip(sections, results, strict=True) if p.returncode == 0]
    for process, _, stderr in results:
        assert process.returncode in (0, 1), stderr
        if process.returncode == 1:
            assert f"{DATE} is busy: desk regen (pid" in stderr, stderr
    assert applied
    state, actions, _ = state_and_actions(root)
    assert sorted(d.section for d in decisions_of(state.values)) == sorted(applied)
    assert draft_version_of(state.values) == 1 + len(applied)
    assert Counter(a.status for a in actions) == Counter(
        {"applied": len(applied), "busy": len(sections) - len(applied)})
    assert_no_forks(root)


def test_a_holder_killed_with_sigkill_leaves_no_lock_and_its_edit_is_finished(
        tmp_path, drafted_template):
    root = copy_of(drafted_template, tmp_path)
    with holding(root, EDIT, "action-stored") as editing:
        editing.process.send_signal(signal.SIGKILL)
        editing.process.wait(timeout=30)
    assert editing.returncode == -signal.SIGKILL
    resumed = desk(root, ("draft", "--date", DATE), {})
    assert resumed.returncode == 0, resumed.stderr
    assert "applied your interrupted edit (action #1), stored before the crash" in resumed.stderr
    state, actions, _ = state_and_actions(root)
    assert [d.type for d in decisions_of(state.values)] == ["edit"]
    assert [a.status for a in actions] == ["recovered"]
    assert_no_forks(root)


# -- PostgreSQL ------------------------------------------------------------------------------------
@pytest.mark.slow
def test_two_reviews_on_postgres_one_applies_the_other_is_busy(tmp_path, postgres_url):
    env = {"DESK_DATABASE_URL": postgres_url}
    (tmp_path / "edit.txt").write_text(EDITED_ESSAY, encoding="utf-8")
    must(desk(tmp_path, DRAFT, env), "draft on PostgreSQL")
    with holding(tmp_path, EDIT, "action-stored", env) as editing:
        approve = desk(tmp_path, APPROVE, env)
        assert approve.returncode == 1
        busy_line(approve.stderr, editing, "review")
    assert editing.returncode == 0, editing.stderr
    state, actions, _ = state_and_actions(tmp_path, env)
    assert [d.type for d in decisions_of(state.values)] == ["edit"]
    assert sorted((a.status, a.decision["type"]) for a in actions) == [
        ("applied", "edit"), ("busy", "accept")]
    assert_no_forks(tmp_path, env)
    with holding(tmp_path, APPROVE, "action-stored", env) as approving:  # a crashed holder
        approving.process.send_signal(signal.SIGKILL)
        approving.process.wait(timeout=30)
    resumed = desk(tmp_path, ("draft", "--date", DATE), env)
    assert resumed.returncode == 0, resumed.stderr
    assert "applied your interrupted approval" in resumed.stderr
    state, _, _ = state_and_actions(tmp_path, env)
    assert state.values["status"] == "published"
