"""curate: merge duplicate stories across sources, cluster news into storylines, rank them."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.context import DeskContext
from agent.writing.storylines import build_storylines
from agent.state import dump, snapshot_of
from agent.schemas import NewsItem
from agent.state import DeskState


def curate(state: DeskState, runtime: Runtime[DeskContext]) -> dict[str, Any]:
    from agent.sources.dedup import merge_duplicates

    snapshot = snapshot_of(state)
    merged = snapshot.model_copy(update={"items": merge_duplicates(list(snapshot.items))})
    news = [i for i in merged.items if isinstance(i, NewsItem)]
    recent = [" ".join(issue["lead_essay"]) for issue in state.get("recent_issues", [])]
    storylines = build_storylines(news, now=merged.gathered_at, recent_texts=recent)
    runtime.context.report("curate", f"{len(news)} news items -> {len(storylines)} storylines")
    return {"snapshot": dump(merged), "storylines": [dump(s) for s in storylines]}
