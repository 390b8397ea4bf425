"""Politeness and caching: conditional GET, the raw cache, retries, Retry-After, timeouts."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import httpx

from agent.sources.http import parse_retry_after
from tests.sources.helpers import (
    Router,
    feed_source,
    fixed_clock,
    fixture_bytes,
    respond,
    run_sources,
)

FEED_URL = "https://wire.example.com/feed"
SOURCE = [feed_source("Example Wire", FEED_URL)]
DAY = dt.date(2026, 11, 23)
BODY = fixture_bytes("feeds/edge_cases.rss.xml")


def _conditional_server(etag: str = '"v1"') -> Router:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.headers.get("if-none-match") == etag:
            return httpx.Response(304, headers={"etag": etag})
        return httpx.Response(200, content=BODY, headers={
            "content-type": "application/rss+xml", "etag": etag,
            "last-modified": "Mon, 23 Nov 2026 11:00:00 GMT"})
    return Router({FEED_URL: answer})


def test_second_run_the_same_morning_is_served_from_cache(tmp_path) -> None:
    router = _conditional_server()
    first = run_sources(SOURCE, router, date=DAY, data_dir=tmp_path,
                        clock=fixed_clock("2026-11-23T07:00:00-05:00"))
    second = run_sources(SOURCE, router, date=DAY, data_dir=tmp_path,
                         clock=fixed_clock("2026-11-23T08:30:00-05:00"))
    assert len(router.requests) == 1
    assert second[0].health.status == "ok"
    assert [i.id for i in second[0].items] == [i.id for i in first[0].items]
    digest = hashlib.sha256(BODY).hexdigest()
    assert (tmp_path / "sources" / "cache" / "blobs" / digest[:2] / digest).read_bytes() == BODY


def test_stale_cache_revalidates_and_a_304_reuses_the_cached_body(tmp_path) -> None:
    router = _conditional_server()
    run_sources(SOURCE, router, date=DAY, data_dir=tmp_path,
                clock=fixed_clock("2026-11-23T07:00:00-05:00"))
    (later,) = run_sources(SOURCE, router, date=DAY, data_dir=tmp_path,
                           clock=fixed_clock("2026-11-23T12:00:00-05:00"))  # past freshness
    revalidation = router.requests[1]
    assert revalidation.headers["if-none-match"] == '"v1"'
    assert revalidation.headers["if-modified-since"] == "Mon, 23 Nov 2026 11:00:00 GMT"
    assert later.health.status == "not_modified"
    assert later.health.item_count == 4


def test_blocked_body_is_never_cached_as_fresh(tmp_path) -> None:
    router = Router({FEED_URL: [respond("feeds/cloudflare_403.html", content_type="text/html"),
                                respond(body=BODY, content_type="application/rss+xml")]})
    (blocked,) = run_sources(SOURCE, router, date=DAY, data_dir=tmp_path)
    (retry,) = run_sources(SOURCE, router, date=DAY, data_dir=tmp_path)
    assert blocked.health.status == "blocked"  # a 200 challenge page
    assert retry.health.status == "ok" and len(router.requests) == 2
    assert json.loads((tmp_path / "sources" / "cache" / "index.json").read_text()).keys() == {
        FEED_URL}


def test_server_errors_are_retried_with_backoff(tmp_path, sleep) -> None:
    router = Router({FEED_URL: [respond(status=503), respond(body=BODY)]})
    (result,) = run_sources(SOURCE, router, date=DAY, data_dir=tmp_path, sleep=sleep)
    assert result.health.status == "ok" and len(router.requests) == 2
    assert len(sleep.delays) == 1 and 0 < sleep.delays[0] <= 30


def test_persistent_rate_limit_is_reported_after_the_retries(tmp_path, sleep) -> None:
    router = Router({FEED_URL: respond(status=429, headers={"retry-after": "5"})})
    (result,) = run_sources(SOURCE, router, date=DAY, data_dir=tmp_path, sleep=sleep, retries=2)
    assert result.health.status == "rate_limited"
    assert "Retry-After 5s" in (result.health.error or "")
    assert len(router.requests) == 3 and sleep.delays == [5.0, 5.0]


def test_retry_after_beyond_the_limit_is_not_waited_for(tmp_path, sleep) -> None:
    router = Router({FEED_URL: respond(status=429, headers={"retry-after": "3600"})})
    (result,) = run_sources(SOURCE, router, date=DAY, data_dir=tmp_path, sleep=sleep)
    assert result.health.status == "rate_limited"
    assert len(router.requests) == 1 and sleep.delays == []


def test_timeouts_become_network_errors(tmp_path, sleep) -> None:
    def hang(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("read timed out", request=request)

    router = Router({FEED_URL: hang})
    (result,) = run_sources(SOURCE, router, date=DAY, data_dir=tmp_path, sleep=sleep)
    assert result.health.status == "network_error"
    assert "timed out" in (result.health.error or "")
    assert len(router.requests) == 2  # one retry (retries=1 in the test settings)


def test_requests_carry_a_descriptive_user_agent(tmp_path) -> None:
    router = Router({FEED_URL: respond(body=BODY)})
    run_sources(SOURCE, router, date=DAY, data_dir=tmp_path)
    assert router.requests[0].headers["user-agent"] == (
        "inference-desk/0.1 (contact: desk-tests@example.com)")


def test_retry_after_accepts_seconds_and_http_dates() -> None:
    now = dt.datetime(2026, 11, 23, 12, tzinfo=dt.timezone.utc)
    assert parse_retry_after("120", now) == 120.0
    assert parse_retry_after("Mon, 23 Nov 2026 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("soon", now) is None
