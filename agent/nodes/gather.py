"""gather: the day's snapshot (a snapshot file, a bundled sample day, or live sources) through the
intake (gold labels stripped, every item normalised and screened, duplicates merged, benchmark
movement attached as stored data), stored once in the run store; state keeps its id."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from langgraph.runtime import Runtime

from agent.clock import today
from agent.context import DeskContext
from agent.paths import ARCHIVE_DIR
from agent.schemas import DaySnapshot
from agent.sources.intake import intake_day
from agent.sources.published import issues_before
from agent.sources.snapshots import load_snapshot, previous_snapshot, strip_labels
from agent.state import DeskState


def gather(state: DeskState, runtime: Runtime[DeskContext]) -> dict[str, Any]:
    ctx = runtime.context
    # A scheduled run (a LangGraph Server cron) has fixed input: no date means today, no source
    # means live, as for `desk draft`.
    date = dt.date.fromisoformat(state["date"]) if state.get("date") else today()
    source = state.get("source") or {"kind": "live"}
    previous = previous_snapshot(date, dirs=(ARCHIVE_DIR, ctx.data_root / "snapshots"))
    snapshot = intake_day(strip_labels(_load(source, date, ctx)), previous)
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


def _load(source: dict[str, Any], date: dt.date, ctx: DeskContext) -> DaySnapshot:
    if source["kind"] == "live":
        if ctx.gather_live is not None:
            return ctx.gather_live(date, ctx.data_root)
        from agent.sources.gather import gather_live_sync

        return gather_live_sync(date, data_dir=ctx.data_root)
    if source["kind"] == "sample":
        from agent.sources.snapshots import sample_path

        return load_snapshot(sample_path(date.isoformat(), ARCHIVE_DIR))
    return load_snapshot(Path(source["path"]))
