"""Loading day snapshots (bundled sample days = the eval archive) with clear, typed errors."""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from agent.errors import SnapshotError, UnknownDateError, UsageError
from agent.schemas import DaySnapshot

SNAPSHOT_FILE = "snapshot.json"


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{value!r} is not a date; use YYYY-MM-DD") from None


def archive_days(archive_dir: Path) -> list[dt.date]:
    days = []
    for child in sorted(archive_dir.glob("*/" + SNAPSHOT_FILE)):
        try:
            days.append(dt.date.fromisoformat(child.parent.name))
        except ValueError:
            continue
    return days


def sample_path(date: str, archive_dir: Path) -> Path:
    day = parse_date(date)
    path = archive_dir / day.isoformat() / SNAPSHOT_FILE
    if not path.exists():
        known = ", ".join(d.isoformat() for d in archive_days(archive_dir)) or "none"
        raise UnknownDateError(f"no sample day {day.isoformat()} (bundled days: {known})")
    return path


def load_snapshot(path: Path) -> DaySnapshot:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SnapshotError(f"snapshot {path} does not exist") from None
    except OSError as error:
        raise SnapshotError(f"cannot read snapshot {path}: {error.strerror}") from None
    try:
        return DaySnapshot.model_validate_json(raw)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(root)"
        raise SnapshotError(
            f"snapshot {path} is malformed: {where}: {first['msg']} "
            f"({error.error_count()} problem(s))"
        ) from None


def snapshot_sha256(snapshot: DaySnapshot) -> str:
    return hashlib.sha256(snapshot.model_dump_json().encode()).hexdigest()


def strip_labels(snapshot: DaySnapshot) -> DaySnapshot:
    """Remove what the published issue did (gold labels) so drafts never see the answer."""
    items = [item.model_copy(update={"used_in_issue": None}) for item in snapshot.items]
    return snapshot.model_copy(update={"published": None, "items": items})


def published_issues(archive_dir: Path) -> list[dict]:
    """Every archived published issue as ``{date, lead_essay}``, newest first.

    The lead-essay prompts ask for these on every call (exemplars, freshness), so each file is
    parsed once per process and again only when it changes on disk.
    """
    issues = []
    for day in sorted(archive_days(archive_dir), reverse=True):
        path = archive_dir / day.isoformat() / SNAPSHOT_FILE
        essay = _published_essay(path, path.stat().st_mtime_ns)
        if essay is not None:
            issues.append({"date": day.isoformat(), "lead_essay": list(essay)})
    return issues


@lru_cache(maxsize=64)
def _published_essay(path: Path, mtime_ns: int) -> tuple[str, ...] | None:
    published = load_snapshot(path).published
    return tuple(published.lead_essay) if published is not None else None


def recent_published(archive_dir: Path, before: dt.date, limit: int) -> list[dict]:
    """Up to ``limit`` published issues strictly before ``before``, newest first."""
    return [i for i in published_issues(archive_dir) if i["date"] < before.isoformat()][:limit]


def exemplar_issues(archive_dir: Path, exclude: dt.date, limit: int = 3) -> list[dict]:
    """Past issues to imitate (house voice); never the day being drafted."""
    return [i for i in published_issues(archive_dir) if i["date"] != exclude.isoformat()][:limit]


def previous_snapshot(
    archive_dir: Path, date: dt.date, max_gap_days: int = 4, extra_dirs: tuple[Path, ...] = ()
) -> DaySnapshot | None:
    """The most recent earlier snapshot within ``max_gap_days`` (benchmark movement)."""
    for gap in range(1, max_gap_days + 1):
        day = (date - dt.timedelta(days=gap)).isoformat()
        for path in (archive_dir / day / SNAPSHOT_FILE, *(d / f"{day}.json" for d in extra_dirs)):
            if path.exists():
                return load_snapshot(path)
    return None

