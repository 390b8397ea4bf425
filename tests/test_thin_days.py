"""Thin days through the real CLI: a day without news is refused in one line (no lead essay is
possible); a day missing any other kind drafts, and the empty section says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from agent.cli import app
from agent.render.markdown import EDITOR_NOTES_MARKER
from tests.corpora.day import BASE_DATE, base_day, to_bytes

runner = CliRunner()


def _draft(tmp_path: Path, day: dict[str, Any]):
    path = tmp_path / "snapshot.json"
    path.write_bytes(to_bytes(day))
    return runner.invoke(app, ["draft", "--snapshot", str(path), "--no-review", "--data-dir",
                               str(tmp_path / "data"), "--out", str(tmp_path / "out")])


def _without(*kinds: str, board: str | None = None) -> dict[str, Any]:
    day = base_day()
    day["items"] = [i for i in day["items"]
                    if i["kind"] not in kinds and (board is None or i.get("board") != board)]
    return day


def _one_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.exit_code == 1 and len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize(("kinds", "reason"), [
    (("wire", "lab"), "it has no wire stories or lab announcements (16 benchmark item(s), "
                      "9 paper item(s), 6 repo item(s))"),
    (("wire", "lab", "paper", "benchmark", "repo"), "it has no wire stories or lab "
                                                   "announcements (no items at all)"),
])
def test_a_day_without_news_is_refused_in_one_line(tmp_path, kinds, reason):
    first = _one_line(_draft(tmp_path, _without(*kinds)))
    assert first == f"error: no lead essay is possible for {BASE_DATE}: {reason}"
    assert _one_line(_draft(tmp_path, _without(*kinds))) == first  # no half-made run was kept


def test_a_day_whose_news_has_no_text_is_refused(tmp_path):
    day = base_day()
    for item in day["items"]:
        if item["kind"] in ("wire", "lab"):
            item["title"], item["summary"] = "", " \u200b "
    line = _one_line(_draft(tmp_path, day))
    assert line.endswith("none of its 31 wire or lab item(s) has a title or summary")


def _publishable(tmp_path: Path) -> tuple[str, str]:
    package = tmp_path / "out" / BASE_DATE
    markdown = (package / "draft.md").read_text().split(EDITOR_NOTES_MARKER)[0]
    return markdown, (package / "draft.html").read_text()


def test_empty_sections_say_so_in_markdown_and_html(tmp_path):
    result = _draft(tmp_path, _without("paper", "repo", "lab", board="swe_rebench"))
    assert result.exit_code == 0, result.stderr
    markdown, html = _publishable(tmp_path)
    for line in ("No research papers were announced today.", "No trending repositories today.",
                 "No lab announcements today.", "No SWE-rebench rankings today."):
        assert line in markdown and line in html
    assert "| 1 |" in markdown  # the other leaderboard is still a table
    assert "No wire stories today." not in markdown


def test_a_day_without_wire_stories_drafts_from_the_labs(tmp_path):
    assert _draft(tmp_path, _without("wire")).exit_code == 0
    markdown, _ = _publishable(tmp_path)
    assert "No wire stories today." in markdown
    assert "No lab announcements today." not in markdown


def test_a_day_without_leaderboards_says_so_once(tmp_path):
    assert _draft(tmp_path, _without("benchmark")).exit_code == 0
    markdown, _ = _publishable(tmp_path)
    assert markdown.count("No benchmark leaderboards were published today.") == 1
    assert "SWE-rebench" not in markdown
