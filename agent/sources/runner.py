"""Runs one source and turns whatever happened into a ``SourceResult`` (docs/design.md §8).

A source that fails (typed ``SourceProblem``, or a parser bug) yields a result with that failure
recorded and no items; it never raises, so one dead, slow, malformed or blocked source cannot
stop the morning draft. Bodies are committed to the raw cache only after a successful parse.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Literal

from agent.schemas import Item, SourceHealth
from agent.sources.catalog import SourcesConfig, SourceSpec
from agent.sources.adapter import SourceContext
from agent.sources.errors import ProblemStatus, SourceProblem
from agent.sources.first_seen import FirstSeenStore
from agent.sources.http import Clock, Fetcher, MinIntervalThrottle
from agent.sources.registry import parser_for, validate_options
from agent.sources.result import SourceOutcome, SourceResult
from agent.sources.intake import normalize_item
from agent.sources.window import DayWindow

log = logging.getLogger(__name__)

# The source whose adapter runs in this task; each task of ``fetch_all`` has its own (asyncio
# copies the context per task), so an HTTP hook can tell which source sent a request.
running_source: ContextVar[str | None] = ContextVar("running_source", default=None)


@dataclass
class RunDeps:
    """Everything the sources of one run share."""

    config: SourcesConfig
    fetcher: Fetcher
    window: DayWindow
    clock: Clock
    first_seen: FirstSeenStore
    env: Mapping[str, str]
    arxiv_throttle: MinIntervalThrottle


async def run_source(spec: SourceSpec, deps: RunDeps) -> SourceResult:
    started = time.perf_counter()
    ctx = SourceContext(
        spec=spec, settings=deps.config.settings, options=validate_options(spec),
        fetcher=deps.fetcher, window=deps.window, clock=deps.clock, first_seen=deps.first_seen,
        timeout_s=deps.config.timeout_for(spec), env=deps.env, arxiv_throttle=deps.arxiv_throttle,
    )
    attribution = running_source.set(spec.name)
    try:
        outcome = await parser_for(spec).fetch(ctx)
    except SourceProblem as problem:
        return _failure(spec, deps, started, problem.status, str(problem))
    except Exception as error:  # a parser bug is recorded as this source's failure, not raised
        log.exception("source %s crashed", spec.name)
        return _failure(spec, deps, started, "failed", f"{type(error).__name__}: {error}")
    finally:
        running_source.reset(attribution)
    for fetched in ctx.fetched:
        deps.fetcher.commit(fetched)
    # The intake boundary, before anything else sees the items (idempotent: parsers may have
    # normalised already); withholding happens once the day is known (``build_snapshot``).
    items = [normalize_item(item) for item in outcome.items]
    return SourceResult(health=_health(spec, deps, started, ctx, outcome), items=items)


def _health(spec: SourceSpec, deps: RunDeps, started: float, ctx: SourceContext,
            outcome: SourceOutcome) -> SourceHealth:
    status: Literal["ok", "not_modified", "degraded"]
    if outcome.warnings:
        status = "degraded"
    elif ctx.fetched and all(r.not_modified for r in ctx.fetched):
        status = "not_modified"
    else:
        status = "ok"
    return SourceHealth(
        source=spec.name, status=status, item_count=len(outcome.items),
        latency_ms=_elapsed_ms(started), error="; ".join(outcome.warnings) or None,
        required=spec.required, fetched_at=deps.clock(),
    )


def _failure(spec: SourceSpec, deps: RunDeps, started: float, status: ProblemStatus,
             error: str) -> SourceResult:
    health = SourceHealth(source=spec.name, status=status, item_count=0,
                          latency_ms=_elapsed_ms(started), error=error, required=spec.required,
                          fetched_at=deps.clock())
    return SourceResult(health=health, items=[])


def _elapsed_ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def items_of(results: list[SourceResult]) -> list[Item]:
    return [item for result in results for item in result.items]
