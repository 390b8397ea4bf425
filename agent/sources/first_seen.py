"""When the desk first saw each undated item, persisted per item id across runs.

Undated entries (no ``published`` or ``updated`` in the feed, no date on a listing card) are
windowed by this time instead (see ``DayWindow.admits``). The store is a small JSON file under
``<data_dir>/sources/first_seen.json``; entries older than the retention period are pruned.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

from agent.files import write_atomic

log = logging.getLogger(__name__)


class FirstSeenStore:
    def __init__(self, path: Path, *, retention: dt.timedelta = dt.timedelta(days=30)):
        self.path = path
        self.retention = retention
        self._seen = _load(path)
        self._dirty = False

    def first_seen(self, item_id: str, now: dt.datetime) -> dt.datetime:
        """The stored first-seen time of ``item_id``, recording ``now`` if it is new."""
        known = self._seen.get(item_id)
        if known is not None:
            return known
        self._seen[item_id] = now
        self._dirty = True
        return now

    def save(self, now: dt.datetime) -> None:
        if not self._dirty:
            return
        kept = {k: v for k, v in self._seen.items() if now - v <= self.retention}
        payload = {k: v.isoformat() for k, v in sorted(kept.items())}
        write_atomic(self.path, json.dumps(payload, indent=1))
        self._dirty = False


def _load(path: Path) -> dict[str, dt.datetime]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {k: dt.datetime.fromisoformat(v) for k, v in raw.items()}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, AttributeError) as error:
        log.warning("first-seen store %s unreadable (%s); undated items count as new", path, error)
        return {}
