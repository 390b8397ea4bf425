"""gather: the day's snapshot (a snapshot file, a bundled sample day, or live sources) through the
intake (gold labels stripped, every item normalised and screened, duplicates merged, benchmark
movement attached as stored data), stored once in the run store; state keeps its id."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from pathlib import Path
from typing import Any

from langgraph.runtime import Runtime

from agent.clock import today
from agent.context import DeskContext
from agent.errors import NoNewsError
from agent.paths import ARCHIVE_DIR
from agent.schemas import DaySnapshot, NewsItem
from agent.sources.day import intake_day
from agent.sources.published import issues_before
from agent.sources.snapshots import previous_snapshot, read_snapshot, strip_labels
from agent.state import DeskState


def gather(state: DeskState, runtime: Runtime[DeskContext]) -> dict[str, Any]:
    ctx = runtime.context
    # A scheduled run (a LangGraph Server cron) has fixed input: no date means today, no source
    # means live, as for `desk draft`.
    date = dt.date.fromisoformat(state["date"]) if state.get("date") else today()
    source = state.get("source") or {"kind": "live"}
    previous = previous_snapshot(date, dirs=(ARCHIVE_DIR, ctx.data_root / "snapshots"))
    snapshot = intake_day(strip_labels(_load(source, date, ctx)), previous)
    require_news(snapshot)
    recent = issues_before(ctx.published_roots, date,
                           ctx.config.editorial.recent_issues_for_novelty)
    ctx.report("gather", f"{len(snapshot.items)} items from {snapshot.origin} snapshot")
    return {
        "date": date.isoformat(),
        "source": source,
        "snapshot_id": ctx.runs.put_snapshot(snapshot),
        "recent_issues": recent,
        "previous_snapshot_date": previous.date.isoformat() if previous else None,
        "status": "drafting",
        "draft_version": 0,
        "revision": 0,
        "started_at": time.time(),
    }


def require_news(snapshot: DaySnapshot) -> None:
    """Refuse a day with no wire story or lab announcement that has text: the lead essay argues
    from the news, so there is nothing to draft (``NoNewsError``, one line, exit 1)."""
    news = [i for i in snapshot.items if isinstance(i, NewsItem)]
    if any(item.title or item.summary for item in news):
        return
    withheld = sum(1 for w in snapshot.withheld if w.kind in ("wire", "lab"))
    if news:
        reason = f"none of its {len(news)} wire or lab item(s) has a title or summary"
    elif withheld:
        reason = f"all {withheld} of its wire and lab items were withheld at intake"
    else:
        counts = Counter(item.kind for item in snapshot.items)
        held = ", ".join(f"{n} {kind} item(s)" for kind, n in sorted(counts.items()))
        reason = f"it has no wire stories or lab announcements ({held or 'no items at all'})"
    raise NoNewsError(f"no lead essay is possible for {snapshot.date}: {reason}")


def _load(source: dict[str, Any], date: dt.date, ctx: DeskContext) -> DaySnapshot:
    if source["kind"] == "live":
        if ctx.gather_live is not None:
            return ctx.gather_live(date, ctx.data_root)
        from agent.sources.gather import gather_live_sync

        return gather_live_sync(date, data_dir=ctx.data_root)
    if source["kind"] == "sample":
        from agent.sources.snapshots import sample_path

        return read_snapshot(sample_path(date.isoformat(), ARCHIVE_DIR))
    return read_snapshot(Path(source["path"]))  # intake_day runs the intake, once
