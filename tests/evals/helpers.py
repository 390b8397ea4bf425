"""Builders for eval tests: candidates with hand-made claims, and a synthetic archive day."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from agent.schemas import Claim, ClaimSource, SectionEssay
from agent.sources.snapshots import SNAPSHOT_FILE
from evals.metrics.base import Candidate, EvalDay, SystemName


def claim(paragraph: int, text: str, paragraphs: list[str], *, sources: tuple[str, ...] = (),
          kind: str = "fact", status: str = "supported", section: str = "essay") -> Claim:
    start = paragraphs[paragraph].find(text)
    span = (start, start + len(text)) if start >= 0 else (0, len(text))
    return Claim(id=f"{section}.p{paragraph}.c{span[0]}", section=section,
                 paragraph=paragraph, span=span, text=text, kind=kind, status=status,
                 sources=[ClaimSource(item_id=i, url=f"https://example.com/{i}", quote="q")
                          for i in sources])


def candidate(day: EvalDay, paragraphs: list[str], claims: list[Claim] | None = None, *,
              system: SystemName = "baseline", byline: str | None = "Grant Calloway",
              sections: dict[str, SectionEssay] | None = None, markdown: str | None = None,
              text_date: dt.date | None = None) -> Candidate:
    return Candidate(system=system, date=day.date, text_date=text_date or day.date,
                     paragraphs=paragraphs, byline=byline, claims=claims or [],
                     sections=sections, markdown=markdown)


def add_synthetic_day(archive: Path, source_date: str, new_date: str) -> dt.date:
    """Copy ``source_date``'s snapshot as ``new_date``: every timestamp shifted by the gap and
    every item re-id'd (``d5-`` prefix), including the published issue's references."""
    source = json.loads((archive / source_date / SNAPSHOT_FILE).read_text("utf-8"))
    gap = dt.date.fromisoformat(new_date) - dt.date.fromisoformat(source_date)
    new_id = {item["id"]: f"d5-{item['id']}" for item in source["items"]}
    for item in source["items"]:
        item["id"] = new_id[item["id"]]
        for key in ("published_at", "first_seen_at"):
            if item.get(key):
                item[key] = _shift(item[key], gap)
    published = source["published"]
    for key in ("paper_ids", "aa_ids", "swe_ids", "trending_ids"):
        published[key] = [new_id[i] for i in published[key]]
    published["date"] = new_date
    source["date"] = new_date
    source["gathered_at"] = _shift(source["gathered_at"], gap)
    for health in source.get("sources", []):
        if health.get("fetched_at"):
            health["fetched_at"] = _shift(health["fetched_at"], gap)
    target = archive / new_date / SNAPSHOT_FILE
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps(source, indent=1), "utf-8")
    return dt.date.fromisoformat(new_date)


def _shift(stamp: str, gap: dt.timedelta) -> str:
    return (dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")) + gap).isoformat()
