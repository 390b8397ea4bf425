"""What the review pages show, assembled from saved runs (the HTML is in ``templates/``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import cast
from pathlib import Path

from agent.editor.runs import RunRow, saved_runs
from agent.persistence.ledger import LedgerTotals, totals_by, totals_of
from agent.render.package import build_review, flagged_items, issue_view
from agent.render.view import IssueView
from agent.schemas import (
    SECTION_NAMES, ReviewReport, SectionVersionRecord,
)
from agent.session import DeskSession
from agent.persistence.runs import StoredAction
from agent.state import DeskState, versions_of


def list_runs(data_dir: Path, env: Mapping[str, str]) -> list[RunRow]:
    """Every saved run, drafts awaiting review first, newest first within each group."""
    return sorted(saved_runs(data_dir, env), key=lambda r: not r.awaiting)


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
    flagged: list[dict] = field(default_factory=list)
    """Withheld items first, then items carrying a flag (agent.render.package.flagged_items)."""
    regen_targets: list[str] = field(default_factory=list)
    versions: list[SectionVersionRecord] = field(default_factory=list)
    actions: list[StoredAction] = field(default_factory=list)
    final_path: Path | None = None
    essay_text: str = ""
    """The essay as the edit box shows it: paragraphs separated by blank lines."""
    problem: str | None = None
    """Why the editor's last reply was not applied (the review asks again)."""


def draft_page(session: DeskSession) -> DraftPage:
    state = session.state()
    values = cast(DeskState, state.values)
    calls = session.ledger.calls(session.thread_id)
    page = DraftPage(
        date=session.date, status=values.get("status", "not started"),
        draft_version=values.get("draft_version", 0), awaiting="editor_review" in state.next,
        view=None, review=None, totals=totals_of(calls), by_node=totals_by(calls, lambda c: c.node),
        versions=versions_of(values),
        actions=session.store.actions(session.date))
    final = session.context.package_dir(session.date) / "final.md"
    page.final_path = final if final.exists() else None
    if "essay" not in values or "claims" not in values:
        return page  # drafting has not reached the claims yet: status only
    page.review = build_review(values, session.context)
    page.view = issue_view(values, session.context, page.review)
    page.flagged = flagged_items(session.context.snapshot(values))
    page.essay_text = "\n\n".join(values["essay"]["paragraphs"])
    page.problem = values.get("review_error")
    page.regen_targets = regen_targets(values)
    return page


def regen_targets(values: DeskState) -> list[str]:
    paragraphs = len(values["essay"]["paragraphs"])
    sections = [name for name in SECTION_NAMES if name in values.get("sections", {})]
    return ["essay", *(f"essay.p{n}" for n in range(1, paragraphs + 1)), "thesis", *sections]
