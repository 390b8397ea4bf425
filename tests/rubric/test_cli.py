"""`desk lint FILE [--json]`: output shape and exit codes, through the real CLI app."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from agent.cli import app
from evals.published_essays import essay_text

runner = CliRunner()

BAD_ESSAY = """We think this is a revolutionary moment! Revenue rose 45% to $5B.

- a bullet

Sloane Duvall
"""


def test_json_output_is_one_object_listing_violations_and_exit_code_1(tmp_path):
    essay = tmp_path / "essay.txt"
    essay.write_text(BAD_ESSAY, encoding="utf-8")
    result = runner.invoke(app, ["lint", str(essay), "--json"])
    assert result.exit_code == 1
    payload = json.loads(result.stdout)  # the whole of stdout is one JSON document
    assert list(payload) == ["violations"]
    ids = {v["id"] for v in payload["violations"]}
    assert {"first_person", "hype_words", "exclamation", "percent_format", "money_format",
            "lists", "byline", "word_count"} <= ids
    for violation in payload["violations"]:
        assert set(violation) == {"id", "scope", "message", "span"}
        assert violation["scope"] in {"sentence", "paragraph", "document"}
    first_person = next(v for v in payload["violations"] if v["id"] == "first_person")
    assert first_person["span"] == "We think this is a revolutionary moment!"


def test_clean_essay_exits_0_with_an_empty_list(tmp_path, published_essays):
    essay = published_essays[0]
    path = tmp_path / "essay.txt"
    path.write_text(essay_text(essay.paragraphs, essay.byline), encoding="utf-8")
    result = runner.invoke(app, ["lint", str(path), "--json"])
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout) == {"violations": []}
    table = runner.invoke(app, ["lint", str(path)])
    assert table.exit_code == 0 and "no violations" in table.stdout


def test_table_output_lists_each_violation(tmp_path):
    essay = tmp_path / "essay.txt"
    essay.write_text(BAD_ESSAY, encoding="utf-8")
    result = runner.invoke(app, ["lint", str(essay)], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert "9 violation(s)" in result.stdout
    for lint_id in ("first_person", "money_format", "byline"):
        assert lint_id in result.stdout
    assert "Sloane Duvall" in result.stdout


def test_unreadable_files_are_one_line_errors_with_exit_code_1(tmp_path):
    binary = tmp_path / "essay.bin"
    binary.write_bytes(b"\xff\xfe\x00bad")
    cases = {tmp_path / "missing.txt": "no such file", tmp_path: "directory",
             binary: "not UTF-8"}
    for path, message in cases.items():
        result = runner.invoke(app, ["lint", str(path), "--json"])
        assert result.exit_code == 1
        assert result.stdout == ""
        error = result.stderr.strip()
        assert len(error.splitlines()) == 1 and message in error and "Traceback" not in error
