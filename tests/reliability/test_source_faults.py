"""Each source failing in turn (the sources' own gather over a mock transport): the morning draft
always completes, and the failure reaches sources.json and the editor's review notes."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Callable

import httpx
import pytest

from agent.schemas import DaySnapshot
from agent.sources.gather import gather_live
from tests.helpers import session_for
from tests.sources.helpers import (
    AA,
    AA_LEGACY,
    FakeSleep,
    Router,
    connect_timeout,
    feed_source,
    fixed_clock,
    make_config,
    respond,
)

DAY = dt.date(2026, 11, 23)
Handler = Callable[[httpx.Request], httpx.Response]

# One source per parser; each entry: (source table, route, healthy answer).
MORNING: list[tuple[dict, str, Handler]] = [
    (feed_source("TechCrunch", "https://techcrunch.com/feed"), "https://techcrunch.com/feed",
     respond("feeds/wordpress.SHAPE.rss.xml")),
    (feed_source("OpenAI", "https://openai.com/news/rss.xml", kind="lab"),
     "https://openai.com/news/rss.xml", respond("feeds/openai.SHAPE.rss.xml")),
    ({"name": "Anthropic", "kind": "lab", "org": "Anthropic", "parser": "html_listing",
      "url": "https://www.anthropic.com/news"}, "https://www.anthropic.com/news",
     respond("anthropic/news.SHAPE.html")),
    ({"name": "arXiv", "kind": "paper", "parser": "arxiv_listing",
      "url": "https://rss.arxiv.org/rss/", "options": {"categories": ["cs.AI"]}},
     "https://rss.arxiv.org/rss/cs.AI", respond("arxiv/rss_empty_weekend.rss.xml")),
    (AA, AA_LEGACY, respond("artificial_analysis/legacy.json")),
    ({"name": "SWE-rebench", "kind": "benchmark", "parser": "swe_rebench",
      "url": "https://swe-rebench.com/"}, "https://swe-rebench.com/",
     respond("swe_rebench/page.SHAPE.html")),
    ({"name": "GitHub Trending", "kind": "repo", "parser": "github_trending",
      "url": "https://github.com/trending?since=daily"}, "https://github.com/trending",
     respond("github/trending.SHAPE.html")),
]
# How the failing source fails, in rotation: dead server, unreachable, Cloudflare, garbage.
FAILURES: list[tuple[str, Handler]] = [
    ("HTTP 500", respond(status=500, body=b"upstream error")),
    ("timeout", connect_timeout),
    ("Cloudflare 403", respond("feeds/cloudflare_403.html", status=403,
                               content_type="text/html")),
    ("malformed body", respond(body=b"<rss><channel><item>&&&</rss", content_type="text/xml")),
]
CASES = [(source["name"], *FAILURES[i % len(FAILURES)]) for i, (source, _, _) in
         enumerate(MORNING)]


def _gatherer(router: Router) -> Callable[[dt.date, object], DaySnapshot]:
    config = make_config([source for source, _, _ in MORNING])

    def gather(date: dt.date, data_dir) -> DaySnapshot:
        return asyncio.run(gather_live(date, config=config, data_dir=data_dir,
                                       client=router.client(),
                                       clock=fixed_clock("2026-11-23T07:00:00-05:00"),
                                       sleep=FakeSleep(),
                                       env={"ARTIFICIAL_ANALYSIS_API_KEY": "test-key-not-real"}))
    return gather


@pytest.mark.parametrize(("failing", "how", "failure"), CASES,
                         ids=[f"{name}-{how}" for name, how, _ in CASES])
def test_the_draft_completes_when_any_one_source_fails(tmp_path, failing, how, failure):
    routes = {route: failure if source["name"] == failing else healthy
              for source, route, healthy in MORNING}
    with session_for(tmp_path, DAY.isoformat()) as session:
        session.context.gather_live = _gatherer(Router(routes))
        state = session.run({"date": DAY.isoformat(), "source": {"kind": "live"},
                             "review": False})
    assert state.values["status"] == "drafted" and not state.next
    target = tmp_path / "out" / DAY.isoformat()
    health = {h["source"]: h["status"] for h in
              json.loads((target / "sources.json").read_text())["health"]}
    assert health.pop(failing) not in ("ok", "not_modified"), how
    assert set(health.values()) <= {"ok", "not_modified"}, health
    review = json.loads((target / "review.json").read_text())
    assert [p["source"] for p in review["source_problems"]] == [failing]
    assert (target / "draft.md").stat().st_size > 0
