"""arXiv: the listing feed (today's papers) and the export API client (id look-ups)."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools

import httpx
import pytest

from agent.sources.arxiv_api import ArxivAPIClient, parse_api_feed
from agent.sources.http import MinIntervalThrottle
from agent.sources.arxiv_listing import ArxivListingOptions, parse_listing_feed
from agent.sources.cache import RawCache
from agent.sources.catalog import SourcesSettings
from agent.sources.errors import ArxivAPIError, SourceProblem
from agent.sources.http import Fetcher
from tests.sources.helpers import FakeSleep, Router, fixture_bytes, respond, run_sources

API = "https://export.arxiv.org/api/query"
RSS = "application/rss+xml"


def _listing(fixture: str, day: dt.date, **options: object):
    return parse_listing_feed(fixture_bytes(fixture), RSS, issue_date=day,
                              options=ArxivListingOptions.model_validate(options))


def test_listing_keeps_new_papers_of_the_day_with_prefix_stripped() -> None:
    outcome = _listing("arxiv/rss_cs_AI.rss.xml", dt.date(2025, 9, 22))
    (paper,) = outcome.items
    assert paper.id == "arxiv-2509.15237" and paper.arxiv_id == "2509.15237"
    assert paper.url == "https://arxiv.org/abs/2509.15237"
    assert paper.category == "cs.AI"
    assert paper.abstract.startswith("Industrial workflows demand adaptive")
    assert "Announce Type" not in paper.abstract and "arXiv:" not in paper.abstract
    assert paper.authors == ["A. Placeholder", "B. Placeholder"]
    # 00:00 in New York (EDT) is 04:00 UTC.
    assert paper.published_at == dt.datetime(2025, 9, 22, 4, tzinfo=dt.timezone.utc)
    assert outcome.warnings == []


def test_listing_takes_the_first_category_as_primary_and_honours_announce_types() -> None:
    day = dt.date(2024, 8, 23)
    assert _listing("arxiv/rss_cs_AI.rss.xml", day).items == []  # replace-cross is a revision
    (paper,) = _listing("arxiv/rss_cs_AI.rss.xml", day,
                        announce_types=["new", "replace-cross"]).items
    assert (paper.arxiv_id, paper.category) == ("2203.01250", "math.AP")
    assert paper.authors == ["Antonin Monteil", "Paul Pegon"]


def test_atom_flavour_of_the_listing() -> None:
    outcome = parse_listing_feed(fixture_bytes("arxiv/rss_math_OC.atom.xml"),
                                 "application/atom+xml", issue_date=dt.date(2024, 8, 23),
                                 options=ArxivListingOptions(announce_types=["replace-cross"]))
    (paper,) = outcome.items
    assert paper.arxiv_id == "2203.01250"
    assert paper.abstract.startswith("We consider first order local minimization problems")


def test_weekend_listing_with_zero_items_is_healthy(tmp_path) -> None:
    router = Router({"https://rss.arxiv.org/rss/cs.AI+cs.LG": respond(
        "arxiv/rss_empty_weekend.rss.xml", content_type=RSS)})
    source = {"name": "arXiv", "kind": "paper", "parser": "arxiv_listing",
              "url": "https://rss.arxiv.org/rss/", "required": True,
              "options": {"categories": ["cs.AI", "cs.LG"]}}
    (result,) = run_sources([source], router, date=dt.date(2026, 11, 28), data_dir=tmp_path)
    assert (result.health.status, result.health.item_count, result.health.error) == ("ok", 0, None)


def test_api_feed_is_parsed_namespace_aware() -> None:
    page = parse_api_feed(fixture_bytes("arxiv/api_query.atom.xml"))
    assert page.total_results == 3412
    first, old_style = page.records
    assert (first.arxiv_id, first.version, first.primary_category) == ("2410.03524", 1, "econ.GN")
    assert first.title == ("Steering Large Language Models between Code Execution and Textual "
                           "Reasoning")
    assert first.comment == "32 pages, 12 figures, 12 tables"
    assert first.categories == ["econ.GN", "q-fin.EC"]
    assert first.authors == ["Yongchao Chen", "Harsh Jhamtani", "Chi Wang"]
    assert (old_style.arxiv_id, old_style.journal_ref) == ("hep-ex/0307015",
                                                           "Eur.Phys.J. C31 (2003) 17-29")


def test_api_error_entry_raises_a_typed_error() -> None:
    with pytest.raises(ArxivAPIError) as raised:
        parse_api_feed(fixture_bytes("arxiv/api_error.atom.xml"))
    assert raised.value.api_message == "incorrect id format for https://arxiv.org/abs/2402.13284"


class FakeMonotonic:
    """A monotonic clock that only moves when the fake sleeper sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


