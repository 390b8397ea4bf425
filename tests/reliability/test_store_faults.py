"""The stores fail under the desk: a read-only data or output directory, a full disk, a damaged
runs/ledger/checkpoints database, a checkpoint file that is missing, empty, another program's or
another run's, and on PostgreSQL an unreachable server or a dropped table. Every case is one
line (no traceback) that names what failed and what to do; nothing the editor wrote is lost, and
once the fault is fixed the same command (or ``desk draft --date D``) carries on.

Read-only and full directories need a mount (a read-only bind mount, a small tmpfs): as root,
where mounting works; otherwise those tests skip with the reason printed (a non-root user gets
a read-only directory from its permissions instead)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from agent.cli import app
from agent.llm.router import LLMRouter
from agent.persistence.runs import RunStore
from agent.session import DeskSession
from agent.state import decisions_of, essay_of, versions_of
from tests.skipping import announce_skip

DATE = "2026-04-21"
EDIT = "The editor's own first paragraph.\n\nAnd a second one, shorter.\n"


def desk(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, [*args, "--data-dir", str(root / "data")]
                                + (["--out", str(root / "out")] if args[0] in (
                                    "draft", "review", "regen", "restore") else []))
    output = (result.stderr or "") + result.output
    assert "Traceback" not in output, output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, output


def error_line(output: str) -> str:
    """The one error line, which must be the last line."""
    line = output.strip().splitlines()[-1]
    assert line.startswith("error: "), output
    return line


@pytest.fixture(scope="module")
def drafted_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("drafted")
    assert desk(root, "draft", "--sample", DATE)[0] == 0
    shutil.copy(root / "data" / "checkpoints.sqlite", root / "checkpoints.before-regen")
    assert desk(root, "regen", DATE, "--section", "papers")[0] == 0
    return root


@pytest.fixture
def run(drafted_root: Path, tmp_path: Path) -> Path:
    """A run awaiting review (draft v2: papers regenerated), owned by this test."""
    shutil.copytree(drafted_root, tmp_path / "run")
    (tmp_path / "run" / "edit.txt").write_text(EDIT, encoding="utf-8")
    return tmp_path / "run"


def state_of(root: Path, env: dict[str, str] | None = None):
    with DeskSession(date=DATE, data_dir=root / "data", out_dir=root / "out",
                     router=LLMRouter(), env=env or {}, create=False) as session:
        return session.state(), session.store.actions(DATE)


# -- mounts ----------------------------------------------------------------------------------------
def _mount(request: pytest.FixtureRequest, *args: str) -> None:
    result = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        announce_skip(request.config, f"cannot mount here ({result.stderr.strip()[:200]})")


class ReadOnly:
    """Makes directories read-only: a read-only bind mount as root, permissions otherwise."""

    def __init__(self, request: pytest.FixtureRequest) -> None:
        self.request = request
        self._undo: list[Callable[[], object]] = []

    def __call__(self, path: Path) -> None:
        if os.geteuid() != 0:
            modes = {p: p.stat().st_mode for p in [path, *path.rglob("*")]}
            for p, mode in modes.items():
                p.chmod(mode & ~0o222)
            self._undo.append(lambda: [p.chmod(m) for p, m in modes.items()])
        else:
            _mount(self.request, "--bind", str(path), str(path))
            self._undo.append(lambda: subprocess.run(["umount", str(path)], check=True))
            _mount(self.request, "-o", "remount,ro,bind", str(path))
        with pytest.raises(OSError):
            (path / ".probe").write_text("x")

    def undo(self) -> None:
        while self._undo:
            self._undo.pop()()


@pytest.fixture
def read_only(request: pytest.FixtureRequest) -> Iterator[ReadOnly]:
    maker = ReadOnly(request)
    yield maker
    maker.undo()


@contextmanager
def full_disk(request: pytest.FixtureRequest, path: Path, *, free_kb: int) -> Iterator[Path]:
    """``path`` moved onto a small tmpfs left with ``free_kb`` free; yields the filler file,
    whose removal frees the space again."""
    if os.geteuid() != 0:
        announce_skip(request.config, "a full disk needs a tmpfs mount (root)")
    saved = path.with_name(path.name + ".saved")
    path.rename(saved)
    path.mkdir()
    _mount(request, "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(path))
    try:
        shutil.copytree(saved, path, dirs_exist_ok=True)
        available = shutil.disk_usage(path).free // 1024
        filler = path / "filler"
        with filler.open("wb") as handle:
            handle.write(b"\0" * max(available - free_kb, 0) * 1024)
        yield filler
    finally:
        subprocess.run(["umount", str(path)], check=True)
        path.rmdir()
        saved.rename(path)


# -- read-only directories -------------------------------------------------------------------------
def test_a_read_only_data_dir_is_one_line_for_every_command_and_loses_nothing(run, read_only):
    read_only(run / "data")
    for args in (("runs",), ("draft", "--date", DATE), ("review", DATE, "--approve"),
                 ("regen", DATE, "--section", "trending"), ("restore", DATE, "papers", "1")):
        code, output = desk(run, *args)
        line = error_line(output)
        assert code == 1 and "is read-only" in line, (args, line)
        assert f"the directory {run / 'data'}" in line and "make it writable" in line
    assert desk(run, "history", DATE)[0] == 0  # reading the run store still works
    read_only.undo()
    code, output = desk(run, "review", DATE, "--approve")
    assert code == 0, output
    state, actions = state_of(run)
    assert state.values["status"] == "published"
    assert [len(versions_of(state.values, "papers"))] == [2]


def test_a_read_only_output_dir_pauses_the_draft_and_keeps_the_approval(run, read_only):
    read_only(run / "out")
    code, output = desk(run, "review", DATE, "--approve", "--editor", "Ada")
    line = error_line(output)
    assert code == 1 and "your decision is saved (action #2)" in line
    assert f"desk draft --date {DATE}" in line
    code, output = desk(run, "regen", DATE, "--section", "trending")  # the run is mid-pass
    assert code == 1 and f"finish it with `desk draft --date {DATE}`" in error_line(output)
    read_only.undo()
    code, output = desk(run, "draft", "--date", DATE)
    assert code == 0, output
    assert (run / "out" / DATE / "final.md").exists()
    state, actions = state_of(run)
    assert [(d.type, d.editor) for d in decisions_of(state.values)][-1] == ("accept", "Ada")


# -- a full disk -----------------------------------------------------------------------------------
def test_a_full_disk_mid_edit_keeps_the_decision_and_says_how_to_resume(run, request):
    with full_disk(request, run / "data", free_kb=256) as filler:
        code, output = desk(run, "review", DATE, "--edit", str(run / "edit.txt"))
        line = error_line(output)
        assert code == 1 and "your decision is saved (action #2)" in line
        assert "is the disk full?" in line and f"desk draft --date {DATE}" in line
        assert "closing the stores" not in line  # the first error is the one shown
        filler.unlink()
        code, output = desk(run, "draft", "--date", DATE)
        assert code == 0, output
        assert "finished your interrupted edit (action #2)" in output
        state, actions = state_of(run)
    assert essay_of(state.values).paragraphs == [p.strip() for p in EDIT.split("\n\n")]
    assert [d.type for d in decisions_of(state.values)] == ["regen", "edit"]
    assert not [a for a in actions if a.status == "applying"]


def test_a_disk_too_full_to_store_the_decision_says_so(run, request):
    with full_disk(request, run / "data", free_kb=0) as filler:
        code, output = desk(run, "review", DATE, "--notes", "Shorter, please.")
        line = error_line(output)
        assert code == 1 and "is the disk full?" in line
        assert "your request could not be stored either: run the same command again" in line
        filler.unlink()
        code, output = desk(run, "review", DATE, "--edit", str(run / "edit.txt"))
        assert code == 0, output


def test_a_full_output_disk_pauses_before_the_package_and_resumes(run, request):
    with full_disk(request, run / "out", free_kb=0) as filler:
        code, output = desk(run, "regen", DATE, "--section", "wire")
        line = error_line(output)
        assert code == 1 and "your decision is saved (action #2)" in line
        assert "cannot write the package" in line
        filler.unlink()
        code, output = desk(run, "regen", DATE, "--section", "wire")
        assert code == 0, output
        assert "finished your interrupted regen of wire (action #2)" in output
    state, _ = state_of(run)
    assert [d.section for d in decisions_of(state.values)] == ["papers", "wire"]


# -- damaged databases -----------------------------------------------------------------------------
def _truncate(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def _scribble(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as handle:
        for offset in range(4096, size, 3 * 4096):
            handle.seek(offset + 10)
            handle.write(b"\xa5" * 64)


def _overwrite_header(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.write(b"not a database, not at all" * 4)


DAMAGES = {"truncated": _truncate, "scribbled": _scribble, "header": _overwrite_header}
# What each file's damage still leaves working (the hint in its message says the same).
STILL_WORKS = {"checkpoints": ("history", "cost"), "ledger": ("history", "runs"), "runs": ()}
COMMANDS = {"runs": ("runs",), "history": ("history", DATE), "cost": ("cost", DATE),
            "draft": ("draft", "--date", DATE), "review": ("review", DATE, "--approve")}
HINTS = {"checkpoints": "Saved runs cannot resume from it", "ledger": "It holds the LLM call",
         "runs": "It holds every date's run records"}


@pytest.mark.parametrize("damage", DAMAGES)
@pytest.mark.parametrize("database", ["checkpoints", "ledger", "runs"])
def test_a_damaged_database_is_named_with_what_was_lost_and_what_still_works(
        run, database, damage):
    path = run / "data" / f"{database}.sqlite"
    DAMAGES[damage](path)
    for name, args in COMMANDS.items():
        code, output = desk(run, *args)
        if code == 0:
            assert name in STILL_WORKS[database] or damage == "scribbled", (name, output)
            continue
        line = error_line(output)
        assert code == 1 and str(path) in line, (name, line)
        assert "is damaged" in line and HINTS[database] in line, (name, line)
    for name in STILL_WORKS[database]:
        assert desk(run, *COMMANDS[name])[0] == 0, name


def test_a_damaged_checkpoint_file_moved_aside_starts_fresh_and_keeps_the_versions(run):
    _overwrite_header(run / "data" / "checkpoints.sqlite")
    code, output = desk(run, "review", DATE, "--approve")
    assert code == 1 and "your request is saved as action #2" in error_line(output)
    (run / "data" / "checkpoints.sqlite").rename(run / "data" / "checkpoints.damaged")
    code, output = desk(run, "draft", "--date", DATE, "--fresh", "--sample", DATE)
    assert code == 0, output
    code, output = desk(run, "history", DATE, "--section", "papers", "--json")
    assert code == 0


# -- missing, empty and foreign checkpoint files ---------------------------------------------------
def _delete(root: Path, other: Path) -> None:
    (root / "data" / "checkpoints.sqlite").unlink()


def _empty(root: Path, other: Path) -> None:
    (root / "data" / "checkpoints.sqlite").write_bytes(b"")


def _another_runs(root: Path, other: Path) -> None:
    shutil.copy(other / "data" / "checkpoints.sqlite", root / "data" / "checkpoints.sqlite")


def _older_copy(root: Path, other: Path) -> None:
    shutil.copy(root / "checkpoints.before-regen", root / "data" / "checkpoints.sqlite")


FOREIGN = {"deleted": _delete, "emptied": _empty, "another data dir's": _another_runs,
           "an older copy": _older_copy}


@pytest.fixture(scope="module")
def other_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Another data dir's run of the same date, regenerated differently."""
    root = tmp_path_factory.mktemp("other")
    assert desk(root, "draft", "--sample", DATE)[0] == 0
    for section in ("wire", "papers"):
        assert desk(root, "regen", DATE, "--section", section)[0] == 0
    return root


