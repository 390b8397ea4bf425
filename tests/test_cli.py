"""The CLI contract: clear one-line errors with exit code 1 (never a traceback), usage errors 2."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from agent.cli import app

runner = CliRunner()


def _one_line_error(result) -> str:
    text = (result.stderr or result.output).strip()
    assert "Traceback" not in text
    assert len(text.splitlines()) == 1, text
    return text


def test_malformed_snapshot_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "date": "2026-04-21", "items": [{"kind": "wire"}]}')
    result = runner.invoke(app, ["draft", "--snapshot", str(bad)])
    assert result.exit_code == 1
    assert "malformed" in _one_line_error(result)


def test_snapshot_that_is_not_json_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("<html>403 Forbidden</html>")
    result = runner.invoke(app, ["draft", "--snapshot", str(bad)])
    assert result.exit_code == 1
    assert "malformed" in _one_line_error(result)


def test_missing_snapshot_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["draft", "--snapshot", str(tmp_path / "nope.json")])
    assert result.exit_code == 1
    assert "does not exist" in _one_line_error(result)


def test_unknown_sample_date_is_a_clear_error():
    result = runner.invoke(app, ["draft", "--sample", "2026-01-01"])
    assert result.exit_code == 1
    assert "no sample day 2026-01-01" in _one_line_error(result)


def test_not_a_date_is_a_usage_error():
    result = runner.invoke(app, ["draft", "--sample", "yesterday"])
    assert result.exit_code == 2


def test_corrupted_checkpoint_database_is_a_clear_error(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    (data / "checkpoints.sqlite").write_bytes(b"this is not a database" * 100)
    result = runner.invoke(app, ["draft", "--sample", "2026-04-21", "--data-dir", str(data)])
    assert result.exit_code == 1
    assert "checkpoint database" in _one_line_error(result)


def test_review_without_a_run_is_a_clear_error():
    result = runner.invoke(app, ["review", "2026-04-21", "--approve"])
    assert result.exit_code == 1
    assert "no saved run" in _one_line_error(result)


def test_draft_then_approve_through_the_cli(tmp_path):
    result = runner.invoke(app, ["draft", "--sample", "2026-04-21"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "2026-04-21" / "draft.md").exists()
    again = runner.invoke(app, ["draft", "--sample", "2026-04-21"])
    assert again.exit_code == 0 and "waiting for editor review" in (again.stderr or again.output)
    approved = runner.invoke(app, ["review", "2026-04-21", "--approve"])
    assert approved.exit_code == 0, approved.output
    assert (tmp_path / "out" / "2026-04-21" / "final.md").exists()
    runs = runner.invoke(app, ["runs", "--json"])
    assert json.loads(runs.stdout)["runs"][0]["status"] == "published"


def test_review_needs_exactly_one_decision():
    result = runner.invoke(app, ["review", "2026-04-21", "--approve", "--notes", "x"])
    assert result.exit_code == 2


def test_every_command_option_and_argument_has_help_text():
    import typer.main

    group = typer.main.get_command(app)
    missing = []

    def walk(command, path):
        for param in command.params:
            if not getattr(param, "help", None):
                missing.append(f"{path} {param.name}")
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(group, "desk")
    assert not missing, missing
