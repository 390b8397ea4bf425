"""gather: the day's snapshot (bundled/archived file, or live sources), labels stripped,
every item through the intake boundary, benchmark movement attached as stored data."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from langgraph.runtime import Runtime

from agent.context import DeskContext
from agent.state import dump
from agent.schemas import DaySnapshot
from agent.sources.intake import intake_day
from agent.sources.published import issues_before
from agent.sources.snapshots import load_snapshot, previous_snapshot, strip_labels
from agent.state import DeskState


def gather(state: DeskState, runtime: Runtime[DeskContext]) -> dict[str, Any]:
    ctx = runtime.context
    date = dt.date.fromisoformat(state["date"])
    snapshot = strip_labels(_load(state["source"], date, ctx))
    previous = previous_snapshot(ctx.archive_dir, date,
                                 extra_dirs=(ctx.data_dir / "snapshots",))
    snapshot = intake_day(snapshot, previous)
    recent = issues_before(ctx.archive_dir, date, ctx.config.editorial.recent_issues_for_novelty)
    ctx.report("gather", f"{len(snapshot.items)} items from {snapshot.origin} snapshot")
    return {
        "snapshot": dump(snapshot),
        "recent_issues": recent,
        "previous_snapshot_date": previous.date.isoformat() if previous else None,
        "status": "drafting",
        "draft_version": 0,
        "revision": 0,
        "started_at": time.time(),
    }


def _load(source: dict[str, Any], date: dt.date, ctx: DeskContext) -> DaySnapshot:
    if source["kind"] == "live":
        return ctx.gather_live(date, ctx.data_dir)
    return load_snapshot(Path(source["path"]))
