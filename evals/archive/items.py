"""Small constructors the per-day archive data modules use to spell items out as literals.

Each day module under ``evals/archive/days/`` is pure data built with these helpers; the builder
(``build_archive.py``) adds what is derived or verbatim (paper abstracts and essay paragraphs copied
from the published issue, first-seen times) and validates everything through ``DaySnapshot``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from agent.schemas import BenchmarkRow, NewsItem, PaperItem, RepoItem, SourceRef

AA_SOURCE, AA_URL = "Artificial Analysis", "https://artificialanalysis.ai/"
SWE_SOURCE, SWE_URL = "SWE-rebench", "https://swe-rebench.com/"
TRENDING_SOURCE = "GitHub Trending"
ARXIV_SOURCE = "arXiv"


def utc(stamp: str) -> dt.datetime:
    """``"2026-04-20T14:05"`` -> an aware UTC datetime (archive times are written in UTC)."""
    return dt.datetime.fromisoformat(stamp).replace(tzinfo=dt.timezone.utc)


def slug(text: str) -> str:
    """Lower-case id fragment: ``"Claude Opus 4.7"`` -> ``"claude-opus-4-7"``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def news(
    item_id: str,
    source: str,
    url: str,
    published: str,
    title: str,
    summary: str,
    *,
    used: bool,
    org: str | None = None,
    also: tuple[tuple[str, str], ...] = (),
) -> NewsItem:
    """A wire story (no ``org``) or a lab announcement (``org`` names the lab)."""
    return NewsItem(
        id=item_id,
        kind="lab" if org else "wire",
        org=org,
        source=source,
        url=url,
        published_at=utc(published),
        title=title,
        summary=summary,
        used_in_issue=used,
        also_reported_by=[SourceRef(source=name, url=link) for name, link in also],
    )


def aa_row(
    rank: int,
    model: str,
    score: float,
    tokens_per_s: float | None,
    price: float,
    *,
    used: bool,
    previous: tuple[int, float] | None = None,
) -> BenchmarkRow:
    """An Artificial Analysis Intelligence Index row; ``tokens_per_s=None`` means not measured."""
    return BenchmarkRow(
        id=f"aa-{rank}-{slug(model)}",
        source=AA_SOURCE,
        url=AA_URL,
        title=model,
        board="artificial_analysis",
        rank=rank,
        model=model,
        score=score,
        tokens_per_s=tokens_per_s,
        price_per_1m_usd=price,
        used_in_issue=used,
        previous_rank=previous[0] if previous else None,
        previous_score=previous[1] if previous else None,
    )


def swe_row(rank: int, model: str, resolved_percent: float, *, used: bool) -> BenchmarkRow:
    """A SWE-rebench row; ``score`` is the resolved percent."""
    return BenchmarkRow(
        id=f"swe-{rank}-{slug(model)}",
        source=SWE_SOURCE,
        url=SWE_URL,
        title=model,
        board="swe_rebench",
        rank=rank,
        model=model,
        score=resolved_percent,
        used_in_issue=used,
    )


def repo(
    full_name: str,
    description: str,
    stars_today: int,
    *,
    used: bool,
    language: str | None = None,
) -> RepoItem:
    """A GitHub trending row; the id is ``repo-<owner>-<name>``."""
    return RepoItem(
        id=f"repo-{slug(full_name)}",
        source=TRENDING_SOURCE,
        url=f"https://github.com/{full_name}",
        title=full_name,
        full_name=full_name,
        description=description,
        language=language,
        stars_today=stars_today,
        used_in_issue=used,
    )


@dataclass(frozen=True)
class IssuePaper:
    """A paper the issue printed: the abstract is copied verbatim from the issue at build time."""

    item_id: str
    arxiv_id: str
    title: str
    category: str


def paper(
    item_id: str,
    arxiv_id: str,
    title: str,
    category: str,
    abstract: str,
    announced: dt.date,
    *,
    used: bool,
) -> PaperItem:
    """An arXiv listing item, dated at the listing's 00:00 America/New_York (04:00 UTC in April)."""
    return PaperItem(
        id=item_id,
        source=ARXIV_SOURCE,
        url=f"https://arxiv.org/abs/{arxiv_id}",
        title=title,
        published_at=dt.datetime.combine(announced, dt.time(4, 0), tzinfo=dt.timezone.utc),
        arxiv_id=arxiv_id,
        category=category,
        abstract=abstract,
        used_in_issue=used,
    )


@dataclass(frozen=True)
class DaySpec:
    """Everything hand-written about one archive day; the builder turns it into a DaySnapshot."""

    date: dt.date
    papers_heading: str
    issue_papers: list[IssuePaper]
    distractor_papers: list[PaperItem]
    aa_rows: list[BenchmarkRow]
    swe_rows: list[BenchmarkRow]
    news: list[NewsItem]
    repos: list[RepoItem]
    trending_ids: list[str]
    issue_notes: str
