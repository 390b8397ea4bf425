"""The issue's day: window boundaries in America/New_York, across daylight-saving changes."""

from __future__ import annotations

import asyncio
import datetime as dt

import httpx
import time_machine

from agent.sources.gather import gather_live
from agent import clock
from agent.sources.window import DayWindow
from tests.sources.helpers import Router, feed_source, make_config

UTC = dt.timezone.utc


def test_window_is_previous_cutoff_to_this_cutoff_in_eastern_time() -> None:
    window = DayWindow.for_issue(dt.date(2026, 11, 23), "America/New_York", 6)
    assert window.start == dt.datetime(2026, 11, 22, 11, tzinfo=UTC)  # 06:00 EST
    assert window.end == dt.datetime(2026, 11, 23, 11, tzinfo=UTC)
    assert window.contains(window.start) and not window.contains(window.end)


def test_spring_forward_window_is_23_hours() -> None:
    # DST starts 2026-03-08 02:00 in New York: 06:00 that morning is EDT (UTC-4).
    window = DayWindow.for_issue(dt.date(2026, 3, 8), "America/New_York", 6)
    assert window.end - window.start == dt.timedelta(hours=23)
    assert window.end == dt.datetime(2026, 3, 8, 10, tzinfo=UTC)
    # 06:30 EDT belongs to the next issue, although a fixed -05:00 offset would admit it.
    assert not window.contains(dt.datetime(2026, 3, 8, 10, 30, tzinfo=UTC))


def test_fall_back_window_is_25_hours() -> None:
    window = DayWindow.for_issue(dt.date(2026, 11, 1), "America/New_York", 6)
    assert window.end - window.start == dt.timedelta(hours=25)


def test_undated_items_are_admitted_when_first_seen_since_the_window_opened() -> None:
    window = DayWindow.for_issue(dt.date(2026, 11, 23), "America/New_York", 6)
    morning_run = dt.datetime(2026, 11, 23, 12, tzinfo=UTC)
    assert window.admits(None, morning_run)
    assert not window.admits(None, dt.datetime(2026, 11, 20, tzinfo=UTC))
    assert not window.admits(None, None)


def test_issue_date_is_the_date_in_the_issue_time_zone() -> None:
    late_evening_utc = dt.datetime(2026, 11, 23, 3, tzinfo=UTC)  # 22:00 on the 22nd in New York
    assert clock.today(late_evening_utc) == dt.date(2026, 11, 22)  # desk.toml: America/New_York


FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>
<item><title>Before the spring-forward cutoff</title><link>https://w.example.com/a</link>
<pubDate>Sun, 08 Mar 2026 05:45:00 -0400</pubDate></item>
<item><title>After the spring-forward cutoff</title><link>https://w.example.com/b</link>
<pubDate>Sun, 08 Mar 2026 06:30:00 -0400</pubDate></item>
<item><title>Saturday morning, before the previous cutoff</title><link>https://w.example.com/c</link>
<pubDate>Sat, 07 Mar 2026 05:59:00 -0500</pubDate></item>
</channel></rss>"""


@time_machine.travel(dt.datetime(2026, 3, 8, 7, 0, tzinfo=dt.timezone(dt.timedelta(hours=-4))),
                     tick=False)
def test_gather_with_a_frozen_clock_on_the_dst_morning(tmp_path) -> None:
    router = Router({"https://w.example.com/feed": lambda r: _rss(FEED)})
    config = make_config([feed_source("Wire", "https://w.example.com/feed")])
    today = clock.today()
    snapshot = asyncio.run(gather_live(today, config=config, data_dir=tmp_path,
                                       client=router.client()))
    assert snapshot.date == dt.date(2026, 3, 8)
    assert [i.title for i in snapshot.items] == ["Before the spring-forward cutoff"]
    assert snapshot.gathered_at == dt.datetime(2026, 3, 8, 11, tzinfo=UTC)


def _rss(body: bytes) -> httpx.Response:
    return httpx.Response(200, content=body, headers={"content-type": "application/rss+xml"})
