"""Issues the house has published, for exemplars, novelty and the critic's context.

One rule for every prompt of day D: only issues published strictly before D are ever shown
(``issues_before``), so a replay of a past day never sees the future. Issues are read from the
configured location (``[paths] published_issues`` in config/desk.toml: one ``<date>.json`` per
issue, ``{"date", "lead_essay": [...]}``) and from the issues this desk published itself
(``<data dir>/published``, written when the editor approves). Each file is parsed once per
process and again only when it changes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from agent.files import write_json
from agent.sources.snapshots import SNAPSHOT_FILE

PublishedIssue = dict
"""``{"date": "YYYY-MM-DD", "lead_essay": [paragraph, ...]}``."""


def issues_before(dirs: Sequence[Path], before: dt.date, limit: int) -> list[PublishedIssue]:
    """Up to ``limit`` published issues strictly before ``before``, newest first: the only view
    of past issues any prompt for ``before`` may use. A date found in several places is read
    from the first."""
    found: dict[str, PublishedIssue] = {}
    for directory in dirs:
        for issue in _issues_in(directory):
            if issue["date"] < before.isoformat():
                found.setdefault(issue["date"], issue)
    return [found[d] for d in sorted(found, reverse=True)][:limit]


def record_published(directory: Path, date: str, lead_essay: list[str]) -> Path:
    """Keep an issue the editor approved, so later days see it as a recent issue."""
    path = directory / f"{date}.json"
    write_json(path, {"date": date, "lead_essay": lead_essay})
    return path


def _issues_in(directory: Path) -> list[PublishedIssue]:
    """``<date>.json`` issue files, or an eval archive's ``<date>/snapshot.json`` days."""
    if not directory.is_dir():
        return []
    issues = []
    for path in sorted([*directory.glob("*.json"), *directory.glob(f"*/{SNAPSHOT_FILE}")]):
        issue = _read(path, path.stat().st_mtime_ns)
        if issue is not None:
            issues.append(issue)
    return issues


@lru_cache(maxsize=256)
def _read(path: Path, mtime_ns: int) -> PublishedIssue | None:
    """One issue file; a file that is not an issue (wrong shape, bad JSON) is skipped."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if path.name == SNAPSHOT_FILE:  # an archive day: the issue published that day
            data = data.get("published") or {}
        date = dt.date.fromisoformat(str(data["date"])).isoformat()
        essay = [str(p) for p in data["lead_essay"] if str(p).strip()]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return {"date": date, "lead_essay": essay} if essay else None
