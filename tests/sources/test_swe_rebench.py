"""SWE-rebench: rows from the page's escaped flight data, by the board's rules."""

from __future__ import annotations

import datetime as dt

import pytest

from agent.sources.errors import SourceProblem
from agent.sources.swe_rebench import SweOptions, extract_items, to_rows, window_stats
from tests.sources.helpers import FIXTURES, Router, respond, run_sources

PAGE = (FIXTURES / "swe_rebench" / "page.SHAPE.html").read_text()


@pytest.mark.shape
def test_rows_keep_models_prefer_tools_and_rank_on_the_shared_window() -> None:
    rows = to_rows(extract_items(PAGE), SweOptions())
    assert [(r.rank, r.model, r.score, r.sem) for r in rows] == [
        (1, "GLM-5.2 [high]", 71.7, 1.12),      # tools (71.73), not text (75.0)
        (2, "Example-Model [high]", 14.6, 0.2),  # nested rangeStats, real numbers
    ]
    # Dropped: "Claude Code" (a harness), "Retired-Model" (another window),
    # "Queued-Model" (all-zero window = not run).
    assert {r.task_window for r in rows} == {"2025-01-01 to 2025-08-01"}
    assert rows[0].id == "swe-glm-5-2-high" and rows[0].board == "swe_rebench"


@pytest.mark.shape
def test_items_split_across_push_chunks_are_reassembled() -> None:
    names = [item.model_name for item in extract_items(PAGE)]
    assert names == ["GLM-5.2 [high]", "GLM-5.2 [high]", "Example-Model [high]", "Claude Code",
                     "Retired-Model", "Queued-Model"]


@pytest.mark.shape
def test_nested_stats_use_the_configured_subset() -> None:
    example = next(i for i in extract_items(PAGE) if i.model_name == "Example-Model [high]")
    stats = window_stats(example, "python")
    assert stats is not None and stats.resolved_rate == pytest.approx(14.55919395465995)
    assert window_stats(example, "missing-subset") is not None  # falls back to the first bucket


def test_real_page_excerpt_without_the_items_anchor_is_a_schema_error() -> None:
    excerpt = (FIXTURES / "swe_rebench" / "page_without_anchor.excerpt.html").read_text()
    with pytest.raises(SourceProblem) as raised:
        extract_items(excerpt)
    assert raised.value.status == "schema_error"


def test_page_without_anchor_reports_schema_error_in_health(tmp_path) -> None:
    router = Router({"https://swe-rebench.com/": respond(
        "swe_rebench/page_without_anchor.excerpt.html", content_type="text/html")})
    source = {"name": "SWE-rebench", "kind": "benchmark", "parser": "swe_rebench",
              "url": "https://swe-rebench.com/"}
    (result,) = run_sources([source], router, date=dt.date(2026, 11, 23), data_dir=tmp_path)
    assert (result.health.status, result.items) == ("schema_error", [])
    assert "items" in (result.health.error or "")
