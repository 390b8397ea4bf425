"""Today's papers from the arXiv listing feed (``rss.arxiv.org/rss/<cat>+<cat>...``).

The feed is rebuilt at midnight ET and dated with the announcement day; items are dated 00:00 ET
of that day. We keep the items announced on the issue date (in ``listing_timezone``) whose
``announce_type`` is configured (``new``, optionally ``cross``; ``replace*`` are revisions).
Saturdays, Sundays and arXiv holidays have no items: zero papers is a normal, healthy answer.

Per paper: the description's ``arXiv:<id>vN Announce Type: new \\nAbstract:`` prefix is stripped,
the id is version-less, authors are split from the single ``dc:creator`` string, and the primary
category is the first listed (the feed does not mark it; ``enrich_with_api`` asks the export API).
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Literal

import feedparser
from pydantic import Field

from agent.schemas import PaperItem
from agent.sources.arxiv_api import ArxivAPIClient
from agent.sources.adapter import ParserOptions, SourceContext
from agent.sources.errors import SourceProblem
from agent.sources.feeds import FEED_ACCEPT, check_feed_body, parse_feed_bytes
from agent.sources.normalize import arxiv_id, collapse_whitespace, from_struct_time, html_to_text
from agent.sources.result import SourceOutcome
from agent.sources.intake import normalize_item

AnnounceType = Literal["new", "cross", "replace", "replace-cross"]
_PREFIX = re.compile(r"^\s*arXiv:\S+\s+Announce Type:\s*[\w-]+\s*Abstract:\s*", re.I)
_AUTHOR_SPLIT = re.compile(r",\s+and\s+|,\s*|\s+and\s+")
MAX_ABSTRACT_CHARS = 4000


class ArxivListingOptions(ParserOptions):
    categories: tuple[str, ...] = Field(default=("cs.AI", "cs.LG", "cs.CL"), min_length=1)
    announce_types: tuple[AnnounceType, ...] = Field(default=("new",), min_length=1)
    listing_timezone: str = "America/New_York"
    enrich_with_api: bool = False


def listing_url(base_url: str, categories: tuple[str, ...]) -> str:
    return f"{base_url.rstrip('/')}/{'+'.join(categories)}"


def parse_listing_feed(body: bytes, content_type: str, *, issue_date: dt.date,
                       options: ArxivListingOptions) -> SourceOutcome:
    """The issue day's papers, one per version-less id."""
    check_feed_body(body, content_type)
    parsed, warnings = parse_feed_bytes(body)
    if not parsed.entries:
        return SourceOutcome(items=[], warnings=warnings)
    zone = zoneinfo.ZoneInfo(options.listing_timezone)
    papers: dict[str, PaperItem] = {}
    for entry in parsed.entries:
        announced = from_struct_time(entry.get("published_parsed") or entry.get("updated_parsed"))
        kind = entry.get("arxiv_announce_type", "new")
        if announced is None or announced.astimezone(zone).date() != issue_date:
            continue
        if kind in options.announce_types:
            paper = entry_to_paper(entry, announced)
            papers.setdefault(paper.id, paper)
    return SourceOutcome(items=list(papers.values()),
                         warnings=warnings + _stale_listing(parsed, issue_date, zone))


def entry_to_paper(entry: feedparser.FeedParserDict, announced: dt.datetime) -> PaperItem:
    found = arxiv_id(entry.get("id") or entry.get("link") or "")
    if found is None:
        raise SourceProblem("schema_error", f"arXiv entry without an id: {entry.get('link')}")
    categories = [tag.get("term") for tag in entry.get("tags", []) if tag.get("term")]
    abstract = _PREFIX.sub("", html_to_text(entry.get("summary", "")))
    paper = PaperItem(
        id=f"arxiv-{found[0]}", source="arXiv", url=f"https://arxiv.org/abs/{found[0]}",
        title=collapse_whitespace(entry.get("title", "")), published_at=announced,
        arxiv_id=found[0], category=categories[0] if categories else "unknown",
        abstract=collapse_whitespace(abstract)[:MAX_ABSTRACT_CHARS],
        authors=[a for a in _AUTHOR_SPLIT.split(entry.get("author", "")) if a.strip()],
    )
    return normalize_item(paper)


async def fetch(ctx: SourceContext) -> SourceOutcome:
    options = ctx.options_as(ArxivListingOptions)
    throttle = ctx.arxiv_throttle
    result = await ctx.get(listing_url(ctx.spec.url, options.categories),
                           headers={"Accept": FEED_ACCEPT}, throttle=throttle)
    outcome = parse_listing_feed(result.body, result.content_type,
                                 issue_date=ctx.window.issue_date, options=options)
    if options.enrich_with_api and outcome.items:
        client = ArxivAPIClient(ctx.fetcher, throttle=throttle, timeout_s=ctx.timeout_s)
        outcome = await _enrich(outcome, client)
    return outcome


async def _enrich(outcome: SourceOutcome, client: ArxivAPIClient) -> SourceOutcome:
    """Primary categories from the export API; a failed look-up keeps the listing's guess."""
    papers = [p for p in outcome.items if isinstance(p, PaperItem)]
    try:
        records = await client.lookup([p.arxiv_id for p in papers if p.arxiv_id])
    except SourceProblem as problem:
        return SourceOutcome(outcome.items, [*outcome.warnings, f"API enrichment: {problem}"])
    enriched = []
    for paper in papers:
        record = records.get(paper.arxiv_id or "")
        if record is not None and record.primary_category:
            paper = paper.model_copy(update={"category": record.primary_category})
        enriched.append(paper)
    return SourceOutcome(list(enriched), outcome.warnings)


def _stale_listing(parsed: feedparser.FeedParserDict, issue_date: dt.date,
                   zone: zoneinfo.ZoneInfo) -> list[str]:
    channel = from_struct_time(parsed.feed.get("published_parsed")
                               or parsed.feed.get("updated_parsed"))
    if channel is None or channel.astimezone(zone).date() == issue_date:
        return []
    return [f"listing is dated {channel.astimezone(zone).date()}, not {issue_date}"]
