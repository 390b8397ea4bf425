"""Day snapshot files: the bundled sample days (the eval archive), loading with clear typed errors,
the gold labels stripped before drafting, a content hash, and the previous day's snapshot.

Every snapshot is loaded through the intake boundary (``agent.sources.intake``), so what the desk
reads from a file is always the normalised text of record. A handoff package's ``sources.json``
(``{"snapshot": {...}, "health": [...]}``) loads like a snapshot file, so ``desk verify`` can
re-check a package against exactly what it was drafted from."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from agent.clock import parse_date
from agent.errors import SnapshotError, UnknownDateError
from agent.schemas import DaySnapshot, OversizeInteger
from agent.sources.intake import dotted_path, intake_snapshot

SNAPSHOT_FILE = "snapshot.json"
_MAX_INT_DIGITS = 40  # far beyond 64 bits, far below Python's 4,300-digit parsing limit
_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"\s*:?|[\[\]{}]')
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
    """A snapshot file through the intake boundary: the normalised text of record."""
    return intake_snapshot(read_snapshot(path))


def read_snapshot(path: Path) -> DaySnapshot:
    """A snapshot file parsed and validated against the schema, not yet through intake (for a
    caller that runs the intake itself, ``agent.sources.intake.intake_day``, or needs only the
    date): a file that breaks the contract raises ``SnapshotError`` naming the item and field."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SnapshotError(f"snapshot {path} does not exist") from None
    except OSError as error:
        raise SnapshotError(f"cannot read snapshot {path}: {error.strerror}") from None
    data = _snapshot_object(raw, path)
    try:
        return DaySnapshot.model_validate(data)
    except ValidationError as error:
        raise SnapshotError(f"snapshot {path} is malformed: {describe_problem(error, data)}") \
            from None


def describe_problem(error: ValidationError, data: object) -> str:
    """The first problem of a snapshot that failed validation, naming the item by its id (not
    its position in the list) and then the field: ``item wire-x: published_at: ...``."""
    first = error.errors()[0]
    where = _location(list(first["loc"]), data)
    more = error.error_count() - 1
    message = first["msg"].removeprefix("Value error, ")
    return f"{where}: {message}" + (f" (and {more} more problem(s))" if more else "")


def _location(loc: list[str | int], data: object) -> str:
    """``["items", 3, "wire", "also_reported_by", 0, "url"]`` -> ``item wire-x:
    also_reported_by[0].url``."""
    if len(loc) >= 2 and loc[0] in ("items", "withheld") and isinstance(loc[1], int):
        entries = data.get(loc[0]) if isinstance(data, dict) else None
        entry = entries[loc[1]] if isinstance(entries, list) and loc[1] < len(entries) else None
        rest = loc[2:]
        if isinstance(entry, dict) and rest and rest[0] == entry.get("kind"):
            rest = rest[1:]  # the discriminated union's tag, not a field
        label = "item" if loc[0] == "items" else "withheld item"
        head = f"{label} {_item_label(entry, loc[1])}"
        return f"{head}: {dotted_path(rest)}" if rest else head
    return dotted_path(loc) or "(root)"


def _item_label(entry: object, position: int) -> str:
    item_id = entry.get("id") if isinstance(entry, dict) else None
    if isinstance(item_id, str) and item_id:
        return item_id if item_id.isprintable() else ascii(item_id)
    return f"#{position + 1} (no id)"


def _snapshot_object(raw: bytes, path: Path) -> object:
    """The snapshot object of a snapshot file or of a package's ``sources.json``.

    Non-finite numbers (``NaN``, ``Infinity``) parse, so the intake boundary can flag the item
    that holds one rather than the whole file failing. A UTF-8 byte-order mark is skipped. An
    integer literal too long for Python's parser becomes an ``OversizeInteger``, which the
    schema refuses naming its item and field; so are a key given twice in one object (parsers
    disagree on which value wins) and text no UTF-8 file can hold (a lone surrogate escape).
    """
    malformed = f"snapshot {path} is malformed"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SnapshotError(f"{malformed}: (root): Invalid JSON: invalid unicode") from None
    try:
        data = json.loads(text, parse_int=_integer, object_pairs_hook=_object)
        if isinstance(data, dict) and set(data) <= {"snapshot", "health"} and "snapshot" in data:
            data = data["snapshot"]
        problem = _unreadable(data, [])
    except json.JSONDecodeError as error:
        raise SnapshotError(f"{malformed}: (root): Invalid JSON: {error}") from None
    except RecursionError:
        where, depth = _deepest_nesting(text)
        raise SnapshotError(f"{malformed}: {where}: nested {depth:,} levels deep") from None
    if problem is not None:
        raise SnapshotError(f"{malformed}: {_location(problem[0], data)}: {problem[1]}")
    return data


def _integer(digits: str) -> int | OversizeInteger:
    return int(digits) if len(digits) <= _MAX_INT_DIGITS else OversizeInteger(digits)


class _RepeatedKeys(dict):  # type: ignore[type-arg]
    """A JSON object that gave a key more than once (the last value is kept, as json does)."""

    repeated: list[str]


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) == len(pairs):
        return value
    repeated = _RepeatedKeys(value)
    counts = Counter(key for key, _ in pairs)
    repeated.repeated = [key for key in value if counts[key] > 1]
    return repeated


def _unreadable(value: object, loc: list[str | int]) -> tuple[list[str | int], str] | None:
    """The first repeated key or lone surrogate in a parsed JSON value, with where it is."""
    if isinstance(value, str):
        return (loc, "holds a lone surrogate escape (no UTF-8 text can)") \
            if not value.isascii() and _SURROGATE.search(value) else None
    if isinstance(value, dict):
        if isinstance(value, _RepeatedKeys):
            return [*loc, value.repeated[0]], "the key is given twice in one object"
        children: Iterable[tuple[str | int, object]] = value.items()
    elif isinstance(value, list):
        children = enumerate(value)
    else:
        return None
    for key, child in children:
        if isinstance(key, str) and not key.isascii() and _SURROGATE.search(key):
            return [*loc, key], "the key holds a lone surrogate escape"
        if (found := _unreadable(child, [*loc, key])) is not None:
            return found
    return None


def _deepest_nesting(text: str) -> tuple[str, int]:
    """Where a JSON text nests deepest (its top-level key as written, or ``(root)``) and how
    deep: for a file too deeply nested to parse at all."""
    depth, deepest, key, where = 0, 0, "(root)", "(root)"
    for token in _JSON_TOKEN.finditer(text):
        mark = token.group(0)
        if mark in "[{":
            depth += 1
            if depth > deepest:
                deepest, where = depth, key
        elif mark in "]}":
            depth -= 1
        elif depth == 1 and mark.endswith(":"):
            key = mark[:-1].rstrip()[1:-1]
    return where, deepest


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
