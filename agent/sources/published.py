"""Issues the house has published, for exemplars, novelty and the critic's context.

One rule for every prompt of day D: only issues published strictly before D are ever shown
(``issues_before``), so a replay of a past day never sees the future. The issues are read from the
configured location (``[paths] published_issues`` in config/desk.toml), parsed once per process
and again only when a file changes.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from agent.sources.snapshots import SNAPSHOT_FILE, archive_days, load_snapshot


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


def issues_before(archive_dir: Path, before: dt.date, limit: int) -> list[dict]:
    """Up to ``limit`` published issues strictly before ``before``, newest first: the only
    view of past issues any prompt for ``before`` may use."""
    return [i for i in published_issues(archive_dir) if i["date"] < before.isoformat()][:limit]
