"""Labs without feeds (the Anthropic news listing) and Hacker News as a wire."""

from __future__ import annotations

import datetime as dt

import pytest

from agent.sources.hackernews import parse_hits
from agent.sources.html_listing import ListingOptions, parse_listing
from tests.sources.helpers import FIXTURES, Router, fixture_bytes, respond, run_sources

DAY = dt.date(2026, 11, 23)
UTC = dt.timezone.utc


@pytest.mark.shape
def test_anthropic_listing_posts_titles_and_dates() -> None:
    entries = parse_listing((FIXTURES / "anthropic" / "news.SHAPE.html").read_text(),
                            base_url="https://www.anthropic.com/news", options=ListingOptions(),
                            timezone="America/New_York")
    assert [(e.url.rsplit("/", 1)[-1], e.title) for e in entries] == [
        ("claude-opus-5", "Introducing Claude Opus 5"),
        ("anthropic-economic-index-november", "Anthropic Economic Index: November report"),
        ("tokyo-office", "Anthropic opens Tokyo office"),
        ("responsible-scaling-update", "An update on our Responsible Scaling Policy"),
    ]
    opus, index, tokyo, undated = entries
    assert opus.published_at == dt.datetime(2026, 11, 22, 17, tzinfo=UTC)  # noon in New York
    assert opus.summary_html and opus.summary_html.startswith("Our most capable model yet")
    assert index.published_at == dt.datetime(2026, 11, 22, 15, 30, tzinfo=UTC)  # <time datetime>
    assert tokyo.published_at == dt.datetime(2026, 11, 18, 17, tzinfo=UTC)
    assert undated.published_at is None


@pytest.mark.shape
def test_anthropic_source_windows_the_listing(tmp_path) -> None:
    router = Router({"https://www.anthropic.com/news": respond("anthropic/news.SHAPE.html",
                                                               content_type="text/html")})
    source = {"name": "Anthropic", "kind": "lab", "org": "Anthropic", "parser": "html_listing",
              "url": "https://www.anthropic.com/news"}
    (result,) = run_sources([source], router, date=DAY, data_dir=tmp_path)
    titles = [i.title for i in result.items]
    # Nov 18 is outside the window; the undated card is new today (first seen this morning).
    assert titles == ["Introducing Claude Opus 5", "Anthropic Economic Index: November report",
                      "An update on our Responsible Scaling Policy"]
    assert all(i.org == "Anthropic" and i.kind == "lab" for i in result.items)


def test_listing_without_post_links_is_a_schema_error(tmp_path) -> None:
    router = Router({"https://www.anthropic.com/news": respond(
        body=b"<html><body><a href='/careers'>Careers</a></body></html>")})
    source = {"name": "Anthropic", "kind": "lab", "parser": "html_listing",
              "url": "https://www.anthropic.com/news"}
    (result,) = run_sources([source], router, date=DAY, data_dir=tmp_path)
    assert result.health.status == "schema_error"


@pytest.mark.shape
def test_hacker_news_hits_link_ask_posts_to_the_discussion() -> None:
    story, ask = parse_hits(fixture_bytes("hackernews/search_by_date.SHAPE.json"))
    assert story.url == "https://example.dev/agent-runtime"
    assert story.summary_html == "412 points and 138 comments on Hacker News."
    assert story.published_at == dt.datetime(2026, 11, 22, 14, 3, 11, tzinfo=UTC)
    assert ask.url == "https://news.ycombinator.com/item?id=46000002"
    assert ask.summary_html == "How are you doing on-device inference?"


@pytest.mark.shape
def test_hacker_news_source_queries_since_the_window_opened(tmp_path) -> None:
    router = Router({"https://hn.algolia.com/api/v1/search_by_date": respond(
        "hackernews/search_by_date.SHAPE.json")})
    source = {"name": "Hacker News", "kind": "wire", "parser": "hn_algolia",
              "url": "https://hn.algolia.com/api/v1/search_by_date",
              "options": {"queries": ["agent"], "min_points": 10}}
    (result,) = run_sources([source], router, date=DAY, data_dir=tmp_path)
    assert len(result.items) == 2 and result.health.status == "ok"
    params = router.requests[0].url.params
    window_start = int(dt.datetime(2026, 11, 22, 11, tzinfo=UTC).timestamp())
    assert params["numericFilters"] == f"created_at_i>{window_start},points>=10"
    assert params["query"] == "agent" and params["tags"] == "story"
