"""Polite HTTP for every source: one shared ``httpx.AsyncClient``, retries, conditional GET, cache.

``Fetcher.get`` either returns a body (fresh from the cache, revalidated with a 304, or newly
fetched) or raises a ``SourceProblem`` whose status says what went wrong:

* 401 / 403 / 451 -> ``blocked``; 429 that survives retries -> ``rate_limited``;
* 5xx or a transport error / timeout that survives retries -> ``network_error``;
* any other 4xx -> ``failed``.

429, 5xx and transport errors are retried with tenacity (exponential backoff with jitter, or the
server's ``Retry-After`` when it sends one; a ``Retry-After`` longer than the configured maximum
is not waited for). The sleeper and the clock are injected so tests never wait.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
import email.utils
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

import httpx
from tenacity import AsyncRetrying, RetryCallState, stop_after_attempt, wait_exponential_jitter

from agent.sources.cache import CacheEntry, RawCache
from agent.sources.catalog import SourcesSettings
from agent.sources.errors import SourceProblem

Clock = Callable[[], dt.datetime]
Sleeper = Callable[[float], Awaitable[None]]
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
BLOCKED_STATUSES = frozenset({401, 403, 451})
_BACKOFF = wait_exponential_jitter(initial=1, max=30)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Throttle(Protocol):
    """Waits before each request actually sent (arXiv's one request per 3 s)."""

    async def wait(self) -> None: ...


class MinIntervalThrottle:
    """Spaces successive requests at least ``interval_s`` apart (shared by every caller)."""

    def __init__(self, interval_s: float = 3.0, *,
                 monotonic: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep):
        self.interval_s = interval_s
        self._monotonic = monotonic
        self._sleep = sleep
        self._last: float | None = None
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self._lock:
            if self._last is not None:
                delay = self._last + self.interval_s - self._monotonic()
                if delay > 0:
                    await self._sleep(delay)
            self._last = self._monotonic()


@dataclass(frozen=True)
class FetchResult:
    url: str
    body: bytes
    content_type: str
    status_code: int
    from_cache: bool = False
    not_modified: bool = False
    pending: CacheEntry | None = None

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class _RetryableStatus(Exception):
    def __init__(self, response: httpx.Response, retry_after: float | None):
        super().__init__(f"HTTP {response.status_code}")
        self.response = response
        self.retry_after = retry_after


def parse_retry_after(value: str | None, now: dt.datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - now).total_seconds())


def problem_for_status(status: int, url: str) -> SourceProblem:
    message = f"HTTP {status} from {url}"
    if status in BLOCKED_STATUSES:
        return SourceProblem("blocked", message)
    if status == 429:
        return SourceProblem("rate_limited", message)
    if status >= 500:
        return SourceProblem("network_error", message)
    return SourceProblem("failed", message)


class Fetcher:
    """GETs with retries, conditional requests and the raw cache, on one shared client."""

    def __init__(self, client: httpx.AsyncClient, cache: RawCache, settings: SourcesSettings, *,
                 clock: Clock = utc_now, sleep: Sleeper, use_fresh_cache: bool = True,
                 revalidate: bool = True):
        self.client = client
        self.cache = cache
        self.settings = settings
        self.clock = clock
        self.sleep = sleep
        self.use_fresh_cache = use_fresh_cache
        # Off when recording: without ETag / Last-Modified every answer carries its body (no 304).
        self.revalidate = revalidate

    async def get(self, url: str, *, timeout: float, params: dict[str, str] | None = None,
                  headers: dict[str, str] | None = None,
                  throttle: Throttle | None = None) -> FetchResult:
        # copy_merge_params keeps the URL's own query (httpx.URL(url, params=None) drops it).
        key = str(httpx.URL(url).copy_merge_params(params or {}))
        entry = self.cache.lookup(key)
        now = self.clock()
        freshness = dt.timedelta(minutes=self.settings.cache_freshness_minutes)
        if entry is not None and self.use_fresh_cache and entry.is_fresh(now, freshness):
            return FetchResult(key, self.cache.read_body(entry), entry.content_type, 200,
                               from_cache=True)
        validators = _validators(entry) if self.revalidate else {}
        request_headers = {"User-Agent": self.settings.user_agent, **(headers or {}), **validators}
        response = await self._send(key, request_headers, timeout, throttle)
        return self._result(key, response, entry, now)

    def commit(self, result: FetchResult) -> None:
        """Remember a body once its source parsed it (see the module docstring of ``cache``)."""
        if result.pending is not None:
            self.cache.commit(result.pending)

    def _result(self, key: str, response: httpx.Response, entry: CacheEntry | None,
                now: dt.datetime) -> FetchResult:
        content_type = response.headers.get("content-type", "")
        if response.status_code == 304 and entry is not None:
            refreshed = entry.model_copy(update={"checked_at": now})
            return FetchResult(key, self.cache.read_body(entry), entry.content_type, 304,
                               not_modified=True, pending=refreshed)
        if not 200 <= response.status_code < 300:
            raise problem_for_status(response.status_code, key)
        body = response.content
        pending = CacheEntry(
            url=key, sha256=self.cache.store_body(body), content_type=content_type,
            etag=response.headers.get("etag"), last_modified=response.headers.get("last-modified"),
            fetched_at=now, checked_at=now,
        )
        return FetchResult(key, body, content_type, response.status_code, pending=pending)

    async def _send(self, url: str, headers: dict[str, str], timeout: float,
                    throttle: Throttle | None) -> httpx.Response:
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.settings.retries + 1), wait=self._wait,
            retry=self._should_retry, sleep=self.sleep, reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    return await self._attempt(url, headers, timeout, throttle)
        except _RetryableStatus as exhausted:
            raise _exhausted_problem(exhausted, url) from None
        except httpx.TimeoutException:
            raise SourceProblem("network_error", f"timed out after {timeout:g}s: {url}") from None
        except httpx.TransportError as error:
            raise SourceProblem("network_error",
                                f"{type(error).__name__}: {error} ({url})") from None
        raise AssertionError("unreachable: tenacity re-raises the last error")  # pragma: no cover

    async def _attempt(self, url: str, headers: dict[str, str], timeout: float,
                       throttle: Throttle | None) -> httpx.Response:
        if throttle is not None:
            await throttle.wait()
        response = await self.client.get(url, headers=headers, timeout=timeout,
                                         follow_redirects=True)
        if response.status_code in RETRYABLE_STATUSES:
            retry_after = parse_retry_after(response.headers.get("retry-after"), self.clock())
            raise _RetryableStatus(response, retry_after)
        return response

    def _should_retry(self, state: RetryCallState) -> bool:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, _RetryableStatus):
            return error.retry_after is None or error.retry_after <= self.settings.max_retry_after_s
        return isinstance(error, httpx.TransportError)

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, _RetryableStatus) and error.retry_after is not None:
            return error.retry_after
        return _BACKOFF(state)


def _validators(entry: CacheEntry | None) -> dict[str, str]:
    if entry is None:
        return {}
    headers = {}
    if entry.etag:
        headers["If-None-Match"] = entry.etag
    if entry.last_modified:
        headers["If-Modified-Since"] = entry.last_modified
    return headers


def _exhausted_problem(error: _RetryableStatus, url: str) -> SourceProblem:
    problem = problem_for_status(error.response.status_code, url)
    if error.retry_after is not None:
        return SourceProblem(problem.status, f"{problem} (Retry-After {error.retry_after:g}s)")
    return problem
