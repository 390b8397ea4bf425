"""The published lead essays the rubric is calibrated on.

Read from the eval archive (``evals/archive/<date>/snapshot.json``, its ``published`` issue) and,
for days without a snapshot, from the flattened past issues (``../shared/past-issues/*.txt``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from agent.config import load_desk_config
from agent.errors import DeskError, SnapshotError
from agent.paths import ARCHIVE_DIR, REPO_ROOT
from agent.schemas import PublishedIssue

PAST_ISSUES_DIR = REPO_ROOT.parent / "shared" / "past-issues"
_DATE_LINE = re.compile(r"^(January|February|March|April|May|June|July|August|September|October|"
                        r"November|December) \d{1,2}, \d{4}$")


class NoPublishedEssaysError(DeskError):
    """Neither the eval archive nor the past-issues folder holds a published lead essay."""


class PublishedEssay(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: str
    paragraphs: list[str] = Field(min_length=1)
    byline: str
    source: str = Field(description="The file the essay was read from.")


def load_published_essays(archive_dir: Path = ARCHIVE_DIR,
                          past_dir: Path = PAST_ISSUES_DIR) -> list[PublishedEssay]:
    """Every published lead essay, by date: the archive snapshot when present, else the .txt."""
    byline = load_desk_config().editorial.byline
    essays: dict[str, PublishedEssay] = {}
    for path in sorted(past_dir.glob("*.txt")) if past_dir.is_dir() else []:
        essays[path.stem] = _essay_from_text(path, byline)
    for path in sorted(archive_dir.glob("*/snapshot.json")) if archive_dir.is_dir() else []:
        essay = _essay_from_snapshot(path)
        if essay is not None:
            essays[essay.date] = essay
    if not essays:
        raise NoPublishedEssaysError(f"no published essays in {archive_dir} or {past_dir}")
    return [essays[date] for date in sorted(essays)]


def essay_text(paragraphs: list[str], byline: str | None) -> str:
    """The plain-text form ``desk lint`` reads: paragraphs, blank lines, the by-line last."""
    return "\n\n".join([*paragraphs, *([byline] if byline else [])]) + "\n"


def _essay_from_snapshot(path: Path) -> PublishedEssay | None:
    try:
        published = json.loads(path.read_text(encoding="utf-8")).get("published")
        if not published:
            return None
        issue = PublishedIssue.model_validate(published)
    except (ValueError, AttributeError) as error:  # JSONDecodeError and ValidationError included
        raise SnapshotError(f"{path}: cannot read the published issue: {error}") from None
    return PublishedEssay(date=issue.date.isoformat(), paragraphs=issue.lead_essay,
                          byline=issue.byline, source=str(path))


def _essay_from_text(path: Path, byline: str) -> PublishedEssay:
    """The paragraphs between the date line and the by-line of a flattened past issue."""
    lines = path.read_text(encoding="utf-8").splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if _DATE_LINE.match(line.strip())) + 1
        end = next(i for i in range(start, len(lines)) if lines[i].strip() == byline)
    except StopIteration:
        raise NoPublishedEssaysError(f"{path}: no date line followed by '{byline}'") from None
    body = "\n".join(lines[start:end])
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    return PublishedEssay(date=path.stem, paragraphs=paragraphs, byline=byline, source=str(path))
