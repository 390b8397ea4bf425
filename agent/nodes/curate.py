"""curate: cluster the day's news into storylines and rank them.

State keeps what the later stages decide from, not the whole day: the top ``KEPT_STORYLINES``
storylines (the desks, the thesis and every regeneration walk down from the top), each with at
most ``KEPT_ITEMS`` of its items, its first (lead) item first. On a day of a few dozen stories
that is all of them; on a day of 10,000 items it keeps the checkpoint from growing with the
snapshot (the snapshot itself is in the run store, once).
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.context import DeskContext
from agent.schemas import NewsItem, Storyline
from agent.state import DeskState, dump
from agent.writing.storylines import build_storylines

KEPT_STORYLINES = 100
KEPT_ITEMS = 40


def curate(state: DeskState, runtime: Runtime[DeskContext]) -> dict[str, Any]:
    snapshot = runtime.context.snapshot(state)
    news = [i for i in snapshot.items if isinstance(i, NewsItem)]
    recent = [" ".join(issue["lead_essay"]) for issue in state.get("recent_issues", [])]
    storylines = build_storylines(news, now=snapshot.gathered_at, recent_texts=recent)
    runtime.context.report("curate", f"{len(news)} news items -> {len(storylines)} storylines")
    return {"storylines": [dump(kept(s)) for s in storylines[:KEPT_STORYLINES]]}


def kept(storyline: Storyline) -> Storyline:
    """The storyline as state keeps it: its first ``KEPT_ITEMS`` items, the count said."""
    if len(storyline.item_ids) <= KEPT_ITEMS:
        return storyline
    reason = f"{len(storyline.item_ids):,} items, the first {KEPT_ITEMS} kept"
    return storyline.model_copy(update={"item_ids": storyline.item_ids[:KEPT_ITEMS],
                                        "salience_reasons": [*storyline.salience_reasons,
                                                             reason]})
