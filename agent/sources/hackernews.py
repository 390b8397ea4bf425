"""Hacker News stories via the Algolia API, as wire items.

One ``search_by_date`` request per query for stories created since the window opened with at
least ``min_points``. Ask/Show posts have ``url: null`` and link to the discussion instead. The
summary states the discussion's size (a fact the desk can cite) or the post's own text.
"""

from __future__ import annotations

import datetime as dt
import json

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agent.sources.adapter import ParserOptions, SourceContext
from agent.sources.errors import SourceProblem
from agent.sources.news import RawNews, build_news_items, in_window
from agent.sources.normalize import html_to_text
from agent.sources.result import SourceOutcome

DISCUSSION_URL = "https://news.ycombinator.com/item?id={}"


class HNOptions(ParserOptions):
    queries: tuple[str, ...] = Field(default=("AI", "LLM"), min_length=1)
    min_points: int = Field(default=100, ge=0)
    hits_per_page: int = Field(default=50, ge=1, le=1000)


class HNHit(BaseModel):
    model_config = ConfigDict(extra="ignore")

    object_id: str = Field(alias="objectID")
    title: str | None = None
    url: str | None = None
    points: int | None = None
    num_comments: int | None = None
    created_at_i: int
    story_text: str | None = None


class HNPage(BaseModel):
    model_config = ConfigDict(extra="ignore")

    hits: list[HNHit]


def parse_hits(body: bytes) -> list[RawNews]:
    try:
        page = HNPage.model_validate(json.loads(body))
    except (ValueError, ValidationError) as error:
        raise SourceProblem("schema_error", f"Hacker News API: {error}") from None
    return [_raw(hit) for hit in page.hits if hit.title]


async def fetch(ctx: SourceContext) -> SourceOutcome:
    options = ctx.options_as(HNOptions)
    since = int(ctx.window.start.timestamp())
    raws: list[RawNews] = []
    for query in options.queries:
        result = await ctx.get(ctx.spec.url, params={
            "tags": "story", "query": query, "hitsPerPage": str(options.hits_per_page),
            "numericFilters": f"created_at_i>{since},points>={options.min_points}",
        })
        raws += parse_hits(result.body)
    items = build_news_items(raws, ctx.spec, ctx.settings, ctx.first_seen_at)
    return SourceOutcome(items=list(in_window(items, ctx.window)))


def _raw(hit: HNHit) -> RawNews:
    if hit.story_text:
        summary = html_to_text(hit.story_text)
    else:
        summary = f"{hit.points or 0} points and {hit.num_comments or 0} comments on Hacker News."
    return RawNews(
        url=hit.url or DISCUSSION_URL.format(hit.object_id), title=hit.title or "",
        summary_html=summary,
        published_at=dt.datetime.fromtimestamp(hit.created_at_i, dt.timezone.utc),
    )
