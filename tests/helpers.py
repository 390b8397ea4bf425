"""Shared builders for graph-level tests."""

from __future__ import annotations

from pathlib import Path


from agent.llm.base import ChatModel
from agent.llm.router import LLMRouter
from agent.paths import ARCHIVE_DIR
from agent.session import DeskSession
from agent.sources.snapshots import load_snapshot, sample_path

SAMPLE_DAYS = ("2026-04-07", "2026-04-21", "2026-04-22", "2026-04-24")


def session_for(tmp_path: Path, date: str, *, router: LLMRouter | None = None,
                fresh: bool = False) -> DeskSession:
    return DeskSession(date=date, data_dir=tmp_path / "data", out_dir=tmp_path / "out",
                       router=router or LLMRouter(), fresh=fresh)


def start_input(date: str, *, review: bool = True) -> dict:
    return {"date": date, "source": {"kind": "snapshot", "path": str(sample_path(date, ARCHIVE_DIR))},
            "review": review}


def router_with(**roles: ChatModel) -> LLMRouter:
    return LLMRouter(roles)  # type: ignore[arg-type]


def published_essay(date: str) -> list[str]:
    snapshot = load_snapshot(sample_path(date, ARCHIVE_DIR))
    assert snapshot.published is not None
    return list(snapshot.published.lead_essay)
