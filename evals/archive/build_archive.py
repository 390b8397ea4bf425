"""Build the eval archive: one ``evals/archive/<date>/snapshot.json`` per published issue.

The hand-written data lives in ``evals/archive/days/`` (one module per day). Text that must be
verbatim (lead essay paragraphs, paper abstracts) is copied from the published issue in
``../shared/past-issues/<date>.txt`` at build time, so the committed JSON is self-contained and
never needs that directory at runtime.

    python -m evals.archive.build_archive            # rewrite every snapshot
    python -m evals.archive.build_archive --check    # exit 1 if a committed snapshot is stale
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from agent.errors import SnapshotError
from agent.paths import ARCHIVE_DIR, REPO_ROOT
from agent.schemas import (
    BenchmarkRow,
    DaySnapshot,
    ItemBase,
    PaperItem,
    PublishedIssue,
    RepoItem,
    SourceHealth,
)
from evals.archive.days import day_2026_04_07, day_2026_04_21, day_2026_04_22, day_2026_04_24
from evals.archive.items import DaySpec, IssuePaper, paper

DAYS: tuple[DaySpec, ...] = (
    day_2026_04_07.DAY, day_2026_04_21.DAY, day_2026_04_22.DAY, day_2026_04_24.DAY,
)
DEFAULT_ISSUES_DIR = REPO_ROOT.parent / "shared" / "past-issues"
NEWSROOM_TZ = ZoneInfo("America/New_York")
GATHER_TIME = dt.time(7, 0)
BYLINE = "Grant Calloway"
SNAPSHOT_NOTES = (
    "Archive day rebuilt from the published issue. Lead essay, paper titles, categories and "
    "abstracts, and the two top-5 benchmark tables are verbatim from the issue. The page did not "
    "capture the AI Labs and From the Wire bodies, so wire and lab items marked used_in_issue are "
    "reconstructed from the stories the lead essay reports: their facts and figures follow the "
    "essay, while outlets, URLs, times and wording are illustrative. Items with used_in_issue "
    "false (news, papers, benchmark rows below rank 5, repos) are plausible same-day "
    "distractors, not records of real events. arXiv ids are placeholders."
)


@dataclass(frozen=True)
class IssueText:
    """The verbatim parts of one published issue."""

    lines: list[str]
    essay: list[str]

    def abstract_of(self, spec: IssuePaper) -> str:
        """The abstract printed under ``"<title> <category>"``."""
        header = f"{spec.title} {spec.category}"
        try:
            start = self.lines.index(header)
        except ValueError:
            raise SnapshotError(f"paper header not found in issue: {header!r}") from None
        following = [line for line in self.lines[start + 1:] if line.strip()]
        if not following:
            raise SnapshotError(f"no abstract after paper header {header!r}")
        return following[0]

    def has_line(self, line: str) -> bool:
        return line in self.lines


def read_issue(issues_dir: Path, date: dt.date) -> IssueText:
    """Parse ``<issues_dir>/<date>.txt``: essay paragraphs sit between the date line and byline."""
    path = issues_dir / f"{date.isoformat()}.txt"
    if not path.is_file():
        raise SnapshotError(f"published issue not found: {path}")
    lines = path.read_text(encoding="utf-8").splitlines()
    date_line = f"{date:%B} {date.day}, {date.year}"
    try:
        start, end = lines.index(date_line), lines.index(BYLINE)
    except ValueError:
        raise SnapshotError(f"{path}: missing date line or byline") from None
    essay = [line for line in lines[start + 1:end] if line.strip()]
    return IssueText(lines=lines, essay=essay)


def gathered_at(date: dt.date) -> dt.datetime:
    """07:00 newsroom time on the issue morning, as UTC."""
    local = dt.datetime.combine(date, GATHER_TIME, tzinfo=NEWSROOM_TZ)
    return local.astimezone(dt.timezone.utc)


def issue_papers(day: DaySpec, issue: IssueText) -> list[PaperItem]:
    return [
        paper(spec.item_id, spec.arxiv_id, spec.title, spec.category, issue.abstract_of(spec),
              day.date, used=True)
        for spec in day.issue_papers
    ]


def ordered_items(day: DaySpec, papers: list[PaperItem], seen_at: dt.datetime) -> list[ItemBase]:
    """Feed-like order (news by time, papers by id, boards by rank, repos by stars today), so the
    position of an item never hints at whether the issue used it. Undated items get first-seen."""
    news = sorted(day.news, key=lambda item: (item.published_at, item.id))
    papers = sorted(papers + day.distractor_papers, key=lambda item: item.arxiv_id or item.id)
    rows: list[BenchmarkRow] = sorted(day.aa_rows, key=lambda r: r.rank) + sorted(
        day.swe_rows, key=lambda r: r.rank)
    repos: list[RepoItem] = sorted(day.repos, key=lambda r: (-(r.stars_today or 0), r.id))
    undated = [item.model_copy(update={"first_seen_at": seen_at}) for item in rows + repos]
    return [*news, *papers, *undated]


def source_health(items: list[ItemBase], seen_at: dt.datetime) -> list[SourceHealth]:
    counts = Counter(item.source for item in items)
    return [
        SourceHealth(source=name, status="snapshot", item_count=count, fetched_at=seen_at)
        for name, count in sorted(counts.items())
    ]


def published_issue(day: DaySpec, issue: IssueText) -> PublishedIssue:
    if not issue.has_line(f"{day.papers_heading}All papers"):
        raise SnapshotError(f"{day.date}: papers heading {day.papers_heading!r} not in issue")

    def shown(rows: list[BenchmarkRow]) -> list[str]:
        return [row.id for row in sorted(rows, key=lambda r: r.rank) if row.used_in_issue]

    return PublishedIssue(
        date=day.date,
        lead_essay=issue.essay,
        byline=BYLINE,
        papers_heading=day.papers_heading,
        paper_ids=[spec.item_id for spec in day.issue_papers],
        aa_ids=shown(day.aa_rows),
        swe_ids=shown(day.swe_rows),
        trending_ids=day.trending_ids,
        notes=day.issue_notes,
    )


def build_snapshot(day: DaySpec, issue: IssueText) -> DaySnapshot:
    """Assemble and validate one archive day (validation re-runs on the plain-data form)."""
    seen_at = gathered_at(day.date)
    items = ordered_items(day, issue_papers(day, issue), seen_at)
    snapshot = DaySnapshot(
        date=day.date,
        gathered_at=seen_at,
        origin="archive",
        items=items,
        sources=source_health(items, seen_at),
        published=published_issue(day, issue),
        notes=SNAPSHOT_NOTES,
    )
    missing = referenced_ids(snapshot.published) - set(snapshot.by_id())
    if missing:
        raise SnapshotError(f"{day.date}: published issue references unknown ids {sorted(missing)}")
    return DaySnapshot.model_validate(snapshot.model_dump(mode="json"))


def referenced_ids(published: PublishedIssue | None) -> set[str]:
    if published is None:
        return set()
    return {*published.paper_ids, *published.aa_ids, *published.swe_ids, *published.trending_ids}


def snapshot_json(snapshot: DaySnapshot) -> str:
    """The committed byte form: indented JSON plus a final newline."""
    return snapshot.model_dump_json(indent=2) + "\n"


def snapshot_path(archive_dir: Path, date: dt.date) -> Path:
    return archive_dir / date.isoformat() / "snapshot.json"


def build_all(issues_dir: Path) -> dict[dt.date, str]:
    return {day.date: snapshot_json(build_snapshot(day, read_issue(issues_dir, day.date)))
            for day in DAYS}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues-dir", type=Path, default=DEFAULT_ISSUES_DIR)
    parser.add_argument("--archive-dir", type=Path, default=ARCHIVE_DIR)
    parser.add_argument("--check", action="store_true", help="Only report stale snapshots.")
    args = parser.parse_args(argv)
    try:
        built = build_all(args.issues_dir)
    except SnapshotError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    stale = []
    for date, text in built.items():
        path = snapshot_path(args.archive_dir, date)
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    for path in stale:
        print(f"stale: {path}", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
