"""Day snapshot files: the bundled sample days (the eval archive), loading with clear typed errors,
the gold labels stripped before drafting, a content hash, and the previous day's snapshot.

Every snapshot is loaded through the intake boundary (``agent.sources.intake``), so what the desk
reads from a file is always the normalised text of record. A handoff package's ``sources.json``
(``{"snapshot": {...}, "health": [...]}``) loads like a snapshot file, so ``desk verify`` can
re-check a package against exactly what it was drafted from."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Sequence
import json
from pathlib import Path

from pydantic import ValidationError

from agent.clock import parse_date
from agent.errors import SnapshotError, UnknownDateError
from agent.schemas import DaySnapshot
from agent.sources.intake import intake_snapshot

SNAPSHOT_FILE = "snapshot.json"
log = logging.getLogger(__name__)


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
        snapshot = DaySnapshot.model_validate(_snapshot_object(raw, path))
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(root)"
        raise SnapshotError(
            f"snapshot {path} is malformed: {where}: {first['msg']} "
            f"({error.error_count()} problem(s))"
        ) from None
    return intake_snapshot(snapshot)


def _snapshot_object(raw: bytes, path: Path) -> object:
    """The snapshot object of a snapshot file or of a package's ``sources.json``.

    Non-finite numbers (``NaN``, ``Infinity``) parse, so the intake boundary can flag the item
    that holds one rather than the whole file failing.
    """
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SnapshotError(f"snapshot {path} is malformed: (root): Invalid JSON: invalid "
                            "unicode") from None
    except json.JSONDecodeError as error:
        raise SnapshotError(f"snapshot {path} is malformed: (root): Invalid JSON: {error}") from None
    if isinstance(data, dict) and set(data) <= {"snapshot", "health"} and "snapshot" in data:
        return data["snapshot"]
    return data


def snapshot_sha256(snapshot: DaySnapshot) -> str:
    return hashlib.sha256(snapshot.model_dump_json().encode()).hexdigest()


def strip_labels(snapshot: DaySnapshot) -> DaySnapshot:
    """Remove what the published issue did (gold labels) so drafts never see the answer."""
    items = [item.model_copy(update={"used_in_issue": None}) for item in snapshot.items]
    withheld = [w.model_copy(update={"item": {**w.item, "used_in_issue": None}})
                for w in snapshot.withheld]
    return snapshot.model_copy(update={"published": None, "items": items, "withheld": withheld})


def previous_snapshot(date: dt.date, *, dirs: Sequence[Path],
                      max_gap_days: int = 7) -> DaySnapshot | None:
    """The most recent readable snapshot dated within ``max_gap_days`` before ``date`` (benchmark
    movement, carried-forward leaderboards): the one lookup for every caller. ``dirs`` hold an
    archive's ``<date>/snapshot.json`` days or a snapshots directory's ``<date>.json`` files;
    an unreadable one is skipped with a warning, never a reason to stop the morning."""
    for gap in range(1, max_gap_days + 1):
        try:
            day = (date - dt.timedelta(days=gap)).isoformat()
        except OverflowError:  # a date at the start of the calendar has no previous day
            return None
        for directory in dirs:
            for path in (directory / day / SNAPSHOT_FILE, directory / f"{day}.json"):
                if not path.exists():
                    continue
                try:
                    return load_snapshot(path)
                except SnapshotError as error:
                    log.warning("ignoring previous snapshot: %s", error)
    return None
