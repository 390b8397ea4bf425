"""Labs without a feed (Anthropic): the news listing page, parsed with selectolax.

The page is a Next.js listing whose class names are build hashes, so nothing here depends on a
class: a post is any link whose path matches ``link_pattern`` (``/news/<slug>``); its title is the
first heading inside the link (else the link's text); its date is a ``<time datetime>`` or the
first "Nov 22, 2026"-style date in the link's text; its summary the longest paragraph. A date
without a time is noon in the issue's time zone; a card without any date is windowed by its
first-seen time.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from agent.sources.adapter import ParserOptions, SourceContext
from agent.sources.errors import SourceProblem
from agent.sources.news import RawNews, build_news_items, in_window
from agent.sources.normalize import collapse_whitespace, from_date_only, to_utc
from agent.sources.result import SourceOutcome

_DATE_TEXT = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2}),\s+(\d{4})\b"
)
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}


class ListingOptions(ParserOptions):
    link_pattern: str = r"^/news/[a-z0-9][a-z0-9-]*/?$"
    min_summary_chars: int = 40


def parse_listing(page: str, *, base_url: str, options: ListingOptions,
                  timezone: str) -> list[RawNews]:
    """One entry per distinct post link on the page, in page order."""
    tree = LexborHTMLParser(page)
    pattern = re.compile(options.link_pattern)
    host = urlsplit(base_url).hostname
    entries: dict[str, RawNews] = {}
    for link in tree.css("a[href]"):
        url = urljoin(base_url, link.attributes.get("href") or "")
        parts = urlsplit(url)
        if parts.hostname != host or not pattern.match(parts.path) or url in entries:
            continue
        title = _title(link)
        if title:
            entries[url] = RawNews(url=url, title=title, summary_html=_summary(link, options),
                                   published_at=_date(link, timezone))
    return list(entries.values())


async def fetch(ctx: SourceContext) -> SourceOutcome:
    result = await ctx.get(ctx.spec.url, headers={"Accept": "text/html"})
    options = ctx.options_as(ListingOptions)
    raws = parse_listing(result.text, base_url=ctx.spec.url, options=options,
                         timezone=ctx.window.timezone)
    if not raws:
        raise SourceProblem("schema_error",
                            f"no links matching {options.link_pattern} on {ctx.spec.url}")
    items = build_news_items(raws, ctx.spec, ctx.settings, ctx.first_seen_at)
    return SourceOutcome(items=in_window(items, ctx.window))


def _title(link: LexborNode) -> str:
    heading = link.css_first("h1, h2, h3, h4, h5, h6")
    node_text = heading.text(separator=" ") if heading is not None else link.text(separator=" ")
    return collapse_whitespace(_DATE_TEXT.sub("", node_text))


def _summary(link: LexborNode, options: ListingOptions) -> str | None:
    paragraphs = [collapse_whitespace(p.text(separator=" ")) for p in link.css("p")]
    long_enough = [p for p in paragraphs if len(p) >= options.min_summary_chars]
    return max(long_enough, key=len) if long_enough else None


def _date(link: LexborNode, timezone: str) -> dt.datetime | None:
    stamp = link.css_first("time[datetime]")
    if stamp is not None:
        parsed = _iso(stamp.attributes.get("datetime") or "", timezone)
        if parsed is not None:
            return parsed
    match = _DATE_TEXT.search(link.text(separator=" "))
    if match is None:
        return None
    month, day, year = _MONTHS[match.group(1)[:3].lower()], int(match.group(2)), int(match.group(3))
    try:
        return from_date_only(dt.date(year, month, day), timezone)
    except ValueError:  # "Feb 30, 2026"
        return None


def _iso(value: str, timezone: str) -> dt.datetime | None:
    try:
        if len(value) == 10:
            return from_date_only(dt.date.fromisoformat(value), timezone)
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return to_utc(moment) if moment.tzinfo else None
