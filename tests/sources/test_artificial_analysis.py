"""Artificial Analysis: legacy and free shapes, 0 = not measured, one row per reasoning effort."""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pytest

from agent.sources.artificial_analysis import ATTRIBUTION, parse_envelope, split_effort, to_rows
from agent.sources.errors import SourceProblem
from tests.sources.helpers import Router, fixture_bytes, respond, run_sources

BASE = "https://artificialanalysis.ai/api/v2"
FREE, LEGACY = f"{BASE}/language/models/free", f"{BASE}/data/llms/models"
KEY = {"ARTIFICIAL_ANALYSIS_API_KEY": "test-key-not-real"}
DAY = dt.date(2026, 11, 23)


def _source(**options: object) -> dict:
    return {"name": "Artificial Analysis", "kind": "benchmark", "parser": "artificial_analysis",
            "url": BASE, "required": True, "options": options}


def _rows(fixture: str):
    envelope = parse_envelope(json.loads(fixture_bytes(fixture)))
    return to_rows(envelope.data, index_version=envelope.intelligence_index_version, top_n=5)


def test_legacy_rows_zero_means_not_measured_and_null_index_is_dropped() -> None:
    rows = _rows("artificial_analysis/legacy.json")
    assert [(r.rank, r.model, r.score) for r in rows] == [
        (1, "GPT-5.5", 60.2), (2, "Gemini 3.1 Pro Preview", 57.2), (3, "Grok-1", 11.7)]
    top, _, retired = rows
    assert (top.title, top.tokens_per_s, top.price_per_1m_usd) == ("GPT-5.5 (xhigh)", 77.984, 11.25)
    assert (retired.tokens_per_s, retired.price_per_1m_usd) == (None, None)
    assert top.index_version is None and top.source == "Artificial Analysis"


@pytest.mark.shape
def test_free_shape_uses_performance_speed_and_the_blended_price_fallback() -> None:
    (row,) = _rows("artificial_analysis/free.SHAPE.json")
    assert (row.tokens_per_s, row.index_version) == (77.984, "4.3")
    assert row.price_per_1m_usd == 11.25  # (3 * 5 + 30) / 4: no blended price in this shape


@pytest.mark.shape
def test_meta_envelope_over_two_pages_with_efforts_collapsed(tmp_path) -> None:
    router = Router({FREE: [respond("artificial_analysis/free_meta_page1.SHAPE.json"),
                            respond("artificial_analysis/free_meta_page2.SHAPE.json")]})
    (result,) = run_sources([_source()], router, date=DAY, data_dir=tmp_path, env=KEY)
    assert result.health.status == "ok"
    rows = result.items
    assert [(r.rank, r.model, r.title, r.score) for r in rows] == [
        (1, "GPT-5.5", "GPT-5.5 (xhigh)", 60.2),
        (2, "Gemini 3.1 Pro Preview", "Gemini 3.1 Pro Preview", 57.2),
        (3, "Example Open Model", "Example Open Model", 51.3),
    ]
    assert (rows[2].tokens_per_s, rows[2].price_per_1m_usd) == (None, None)
    assert [r.url.params["page"] for r in router.requests] == ["1", "2"]
    assert all(r.headers["x-api-key"] == "test-key-not-real" for r in router.requests)


def test_missing_key_fails_without_a_request(tmp_path) -> None:
    router = Router({})
    (result,) = run_sources([_source()], router, date=DAY, data_dir=tmp_path, env={})
    assert result.health.status == "failed"
    assert "ARTIFICIAL_ANALYSIS_API_KEY" in (result.health.error or "")
    assert router.requests == []


def test_unauthorised_key_is_blocked_and_not_retried_on_legacy(tmp_path) -> None:
    router = Router({FREE: respond(status=401, body=b'{"error":"invalid key"}')})
    (result,) = run_sources([_source()], router, date=DAY, data_dir=tmp_path, env=KEY)
    assert result.health.status == "blocked"
    assert len(router.requests) == 1


@pytest.mark.shape
def test_empty_data_falls_back_to_legacy_and_says_so(tmp_path) -> None:
    router = Router({FREE: respond("artificial_analysis/free_empty.SHAPE.json"),
                     LEGACY: respond("artificial_analysis/legacy.json")})
    (result,) = run_sources([_source()], router, date=DAY, data_dir=tmp_path, env=KEY)
    assert result.health.status == "degraded"
    assert "free endpoint failed" in (result.health.error or "")
    assert [r.model for r in result.items][:2] == ["GPT-5.5", "Gemini 3.1 Pro Preview"]


@pytest.mark.shape
def test_empty_data_with_no_fallback_is_a_schema_error(tmp_path) -> None:
    router = Router({FREE: respond("artificial_analysis/free_empty.SHAPE.json")})
    (result,) = run_sources([_source(endpoints=["free"])], router, date=DAY, data_dir=tmp_path,
                            env=KEY)
    assert (result.health.status, result.items) == ("schema_error", [])


def test_missing_data_key_is_a_schema_error() -> None:
    with pytest.raises(SourceProblem) as raised:
        parse_envelope({"tier": "free", "models": []})
    assert raised.value.status == "schema_error" and "data" in str(raised.value)


@pytest.mark.parametrize(("name", "expected"), [
    ("GPT-5.5 (xhigh)", ("GPT-5.5", "xhigh")),
    ("Claude Opus 4.6 (Adaptive Reasoning, Max Effort)", ("Claude Opus 4.6",
                                                          "Adaptive Reasoning, Max Effort")),
    ("Gemini 2.5 Flash (Sep '25)", ("Gemini 2.5 Flash (Sep '25)", None)),
    ("Grok-1", ("Grok-1", None)),
])
def test_split_effort_only_strips_effort_labels(name: str, expected: tuple) -> None:
    assert split_effort(name) == expected


def test_attribution_text() -> None:
    assert ATTRIBUTION == "Data: Artificial Analysis (artificialanalysis.ai)"


def test_rate_limit_is_retried_honouring_retry_after(tmp_path, sleep) -> None:
    limited = httpx.Response(429, headers={"retry-after": "7"})
    router = Router({FREE: [lambda r: limited, respond("artificial_analysis/free.SHAPE.json")]})
    (result,) = run_sources([_source(endpoints=["free"], max_pages=1)], router, date=DAY,
                            data_dir=tmp_path, env=KEY, sleep=sleep)
    assert result.health.status == "ok" and len(result.items) == 1
    assert sleep.delays == [7.0]
