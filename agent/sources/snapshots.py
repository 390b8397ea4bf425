"""Day snapshot files: the bundled sample days (the eval archive), loading with clear typed errors,
the gold labels stripped before drafting, a content hash, and the previous day's snapshot."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from pydantic import ValidationError

from agent.clock import parse_date
from agent.errors import SnapshotError, UnknownDateError
from agent.schemas import DaySnapshot

SNAPSHOT_FILE = "snapshot.json"


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
