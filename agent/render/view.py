"""The issue as a renderable view: everything the markdown and HTML renderers need, assembled
once from graph state so both formats show exactly the same content."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from agent.schemas import (
    BenchmarkRow, Claim, ItemBase, LeadEssay, PaperItem, RepoItem, ReviewReport, SectionEssay,
)

SECTION_ORDER = ("labs", "wire", "papers", "benchmarks", "trending")  # as published (docs/design.md §1)
NOTHING_TODAY = {
    "wire": "No wire stories today.",
    "labs": "No lab announcements today.",
    "papers": "No research papers were announced today.",
    "benchmarks": "No benchmark leaderboards were published today.",
    "trending": "No trending repositories today.",
}
"""What a section with nothing to show says instead: a thin day is stated, never left blank."""
NO_BOARD = {
    "artificial_analysis": "No Artificial Analysis rankings today.",
    "swe_rebench": "No SWE-rebench rankings today.",
}


@dataclass
class IssueView:
    date: dt.date
    masthead: str
    essay: LeadEssay
    sections: dict[str, SectionEssay]
    items: dict[str, ItemBase]
    claims: list[Claim] = field(default_factory=list)
    review: ReviewReport | None = None
    baseline_notice: str | None = None

    @property
    def date_line(self) -> str:
        return f"{self.date:%B} {self.date.day}, {self.date.year}"

    def ordered_sections(self) -> list[SectionEssay]:
        return [self.sections[name] for name in SECTION_ORDER if name in self.sections]

    def papers(self) -> list[PaperItem]:
        return self._of("papers", PaperItem)

    def repos(self) -> list[RepoItem]:
        return self._of("trending", RepoItem)

    def board(self, board: str) -> list[BenchmarkRow]:
        rows = self._of("benchmarks", BenchmarkRow)
        return [r for r in rows if r.board == board]

    def nothing_today(self, section: SectionEssay) -> str | None:
        """The line an empty section shows in place of its body, or None when it has some."""
        if section.section == "papers":
            empty = not self.papers()
        elif section.section == "trending":
            empty = not self.repos()
        elif section.section == "benchmarks":
            empty = not (self.board("artificial_analysis") or self.board("swe_rebench"))
        else:
            empty = not section.paragraphs
        return NOTHING_TODAY.get(section.section) if empty else None

    def board_missing(self, board: str) -> str | None:
        """The line an empty leaderboard shows in place of its table."""
        return None if self.board(board) else NO_BOARD[board]

    def claims_for(self, section: str, paragraph: int) -> list[Claim]:
        found = [c for c in self.claims if c.section == section and c.paragraph == paragraph]
        return sorted(found, key=lambda c: c.span[0])

    def _of(self, section: str, kind: type) -> list:
        """The section's items of ``kind``, in order; none that intake withheld."""
        from agent.sources.intake import is_withheld

        essay = self.sections.get(section)
        if essay is None:
            return []
        return [self.items[i] for i in essay.item_ids
                if isinstance(self.items.get(i), kind) and not is_withheld(self.items[i])]


def fmt_number(value: float | None, money: bool = False) -> str:
    if value is None or not math.isfinite(value):
        return "n/a"
    return f"${value:,.2f}" if money else f"{value:g}"


def safe_url(url: str) -> str:
    """An item's URL for a link: only http(s) with a host. Escaping keeps a hostile URL from
    breaking out of its attribute, but ``javascript:`` or ``data:`` would still run when clicked
    (source text is data), so anything else links nowhere ("#"). Used by the HTML renderer and
    the review page."""
    from agent.render.escape import link_target

    return url if link_target(url) else "#"
