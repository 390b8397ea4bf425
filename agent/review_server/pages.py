"""What the review pages show, assembled from saved runs (the HTML is in ``templates/``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import cast
from pathlib import Path

from agent.graph import build_graph
from agent.persistence.ledger import LedgerTotals, totals_by, totals_of
from agent.state import snapshot_of
from agent.persistence import open_backends
from agent.render.package import build_review, issue_view
from agent.render.view import IssueView
from agent.schemas import SECTION_NAMES, ItemFlag, ReviewReport
from agent.session import DeskSession
from agent.state import DeskState
from agent.persistence.runs import SectionVersion, StoredAction


@dataclass(frozen=True)
class RunRow:
    date: str
    status: str
    draft_version: int
    next: tuple[str, ...]

    @property
    def awaiting(self) -> bool:
        return "editor_review" in self.next


def list_runs(data_dir: Path, env: Mapping[str, str]) -> list[RunRow]:
    """Every saved run, drafts awaiting review first, newest first within each group."""
    backends = open_backends(data_dir, env)
    try:
        graph = build_graph(backends.checkpointer)
        rows = []
        for date, thread in backends.store.dates():
            state = graph.get_state({"configurable": {"thread_id": thread}})
            rows.append(RunRow(date=date, status=state.values.get("status", "not started"),
                               draft_version=state.values.get("draft_version", 0),
                               next=tuple(state.next)))
    finally:
        backends.close()
    rows.sort(key=lambda r: r.date, reverse=True)
    return sorted(rows, key=lambda r: not r.awaiting)


@dataclass(frozen=True)
class FlaggedItem:
    id: str
    title: str
    url: str
    flags: list[ItemFlag]


@dataclass
class DraftPage:
    date: str
    status: str
    draft_version: int
    awaiting: bool
    view: IssueView | None
    review: ReviewReport | None
    totals: LedgerTotals
    by_node: dict[str, LedgerTotals]
    flagged: list[FlaggedItem] = field(default_factory=list)
    regen_targets: list[str] = field(default_factory=list)
    versions: list[SectionVersion] = field(default_factory=list)
    actions: list[StoredAction] = field(default_factory=list)
    final_path: Path | None = None


def draft_page(session: DeskSession) -> DraftPage:
    state = session.state()
    values = cast(DeskState, state.values)
    calls = session.ledger.calls(session.thread_id)
    page = DraftPage(
        date=session.date, status=values.get("status", "not started"),
        draft_version=values.get("draft_version", 0), awaiting="editor_review" in state.next,
        view=None, review=None, totals=totals_of(calls), by_node=totals_by(calls, lambda c: c.node),
        versions=session.store.versions(session.thread_id),
        actions=session.store.actions(session.date))
    final = session.context.out_dir / session.date / "final.md"
    page.final_path = final if final.exists() else None
    if "essay" not in values or "claims" not in values:
        return page  # drafting has not reached the claims yet: status only
    page.review = build_review(values, session.context)
    page.view = issue_view(values, session.context, page.review)
    page.flagged = flagged_items(values)
    page.regen_targets = regen_targets(values)
    return page


def flagged_items(values: DeskState) -> list[FlaggedItem]:
    """Items carrying flags, with the offending text verbatim (rendered escaped)."""
    return [FlaggedItem(id=i.id, title=i.title, url=i.url, flags=list(i.flags))
            for i in snapshot_of(values).items if i.flags]


def regen_targets(values: DeskState) -> list[str]:
    paragraphs = len(values["essay"]["paragraphs"])
    sections = [name for name in SECTION_NAMES if name in values.get("sections", {})]
    return ["essay", *(f"essay.p{n}" for n in range(1, paragraphs + 1)), "thesis", *sections]
