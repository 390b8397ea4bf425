"""RSS / Atom feeds of labs and wires (feedparser on bytes, never on a str or URL).

Before feedparser sees a body we check what it is: a Cloudflare challenge or any HTML page served
instead of XML makes feedparser return zero entries *without* setting ``bozo``, which would pass
silently as "a quiet day". So the root element is sniffed first: HTML with challenge markers is
``blocked``, other HTML or an unknown root is ``schema_error``. Malformed XML (``bozo``) with
entries still parsed is ``degraded``; with none it is ``schema_error``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import feedparser

from agent.sources.catalog import SourceSpec, SourcesSettings
from agent.sources.adapter import ParserOptions, SourceContext
from agent.sources.errors import SourceProblem
from agent.sources.news import RawNews, build_news_items, in_window
from agent.sources.normalize import from_struct_time
from agent.sources.result import SourceOutcome
from agent.sources.window import DayWindow

FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/xml;q=0.9, "
               "text/xml;q=0.8, */*;q=0.5")
FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
_PROLOGUE = re.compile(
    rb"^(?:\s|\xef\xbb\xbf|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*<([A-Za-z][\w:.-]*)", re.S | re.I
)
_CHALLENGE_MARKERS = (b"cf-chl", b"challenge-platform", b"just a moment", b"cf-ray",
                      b"attention required! | cloudflare", b"cf-browser-verification")


class FeedOptions(ParserOptions):
    """RSS/Atom feeds need no options; the table exists so typos are caught."""


def sniff_root(body: bytes) -> str | None:
    """Local name of the document's root element, lower case (``rdf:RDF`` -> ``rdf``)."""
    match = _PROLOGUE.match(body[:65536])
    if match is None:
        return None
    return match.group(1).decode("ascii", errors="replace").split(":")[-1].lower()


def check_feed_body(body: bytes, content_type: str) -> None:
    """Raise ``blocked`` / ``schema_error`` when the body is not a feed at all."""
    root = sniff_root(body)
    if root in FEED_ROOTS:
        return
    lowered = body[:65536].lower()
    if root == "html" or "html" in content_type.lower():
        if any(marker in lowered for marker in _CHALLENGE_MARKERS):
            raise SourceProblem("blocked", "Cloudflare challenge page instead of a feed")
        raise SourceProblem("schema_error", f"expected a feed, got an HTML page ({content_type})")
    raise SourceProblem("schema_error", f"expected a feed, got root element <{root or '?'}>")


def parse_feed_bytes(body: bytes) -> tuple[feedparser.FeedParserDict, list[str]]:
    """feedparser's result and the warnings to report (``bozo`` with entries kept)."""
    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.bozo:
        return parsed, []
    problem = f"malformed feed: {parsed.get('bozo_exception')}"
    usable = sum(1 for entry in parsed.entries if entry.get("link") and entry.get("title"))
    if not usable:
        raise SourceProblem("schema_error", problem)
    return parsed, [f"{problem} ({usable} entries recovered)"]


def entries_to_raw(parsed: feedparser.FeedParserDict) -> tuple[list[RawNews], list[str]]:
    raws, skipped = [], 0
    for entry in parsed.entries:
        link, title = entry.get("link"), entry.get("title")
        if not link or not title:
            skipped += 1
            continue
        raws.append(RawNews(url=link, title=title, summary_html=_summary_html(entry),
                            published_at=_entry_time(entry)))
    warnings = [f"{skipped} entries without a link or title skipped"] if skipped else []
    return raws, warnings


def parse_feed(body: bytes, content_type: str, *, spec: SourceSpec, settings: SourcesSettings,
               window: DayWindow, first_seen: Callable[[str], dt.datetime]) -> SourceOutcome:
    """Every entry of the feed as a cleaned, flagged item, kept when it is in the day's window."""
    check_feed_body(body, content_type)
    parsed, warnings = parse_feed_bytes(body)
    raws, skipped = entries_to_raw(parsed)
    items = build_news_items(raws, spec, settings, first_seen)
    return SourceOutcome(items=list(in_window(items, window)), warnings=warnings + skipped)


async def fetch(ctx: SourceContext) -> SourceOutcome:
    result = await ctx.get(ctx.spec.url, headers={"Accept": FEED_ACCEPT})
    return parse_feed(result.body, result.content_type, spec=ctx.spec, settings=ctx.settings,
                      window=ctx.window, first_seen=ctx.first_seen_at)


def _summary_html(entry: feedparser.FeedParserDict) -> str | None:
    summary = entry.get("summary")
    if summary:
        return summary
    content = entry.get("content") or []
    return content[0].get("value") if content else None


def _entry_time(entry: feedparser.FeedParserDict) -> dt.datetime | None:
    return from_struct_time(entry.get("published_parsed") or entry.get("updated_parsed"))
