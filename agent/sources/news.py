"""Turning raw news entries (feeds, listing pages, Hacker News) into windowed ``NewsItem``s."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal, TypeVar

from agent.schemas import ItemBase, NewsItem
from agent.sources.catalog import SourceSpec, SourcesSettings
from agent.sources.errors import SourceProblem
from agent.sources.intake import normalize_item
from agent.sources.normalize import canonical_url, clean_summary, news_item_id, split_html
from agent.sources.window import DayWindow

ItemT = TypeVar("ItemT", bound=ItemBase)


@dataclass(frozen=True)
class RawNews:
    url: str
    title: str
    summary_html: str | None
    published_at: dt.datetime | None


def build_news_items(raws: Iterable[RawNews], spec: SourceSpec, settings: SourcesSettings,
                     first_seen: Callable[[str], dt.datetime]) -> list[NewsItem]:
    """Clean, flag and id each entry; undated entries get their stored first-seen time."""
    kind = _news_kind(spec)
    items: dict[str, NewsItem] = {}
    for raw in raws:
        url = canonical_url(raw.url)
        item_id = news_item_id(kind, spec.name, url)
        if item_id in items:  # the same entry twice in one feed
            continue
        item = NewsItem(
            id=item_id, kind=kind, source=spec.name, org=spec.org, url=url, title=raw.title,
            summary=clean_summary(raw.summary_html, settings.max_summary_chars),
            published_at=raw.published_at,
            first_seen_at=first_seen(item_id) if raw.published_at is None else None,
        )
        parsed = split_html(raw.summary_html) if raw.summary_html else None
        hidden = (*parsed.hidden, *parsed.code) if parsed else ()
        items[item_id] = normalize_item(item, hidden={"summary": hidden})
    return list(items.values())


def in_window(items: Iterable[ItemT], window: DayWindow) -> list[ItemT]:
    return [i for i in items if window.admits(i.published_at, i.first_seen_at)]


def _news_kind(spec: SourceSpec) -> Literal["wire", "lab"]:
    if spec.kind not in ("wire", "lab"):
        raise SourceProblem("failed", f"source {spec.name!r}: news parsers need kind wire or lab")
    return spec.kind
