"""The runtime context every node receives (``Runtime[DeskContext]``).

Two parts. ``DeskSettings`` is what a run is configured with, JSON-native: LangGraph Server passes
it over its API (``context={...}``) and Studio shows it as a form; it never holds a key. A
``DeskContext`` is those settings plus the services built from them at the edge (the model
router, the run store, the package writer, progress): the CLI's session builds one, and
``agent.services`` builds one for a served run. Nothing here is checkpointed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from agent.config import DeskConfig, load_desk_config
from agent.paths import data_dir as default_data_dir, out_dir as default_out_dir

if TYPE_CHECKING:
    from agent.llm.router import LLMRouter
    from agent.persistence.runs import RunStore
    from agent.schemas import DaySnapshot
    from agent.state import DeskState

ProgressCallback = Callable[[str, str], None]
"""(node, message) -> None; the CLI shows it with rich."""

LiveGatherer = Callable[[dt.date, Path], "DaySnapshot"]
"""(issue date, data dir) -> the day's snapshot from live sources."""


@dataclass(kw_only=True)
class DeskSettings:
    """A run's configuration; every field is JSON-native and optional."""

    models: dict[str, str] = field(default_factory=dict)
    """Role -> provider:model (writer, critic, extractor, verifier, or all); keys come from the
    environment of the process that runs the graph."""
    out_dir: str = ""
    """Root of the handoff packages; empty: DESK_OUT_DIR or ./out."""
    data_dir: str = ""
    """SQLite stores; empty: DESK_DATA_DIR or ./.desk (unused with DESK_DATABASE_URL)."""
    published_dir: str = ""
    """Published issues (exemplars, novelty); empty: [paths] in config/desk.toml."""

    @property
    def out_root(self) -> Path:
        return Path(self.out_dir).expanduser() if self.out_dir else default_out_dir()

    @property
    def data_root(self) -> Path:
        return Path(self.data_dir).expanduser() if self.data_dir else default_data_dir()


class PackageWriter(Protocol):
    """Writes the handoff package (``agent.render.package`` implements it); nodes call it
    through the context so they never import the rendering layer."""

    def write_draft(self, state: DeskState, ctx: DeskContext, elapsed_s: float
                    ) -> dict[str, str]: ...

    def write_final(self, state: DeskState, ctx: DeskContext) -> dict[str, str]: ...


@dataclass(kw_only=True)
class DeskContext(DeskSettings):
    """Settings plus the services built from them."""

    llm: LLMRouter
    runs: RunStore
    """The run records: snapshots, section versions, the editor's action log."""
    package: PackageWriter
    config: DeskConfig = field(default_factory=load_desk_config)
    thread_id: str = ""
    package_per_thread: bool = False
    """Served runs write packages to out/<date>/<thread>/ so threads never overwrite each other."""
    progress: ProgressCallback | None = None
    gather_live: LiveGatherer | None = None
    """How ``--live`` gathers; None: the configured sources. Tests inject fixtures here."""

    @property
    def published_roots(self) -> tuple[Path, ...]:
        """Where published issues are read: the configured issues, then the ones this desk
        published itself (``<data dir>/published``)."""
        configured = (Path(self.published_dir).expanduser() if self.published_dir
                      else self.config.published_dir())
        return (configured, self.data_root / "published")

    def package_dir(self, date: str) -> Path:
        base = self.out_root / date
        return base / self.thread_id if self.package_per_thread and self.thread_id else base

    def snapshot(self, state: DeskState) -> DaySnapshot:
        """The day's snapshot (the text of record) for a run's state."""
        return self.runs.snapshot(state["snapshot_id"])

    def report(self, node: str, message: str) -> None:
        if self.progress is not None:
            self.progress(node, message)
