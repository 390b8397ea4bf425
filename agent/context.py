"""The runtime context handed to every node (``Runtime[DeskContext]``): clients and settings that
are built once at the edge and never checkpointed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from agent.config import DeskConfig, load_desk_config
from agent.llm.router import LLMRouter
from agent.paths import ARCHIVE_DIR

ProgressCallback = Callable[[str, str], None]
"""(node, message) -> None; the CLI shows it with rich."""


@dataclass(kw_only=True)
class DeskContext:
    llm: LLMRouter = field(default_factory=LLMRouter)
    config: DeskConfig = field(default_factory=load_desk_config)
    out_dir: Path = Path("out")
    data_dir: Path = Path(".desk")
    archive_dir: Path = ARCHIVE_DIR
    progress: ProgressCallback | None = None

    def report(self, node: str, message: str) -> None:
        if self.progress is not None:
            self.progress(node, message)