def _client(router: Router, tmp_path, clock: FakeMonotonic, sleep: FakeSleep) -> ArxivAPIClient:
    async def recording_sleep(seconds: float) -> None:
        await sleep(seconds)
        await clock.sleep(seconds)

    throttle = MinIntervalThrottle(monotonic=clock, sleep=recording_sleep)
    fetcher = Fetcher(router.client(), RawCache(tmp_path / "cache"),
                      SourcesSettings(contact="t@example.com", cache_freshness_minutes=0),
                      sleep=recording_sleep)
    return ArxivAPIClient(fetcher, throttle=throttle)


def test_api_requests_are_spaced_three_seconds_apart(tmp_path, sleep: FakeSleep) -> None:
    clock = FakeMonotonic()
    sent_at: list[float] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent_at.append(clock())
        return httpx.Response(200, content=fixture_bytes("arxiv/api_query.atom.xml"))

    client = _client(Router({API: answer}), tmp_path, clock, sleep)

    async def three_lookups() -> None:
        for ids in (["2410.03524"], ["2509.15237"], ["2203.01250"]):
            await client.lookup(ids)

    asyncio.run(three_lookups())
    assert [b - a for a, b in itertools.pairwise(sent_at)] == [3.0, 3.0]
    assert sleep.delays == [3.0, 3.0]


def test_empty_api_page_is_retried_within_the_spacing(tmp_path, sleep: FakeSleep) -> None:
    clock = FakeMonotonic()
    router = Router({API: [respond("arxiv/api_empty_page.atom.xml"),
                           respond("arxiv/api_query.atom.xml")]})
    records = asyncio.run(_client(router, tmp_path, clock, sleep).lookup(["2410.03524"]))
    assert "2410.03524" in records
    assert len(router.requests) == 2 and sleep.delays == [3.0]
    assert router.requests[0].url.params["id_list"] == "2410.03524"


def test_api_page_that_stays_empty_is_a_failure(tmp_path, sleep: FakeSleep) -> None:
    router = Router({API: respond("arxiv/api_empty_page.atom.xml")})
    with pytest.raises(SourceProblem, match="empty page"):
        asyncio.run(_client(router, tmp_path, FakeMonotonic(), sleep).lookup(["2410.03524"]))
    assert len(router.requests) == 4  # the first try and three retries


def test_listing_enrichment_uses_the_api_primary_category(tmp_path, sleep: FakeSleep) -> None:
    entry = fixture_bytes("arxiv/api_query.atom.xml").replace(b"2410.03524", b"2509.15237")
    router = Router({
        "https://rss.arxiv.org/rss/cs.AI": respond("arxiv/rss_cs_AI.rss.xml", content_type=RSS),
        API: respond(body=entry),
    })
    source = {"name": "arXiv", "kind": "paper", "parser": "arxiv_listing",
              "url": "https://rss.arxiv.org/rss/",
              "options": {"categories": ["cs.AI"], "enrich_with_api": True}}
    (result,) = run_sources([source], router, date=dt.date(2025, 9, 22), data_dir=tmp_path,
                            sleep=sleep)
    (paper,) = result.items
    assert paper.category == "econ.GN"  # what the API says, not the listing's first category
