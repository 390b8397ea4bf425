"""The runtime context handed to every node (``Runtime[DeskContext]``): clients and settings that
are built once at the edge and never checkpointed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from agent.config import DeskConfig, load_desk_config
from agent.llm.router import LLMRouter
from agent.paths import ARCHIVE_DIR

if TYPE_CHECKING:
    from agent.schemas import DaySnapshot

ProgressCallback = Callable[[str, str], None]
"""(node, message) -> None; the CLI shows it with rich."""

LiveGatherer = Callable[[dt.date, Path], "DaySnapshot"]
"""(issue date, data dir) -> the day's snapshot from live sources."""


def gather_from_configured_sources(date: dt.date, data_dir: Path) -> "DaySnapshot":
    from agent.sources.gather import gather_live_sync

    return gather_live_sync(date, data_dir=data_dir)


@dataclass(kw_only=True)
class DeskContext:
    llm: LLMRouter = field(default_factory=LLMRouter)
    config: DeskConfig = field(default_factory=load_desk_config)
    out_dir: Path = Path("out")
    data_dir: Path = Path(".desk")
    archive_dir: Path = ARCHIVE_DIR
    progress: ProgressCallback | None = None
    gather_live: LiveGatherer = gather_from_configured_sources
    """How ``--live`` gathers; tests inject fixture-backed sources here."""

    def report(self, node: str, message: str) -> None:
        if self.progress is not None:
            self.progress(node, message)
