"""curate: cluster the day's news into storylines and rank them."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.context import DeskContext
from agent.schemas import NewsItem
from agent.state import DeskState, dump
from agent.writing.storylines import build_storylines


def curate(state: DeskState, runtime: Runtime[DeskContext]) -> dict[str, Any]:
    snapshot = runtime.context.snapshot(state)
    news = [i for i in snapshot.items if isinstance(i, NewsItem)]
    recent = [" ".join(issue["lead_essay"]) for issue in state.get("recent_issues", [])]
    storylines = build_storylines(news, now=snapshot.gathered_at, recent_texts=recent)
    runtime.context.report("curate", f"{len(news)} news items -> {len(storylines)} storylines")
    return {"storylines": [dump(s) for s in storylines]}
