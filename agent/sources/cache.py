"""Content-addressed raw cache of fetched bodies, plus the validators for conditional GETs.

Layout under ``<data_dir>/sources/cache``: ``blobs/<aa>/<sha256>`` holds each distinct body once;
``index.json`` maps a request URL to its current blob, ``ETag``, ``Last-Modified`` and the times it
was fetched and last confirmed. Bodies are written as soon as they arrive; an index entry is only
committed once the body parsed, so a Cloudflare page is never served from cache as "fresh".
No request headers are stored, so API keys never reach the disk.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from agent.files import write_atomic

log = logging.getLogger(__name__)


class CacheEntry(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    url: str
    sha256: str
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: dt.datetime
    checked_at: dt.datetime

    def is_fresh(self, now: dt.datetime, freshness: dt.timedelta) -> bool:
        return now - self.checked_at < freshness


class RawCache:
    """The cache of one data directory. Not shared across processes concurrently."""

    def __init__(self, root: Path):
        self.root = root
        self._index_path = root / "index.json"
        self._index: dict[str, CacheEntry] | None = None

    def lookup(self, url: str) -> CacheEntry | None:
        """The committed entry for ``url`` whose body is still on disk."""
        entry = self._entries().get(url)
        if entry is None or not self._blob_path(entry.sha256).exists():
            return None
        return entry

    def read_body(self, entry: CacheEntry) -> bytes:
        return self._blob_path(entry.sha256).read_bytes()

    def store_body(self, body: bytes) -> str:
        """Write ``body`` under its sha256 (once) and return the digest."""
        digest = hashlib.sha256(body).hexdigest()
        path = self._blob_path(digest)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, body)
        return digest

    def commit(self, entry: CacheEntry) -> None:
        entries = self._entries()
        entries[entry.url] = entry
        payload = {url: e.model_dump(mode="json") for url, e in sorted(entries.items())}
        self.root.mkdir(parents=True, exist_ok=True)
        write_atomic(self._index_path, json.dumps(payload, indent=1).encode())

    def _entries(self) -> dict[str, CacheEntry]:
        if self._index is None:
            self._index = _read_index(self._index_path)
        return self._index

    def _blob_path(self, digest: str) -> Path:
        return self.root / "blobs" / digest[:2] / digest


def _read_index(path: Path) -> dict[str, CacheEntry]:
    """The index, or an empty one when absent or unreadable (the cache is only an optimisation)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {url: CacheEntry.model_validate(entry) for url, entry in raw.items()}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, ValidationError, AttributeError) as error:
        log.warning("raw cache index %s unreadable (%s); starting an empty index", path, error)
        return {}

