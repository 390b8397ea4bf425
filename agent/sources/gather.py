"""Gathering API used by the graph and the CLI: every configured source -> one ``DaySnapshot``.

``gather_live`` fetches all enabled sources concurrently on one shared ``httpx.AsyncClient``,
records each source's health, carries yesterday's leaderboard forward when a board's source
failed, screens every item at the intake boundary (``agent.sources.intake``) and writes the
result to ``<data_dir>/snapshots/<date>.json``. Duplicate stories and benchmark movement are
handled once, for every kind of input, when the graph takes the day in (``intake_day``). It raises ``SourceError`` only when
every source failed; any smaller failure is in the snapshot's ``sources`` list.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from agent.clock import desk_timezone_name
from agent.errors import SourceError
from agent.files import write_atomic
from agent.schemas import BenchmarkRow, DaySnapshot
from agent.sources.snapshots import previous_snapshot
from agent.sources.cache import RawCache
from agent.sources.catalog import SourcesConfig, SourcesSettings
from agent.sources.registry import load_sources_config
from agent.sources.first_seen import FirstSeenStore
from agent.sources.intake import intake_snapshot, unique_ids
from agent.sources.http import Clock, Fetcher, MinIntervalThrottle, Sleeper, utc_now
from agent.sources.result import SourceResult
from agent.sources.runner import RunDeps, items_of, run_source
from agent.sources.window import DayWindow

log = logging.getLogger(__name__)
SNAPSHOTS_DIR = "snapshots"
_BOARD_PARSERS = {"artificial_analysis": "artificial_analysis", "swe_rebench": "swe_rebench"}


def snapshot_path(data_dir: Path, date: dt.date) -> Path:
    return data_dir / SNAPSHOTS_DIR / f"{date.isoformat()}.json"


def write_snapshot(snapshot: DaySnapshot, path: Path) -> None:
    write_atomic(path, snapshot.model_dump_json(indent=2) + "\n")


async def fetch_all(date: dt.date, *, config: SourcesConfig, data_dir: Path,
                    client: httpx.AsyncClient | None = None, clock: Clock = utc_now,
                    sleep: Sleeper = asyncio.sleep, env: Mapping[str, str] | None = None,
                    use_fresh_cache: bool = True, revalidate: bool = True) -> list[SourceResult]:
    """Every enabled source once, concurrently; one result per source, never raising for one.

    ``use_fresh_cache=False`` fetches even bodies the raw cache holds fresh; ``revalidate=False``
    also leaves out the cached validators, so no answer is a bodiless 304 (recording)."""
    specs = config.enabled()
    if not specs:
        raise SourceError("no sources are enabled in config/sources.toml")
    settings = config.settings
    state_dir = data_dir / "sources"
    first_seen = FirstSeenStore(state_dir / "first_seen.json",
                                retention=dt.timedelta(days=settings.first_seen_retention_days))
    window = DayWindow.for_issue(date, desk_timezone_name(), settings.cutoff_hour)
    async with source_client_scope(client, config) as http:
        deps = RunDeps(
            config=config, window=window,
            fetcher=Fetcher(http, RawCache(state_dir / "cache"), settings, clock=clock,
                            sleep=sleep, use_fresh_cache=use_fresh_cache, revalidate=revalidate),
            clock=clock, first_seen=first_seen, env=os.environ if env is None else env,
            arxiv_throttle=MinIntervalThrottle(sleep=sleep),
        )
        results = await asyncio.gather(*(run_source(spec, deps) for spec in specs))
    first_seen.save(clock())
    return list(results)


async def gather_live(date: dt.date, *, config: SourcesConfig | None = None, data_dir: Path,
                      client: httpx.AsyncClient | None = None, clock: Clock = utc_now,
                      sleep: Sleeper = asyncio.sleep, env: Mapping[str, str] | None = None,
                      use_fresh_cache: bool = True, revalidate: bool = True) -> DaySnapshot:
    """The day's live snapshot (also written to ``<data_dir>/snapshots/<date>.json``); the cache
    flags are ``fetch_all``'s."""
    config = config or load_sources_config()
    results = await fetch_all(date, config=config, data_dir=data_dir, client=client, clock=clock,
                              sleep=sleep, env=env, use_fresh_cache=use_fresh_cache,
                              revalidate=revalidate)
    if all(result.failed for result in results):
        raise SourceError(every_source_failed_message(results))
    previous = previous_snapshot(date, dirs=(data_dir / SNAPSHOTS_DIR,))
    snapshot = build_snapshot(date, results, previous, config=config, gathered_at=clock())
    write_snapshot(snapshot, snapshot_path(data_dir, date))
    return snapshot


def gather_live_sync(date: dt.date, *, config: SourcesConfig | None = None, data_dir: Path,
                     client: httpx.AsyncClient | None = None, clock: Clock = utc_now,
                     env: Mapping[str, str] | None = None) -> DaySnapshot:
    """``gather_live`` for synchronous callers (not from inside a running event loop)."""
    return asyncio.run(gather_live(date, config=config, data_dir=data_dir, client=client,
                                   clock=clock, env=env))


def build_snapshot(date: dt.date, results: list[SourceResult], previous: DaySnapshot | None, *,
                   config: SourcesConfig, gathered_at: dt.datetime) -> DaySnapshot:
    """The day's items through the intake boundary (normalised and screened; a withheld item
    never merges into a story the desk may use). Merging duplicates and benchmark movement happen
    once, for every kind of source, when the graph takes the day in (``intake_day``)."""
    results = carry_forward_boards(results, previous, config)
    snapshot = DaySnapshot(date=date, timezone=desk_timezone_name(), gathered_at=gathered_at,
                           origin="live", items=unique_ids(items_of(results)),
                           sources=[r.health for r in results])
    return intake_snapshot(snapshot)


def carry_forward_boards(results: list[SourceResult], previous: DaySnapshot | None,
                         config: SourcesConfig) -> list[SourceResult]:
    """Keep the last good leaderboard when today's fetch of that board failed or came back empty."""
    if previous is None:
        return results
    parser_of = {spec.name: spec.parser for spec in config.sources}
    boards_today = {i.board for r in results for i in r.items if isinstance(i, BenchmarkRow)}
    kept = []
    for result in results:
        board = _BOARD_PARSERS.get(parser_of.get(result.health.source, ""))
        old_rows = previous.board(board) if board else []
        if board is None or board in boards_today or not result.failed or not old_rows:
            kept.append(result)
            continue
        note = f"kept {len(old_rows)} rows from the {previous.date.isoformat()} snapshot"
        health = result.health.model_copy(update={"error": f"{result.health.error}; {note}"})
        kept.append(SourceResult(health=health, items=list(old_rows)))
    return kept


def every_source_failed_message(results: list[SourceResult]) -> str:
    shown = [f"{r.health.source}: {r.health.status} ({r.health.error})" for r in results[:6]]
    more = f"; and {len(results) - 6} more" if len(results) > 6 else ""
    return f"every source failed ({len(results)}): " + "; ".join(shown) + more


@asynccontextmanager
async def source_client_scope(client: httpx.AsyncClient | None,
                              config: SourcesConfig) -> AsyncIterator[httpx.AsyncClient]:
    """The caller's client, or the sources' usual one (closed after the block)."""
    if client is not None:
        yield client
        return
    async with new_source_client(config.settings) as own:
        yield own


def new_source_client(settings: SourcesSettings) -> httpx.AsyncClient:
    """The one client every source of a gather shares (the caller closes it)."""
    return httpx.AsyncClient(headers={"User-Agent": settings.user_agent}, follow_redirects=True,
                             timeout=settings.default_timeout_s)
