"""The CLI's one error boundary: an error nobody anticipated is one line naming a log file with
the traceback, exit 1; ``--debug`` shows the traceback; keys never reach the log."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from agent.cli import app

KEY = "sk-ant-test-0123456789abcdef"


def _explode(**_: object) -> int:
    raise RuntimeError(f"the impossible happened (key {KEY})\nsecond line of the message")


@pytest.fixture
def exploding_runs(monkeypatch):
    """``desk runs`` with a body that raises an unexpected error."""
    import agent.commands.draft

    monkeypatch.setattr(agent.commands.draft, "runs_command", _explode)
    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)


def _log_of(line: str) -> Path:
    return Path(line.split("the details are in ", 1)[1].split(" (run with --debug")[0])


def test_an_unexpected_error_is_one_line_naming_a_log_with_the_traceback(tmp_path,
                                                                         exploding_runs):
    result = CliRunner().invoke(app, ["runs", "--data-dir", str(tmp_path / "data")])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert lines[0].startswith("error: unexpected error: RuntimeError: the impossible happened")
    assert "second line" not in lines[0] and KEY not in lines[0]
    log = _log_of(lines[0])
    assert log.parent == tmp_path / "data" / "logs"
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "_explode" in text
    assert "second line of the message" in text
    assert KEY not in text and "<ANTHROPIC_API_KEY>" in text


def test_the_log_goes_to_a_temporary_directory_when_the_data_dir_is_unusable(
        tmp_path, exploding_runs):
    not_a_dir = tmp_path / "data"
    not_a_dir.write_text("a file where the data directory should be")
    result = CliRunner().invoke(app, ["runs", "--data-dir", str(not_a_dir)])
    assert result.exit_code == 1
    log = _log_of(result.output.strip())
    assert log.is_file() and not log.is_relative_to(not_a_dir)
    assert "RuntimeError" in log.read_text(encoding="utf-8")


def test_debug_shows_the_traceback_in_a_real_process(tmp_path):
    program = ("import sys, agent.commands.draft as d\n"
               "def explode(**_): raise RuntimeError('the impossible happened')\n"
               "d.runs_command = explode\n"
               "sys.argv = ['desk', *sys.argv[1:]]\n"
               "from agent.cli import main\nmain()\n")
    quiet = subprocess.run([sys.executable, "-c", program, "runs"], cwd=tmp_path,
                           capture_output=True, text=True, timeout=60)
    loud = subprocess.run([sys.executable, "-c", program, "--debug", "runs"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert quiet.returncode == 1 and "Traceback" not in quiet.stderr
    assert quiet.stderr.count("\n") == 1 and "error: unexpected error" in quiet.stderr
    assert loud.returncode == 1
    assert "Traceback (most recent call last)" in loud.stderr
    assert "RuntimeError: the impossible happened" in loud.stderr


def test_desk_errors_and_usage_errors_keep_their_exit_codes(tmp_path):
    unknown = CliRunner().invoke(app, ["review", "2026-04-21", "--approve",
                                       "--data-dir", str(tmp_path / "data")])
    assert unknown.exit_code == 1 and "no saved run for 2026-04-21" in unknown.output
    assert not (tmp_path / "data" / "logs").exists()
    usage = CliRunner().invoke(app, ["review", "2026-04-21", "--data-dir", str(tmp_path)])
    assert usage.exit_code == 2
