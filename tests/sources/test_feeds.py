"""Lab and wire feeds: SHAPE feeds, hand-made edge cases, blocked and malformed responses."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from agent.schemas import NewsItem
from agent.sources.catalog import SourceSpec, SourcesSettings
from agent.sources.errors import SourceProblem
from agent.sources.feeds import check_feed_body, parse_feed
from agent.sources.window import DayWindow
from tests.sources.helpers import Router, feed_source, fixture_bytes, respond, run_sources

SETTINGS = SourcesSettings(contact="t@example.com")
NOV_23 = DayWindow.for_issue(dt.date(2026, 11, 23), "America/New_York", 6)
MORNING = dt.datetime(2026, 11, 23, 12, tzinfo=dt.timezone.utc)
RSS = "application/rss+xml; charset=UTF-8"


def _parse(fixture: str, window: DayWindow = NOV_23, *, kind: str = "wire",
           name: str = "Example Wire") -> list[NewsItem]:
    spec = SourceSpec(name=name, kind=kind, parser="rss", url="https://x.example/feed",
                      org=name if kind == "lab" else None)
    outcome = parse_feed(fixture_bytes(fixture), RSS, spec=spec, settings=SETTINGS,
                         window=window, first_seen=lambda _id: MORNING)
    assert outcome.warnings == []
    return outcome.items  # type: ignore[return-value]


@pytest.mark.shape
def test_wordpress_feed_summary_is_plain_text_without_boilerplate() -> None:
    (item,) = _parse("feeds/wordpress.SHAPE.rss.xml", name="TechCrunch")
    assert item.title == "Example lab releases an open-weight reasoning model"
    assert item.summary == "The model is available under an Apache 2.0 license..."  # NFKC
    assert item.published_at == dt.datetime(2026, 11, 22, 14, 30, tzinfo=dt.timezone.utc)
    assert item.url == "https://techcrunch.com/2026/11/22/example-lab-releases-an-open-weight-reasoning-model"


@pytest.mark.shape
def test_atom_feed_prefers_the_dek_over_full_content_and_converts_to_utc() -> None:
    (item,) = _parse("feeds/atom.SHAPE.atom.xml", name="The Verge")
    assert item.summary == "A short dek."
    assert item.published_at == dt.datetime(2026, 11, 22, 18, 5, tzinfo=dt.timezone.utc)


@pytest.mark.shape
def test_lab_feeds_with_cdata_or_no_description() -> None:
    july_23 = DayWindow.for_issue(dt.date(2026, 7, 23), "America/New_York", 6)
    (openai,) = _parse("feeds/openai.SHAPE.rss.xml", july_23, kind="lab", name="OpenAI")
    assert (openai.title, openai.summary, openai.org) == (
        "Launching Health in ChatGPT", "", "OpenAI")
    (hugging,) = _parse("feeds/huggingface.SHAPE.rss.xml", july_23, kind="lab",
                        name="Hugging Face")
    assert hugging.summary == "" and hugging.kind == "lab"
    assert hugging.url == "https://huggingface.co/blog/nunchaku-diffusers"


def test_edge_cases_markup_undated_window_injection_and_tracking() -> None:
    items = {i.title: i for i in _parse("feeds/edge_cases.rss.xml")}
    assert "Last week's story, outside the window" not in items
    raised = items["Exclusive: Lab raises $2 billion"]
    assert [f.kind for f in raised.flags] == ["html_stripped"]
    assert raised.url == "https://wire.example.com/2026/11/22/lab-raises"
    assert raised.summary == "The round values the lab at $40 billion..."  # NFKC
    undated = items["Undated explainer: what an inference cluster costs"]
    assert undated.published_at is None and undated.first_seen_at == MORNING
    tokyo = items["Model maker opens a Tokyo office"]
    assert [f.kind for f in tokyo.flags] == ["prompt_injection"]
    sandbox = items["Agents get a safer sandbox"]
    assert [f.kind for f in sandbox.flags] == ["control_chars"]


def test_undated_item_keeps_its_first_seen_time_across_runs(tmp_path) -> None:
    router = Router({"https://wire.example.com/feed": respond("feeds/edge_cases.rss.xml")})
    source = [feed_source("Example Wire", "https://wire.example.com/feed")]
    day = dt.date(2026, 11, 23)

    def undated(clock_iso: str) -> NewsItem:
        (result,) = run_sources(source, router, date=day, data_dir=tmp_path,
                                clock=lambda: dt.datetime.fromisoformat(clock_iso),
                                use_fresh_cache=False)
        return next(i for i in result.items if i.published_at is None)  # type: ignore[return-value]

    first = undated("2026-11-23T12:00:00+00:00")
    second = undated("2026-11-23T13:30:00+00:00")
    assert first.first_seen_at == second.first_seen_at == dt.datetime(2026, 11, 23, 12,
                                                                      tzinfo=dt.timezone.utc)
    stored = json.loads((tmp_path / "sources" / "first_seen.json").read_text())
    assert stored == {first.id: "2026-11-23T12:00:00+00:00"}


def test_cloudflare_403_html_is_blocked(tmp_path) -> None:
    router = Router({"https://openai.com/news/rss.xml": respond(
        "feeds/cloudflare_403.html", status=403, content_type="text/html; charset=UTF-8")})
    (result,) = run_sources([feed_source("OpenAI", "https://openai.com/news/rss.xml", kind="lab")],
                            router, date=dt.date(2026, 11, 23), data_dir=tmp_path)
    assert (result.health.status, result.items) == ("blocked", [])
    assert "403" in (result.health.error or "")
    assert router.hits("https://openai.com") == 1  # 403 is not retried


def test_cloudflare_challenge_served_with_200_is_blocked_not_an_empty_feed() -> None:
    with pytest.raises(SourceProblem) as raised:
        check_feed_body(fixture_bytes("feeds/cloudflare_403.html"), "text/html")
    assert raised.value.status == "blocked"


def test_html_page_that_is_not_a_challenge_is_a_schema_error() -> None:
    with pytest.raises(SourceProblem) as raised:
        check_feed_body(b"<!DOCTYPE html><html><body>Our feed moved</body></html>", "text/html")
    assert raised.value.status == "schema_error"


def test_bozo_feed_is_degraded_with_entries_kept(tmp_path) -> None:
    router = Router({"https://wire.example.com/feed": respond("feeds/malformed_bozo.rss.xml",
                                                              content_type=RSS)})
    (result,) = run_sources([feed_source("Example Wire", "https://wire.example.com/feed")],
                            router, date=dt.date(2026, 11, 23), data_dir=tmp_path)
    assert result.health.status == "degraded"
    assert "malformed feed" in (result.health.error or "")
    assert [i.title for i in result.items] == ["Chipmaker posts record data-center revenue",
                                               "Startups & incumbents race to ship agents"]
    assert result.health.item_count == 2


def test_unparseable_xml_without_entries_is_a_schema_error(tmp_path) -> None:
    router = Router({"https://wire.example.com/feed": respond(
        body=b"<?xml version='1.0'?><rss><channel><title>broken &</title>", content_type=RSS)})
    (result,) = run_sources([feed_source("Example Wire", "https://wire.example.com/feed")],
                            router, date=dt.date(2026, 11, 23), data_dir=tmp_path)
    assert result.health.status == "schema_error"
