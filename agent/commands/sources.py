"""``desk sources check``, ``fetch`` and ``record`` (the operator's view of the sources)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table

from agent import clock
from agent.paths import data_dir
from agent.schemas import DaySnapshot, SourceHealth
from agent.sources.catalog import SourcesConfig
from agent.sources.registry import load_sources_config
from agent.sources.gather import fetch_all, gather_live_sync, snapshot_path, write_snapshot
from agent.sources.http import Clock, utc_now
from agent.sources.recording import record_gather, recording_dir
from agent.sources.result import FAILED_STATUSES

_STATUS_STYLE = {"ok": "green", "not_modified": "green", "degraded": "yellow"}


def check_command(*, as_json: bool, config: SourcesConfig | None = None,
                  client: httpx.AsyncClient | None = None) -> int:
    """Fetch every configured source once (revalidating the cache); exit 1 if a required one
    failed, or if every source failed. ``config``/``client`` are for tests and embedding."""
    config = config or load_sources_config()
    today = clock.today(utc_now())
    with _progress(as_json, "Checking sources..."):
        results = asyncio.run(fetch_all(today, config=config, data_dir=data_dir(), client=client,
                                        use_fresh_cache=False))
    health = [r.health for r in results]
    if as_json:
        print(json.dumps({"sources": [h.model_dump(mode="json") for h in health]}))
    else:
        Console().print(health_table(health, title=f"Sources for {today.isoformat()}"))
    failed_required = [h for h in health if h.required and h.status in FAILED_STATUSES]
    every_failed = all(h.status in FAILED_STATUSES for h in health)
    return 1 if failed_required or every_failed else 0


def fetch_command(*, date: str | None, out: Path | None, config: SourcesConfig | None = None,
                  client: httpx.AsyncClient | None = None) -> int:
    """Gather the day's live snapshot and write it (default ``<data_dir>/snapshots/<date>.json``).

    ``config``/``client`` are for tests and embedding."""
    config = config or load_sources_config()
    day = _issue_date(date, config)
    with _progress(False, f"Gathering sources for {day.isoformat()}..."):
        snapshot = gather_live_sync(day, config=config, data_dir=data_dir(), client=client)
    path = snapshot_path(data_dir(), day)
    if out is not None:
        write_snapshot(snapshot, out)
        path = out
    console = Console()
    console.print(health_table(snapshot.sources, title=f"Sources for {day.isoformat()}"))
    console.print(f"{_summary(snapshot)}\nWrote {path}")
    return 0


def record_command(*, date: str | None, out: Path | None, config: SourcesConfig | None = None,
                   client: httpx.AsyncClient | None = None, clock: Clock = utc_now) -> int:
    """``fetch`` that also saves every raw response, secrets redacted, as a fixture set
    (default ``<data_dir>/recordings/<date>/``). ``config``/``client``/``clock`` are for tests."""
    config = config or load_sources_config()
    day = _issue_date(date, config)
    target = out or recording_dir(data_dir(), day)
    with _progress(False, f"Recording sources for {day.isoformat()}..."):
        recording = asyncio.run(record_gather(day, config=config, data_dir=data_dir(),
                                              out=target, client=client, clock=clock))
    console = Console()
    if recording.snapshot is not None:
        console.print(health_table(recording.snapshot.sources,
                                   title=f"Sources for {day.isoformat()}"))
        console.print(_summary(recording.snapshot))
        console.print(f"Wrote {snapshot_path(data_dir(), day)}")
    responses = recording.manifest.responses
    error_statuses = sum(not 200 <= r.status < 400 for r in responses)
    sources = len({r.source for r in responses})
    console.print(f"Recorded {len(responses)} responses ({error_statuses} error statuses) from "
                  f"{sources} sources\nWrote {target}")
    return 0


def health_table(health: list[SourceHealth], *, title: str) -> Table:
    table = Table(title=title)
    for column in ("source", "status", "items", "latency", "required", "error"):
        table.add_column(column, overflow="fold")
    for h in health:
        style = _STATUS_STYLE.get(h.status, "red")
        latency = f"{h.latency_ms:.0f} ms" if h.latency_ms is not None else "-"
        table.add_row(h.source, f"[{style}]{h.status}[/{style}]", str(h.item_count), latency,
                      "yes" if h.required else "", h.error or "")
    return table


def _summary(snapshot: DaySnapshot) -> str:
    counts: dict[str, int] = {}
    for item in snapshot.items:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or "no items"
    failed = sum(h.status in FAILED_STATUSES for h in snapshot.sources)
    total = len(snapshot.sources)
    return f"{len(snapshot.items)} items ({kinds}); {failed} of {total} sources failed"


def _issue_date(value: str | None, config: SourcesConfig) -> dt.date:
    return clock.today(utc_now()) if value is None else clock.parse_date(value)


def _progress(quiet: bool, message: str) -> AbstractContextManager[Any]:
    """A stderr spinner for long fetches (nothing when the output must be JSON only)."""
    if quiet:
        return nullcontext()
    return Console(stderr=True).status(message)