@pytest.mark.parametrize("fault", FOREIGN)
def test_checkpoints_that_are_not_this_runs_are_refused_not_restarted(run, other_root, fault):
    FOREIGN[fault](run, other_root)
    code, output = desk(run, "draft", "--date", DATE)
    line = error_line(output)
    assert code == 1 and "restore the checkpoint file, or start the day again with" in line
    code, output = desk(run, "review", DATE, "--approve")
    assert code == 1 and "your request is saved as action #2" in error_line(output)
    store = RunStore(run / "data" / "runs.sqlite")
    try:
        assert [a.status for a in store.actions(DATE)] == ["applied", "failed"]
    finally:
        store.close()
    code, output = desk(run, "draft", "--date", DATE, "--fresh", "--sample", DATE)
    assert code == 0, output
    code, output = desk(run, "history", DATE, "--json")
    assert code == 0 and '"origin": "regen papers"' not in output  # the new run's history


def test_another_programs_database_is_refused_and_left_untouched(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    with sqlite3.connect(data / "checkpoints.sqlite") as other:
        other.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    code, output = desk(tmp_path, "draft", "--sample", DATE)
    line = error_line(output)
    assert code == 1 and "is not a desk checkpoint database (it holds the tables invoices)" in line
    with sqlite3.connect(data / "checkpoints.sqlite") as other:
        tables = [row[0] for row in other.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert tables == ["invoices"]


# -- PostgreSQL ------------------------------------------------------------------------------------
def test_an_unreachable_postgres_is_one_line_for_every_command(tmp_path, postgres_server,
                                                               monkeypatch):
    url = postgres_server.replace("desk@", "desk:s3cret-pw@").rsplit(":", 1)[0] + ":1/nowhere"
    monkeypatch.setenv("DESK_DATABASE_URL", url)
    for args in (("runs",), ("history", DATE), ("cost", DATE), ("draft", "--sample", DATE),
                 ("review", DATE, "--approve")):
        code, output = desk(tmp_path, *args)
        line = error_line(output)
        assert code == 1 and "PostgreSQL desk@127.0.0.1:1/nowhere" in line, (args, line)
        assert "s3cret-pw" not in output


@pytest.mark.parametrize(("table", "args"), [
    ("checkpoints", ("draft", "--date", DATE)),
    ("editor_actions", ("review", DATE, "--approve")),
    ("section_versions", ("history", DATE)),
    ("llm_calls", ("cost", DATE)),
])
def test_a_dropped_postgres_table_is_one_line_naming_it(tmp_path, postgres_url, monkeypatch,
                                                         table, args):
    import psycopg

    monkeypatch.setenv("DESK_DATABASE_URL", postgres_url)
    assert desk(tmp_path, "draft", "--sample", DATE)[0] == 0
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"DROP TABLE {table} CASCADE")
    code, output = desk(tmp_path, *args)
    line = error_line(output)
    assert code == 1 and f'relation "{table}" does not exist' in line, line
    assert "is missing a desk table" in line
