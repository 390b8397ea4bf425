"""The day the graph drafts from, whatever its source: every item through the intake boundary
(``agent.sources.intake``), duplicates merged across sources (``agent.sources.dedup``), then
benchmark movement as stored data (``agent.sources.movement``). Done once, here (idempotent)."""

from __future__ import annotations

from agent.schemas import BenchmarkRow, DaySnapshot
from agent.sources.dedup import merge_duplicates
from agent.sources.intake import intake_snapshot
from agent.sources.movement import apply_movement


def intake_day(snapshot: DaySnapshot, previous: DaySnapshot | None) -> DaySnapshot:
    """The snapshot the graph drafts from, whatever its source: intake, duplicates merged
    across sources, rows sharing a rank flagged, then benchmark movement as stored data. Done
    once, here (idempotent)."""
    from agent.sources.boards import flag_shared_ranks
    snapshot = intake_snapshot(snapshot)
    items = flag_shared_ranks(merge_duplicates(list(snapshot.items)))
    rows = [i for i in items if isinstance(i, BenchmarkRow)]
    moved = {row.id: row for row in apply_movement(rows, previous)}
    return snapshot.model_copy(update={"items": [moved.get(i.id, i) for i in items]})
