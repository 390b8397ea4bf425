"""Helpers for the source tests: fixtures on disk, a routed mock transport, fake time."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from agent.sources.catalog import SourcesConfig
from agent.sources.gather import fetch_all
from agent.sources.result import SourceResult

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"
UTC = dt.timezone.utc

Handler = Callable[[httpx.Request], httpx.Response]


def fixture_bytes(relative: str) -> bytes:
    return (FIXTURES / relative).read_bytes()


def respond(relative: str | None = None, *, status: int = 200, content_type: str = "",
            body: bytes | None = None, headers: dict[str, str] | None = None) -> Handler:
    """A handler answering every request with a fixture file (or ``body``)."""
    payload = body if body is not None else fixture_bytes(relative) if relative else b""
    all_headers = {"content-type": content_type, **(headers or {})} if content_type else dict(
        headers or {})
    return lambda request: httpx.Response(status, content=payload, headers=all_headers)


class Router:
    """A MockTransport handler routing on scheme://host/path, recording every request."""

    def __init__(self, routes: dict[str, Handler | list[Handler]]):
        self.routes = {url: list(h) if isinstance(h, list) else h for url, h in routes.items()}
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        key = f"{request.url.scheme}://{request.url.host}{request.url.path}"
        handler = self.routes.get(key)
        if handler is None:
            return httpx.Response(404, text=f"no route for {key}")
        if isinstance(handler, list):  # a sequence of answers, the last one repeating
            handler = handler.pop(0) if len(handler) > 1 else handler[0]
        return handler(request)

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self))

    def hits(self, url_prefix: str) -> int:
        return sum(str(r.url).startswith(url_prefix) for r in self.requests)


class FakeSleep:
    """An async sleeper that records requested delays and returns at once."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def fixed_clock(iso: str) -> Callable[[], dt.datetime]:
    moment = dt.datetime.fromisoformat(iso).astimezone(UTC)
    return lambda: moment


def make_config(sources: list[dict[str, Any]], **settings: Any) -> SourcesConfig:
    return SourcesConfig.model_validate({
        "settings": {"contact": "desk-tests@example.com", "retries": 1, **settings},
        "source": sources,
    })


def feed_source(name: str, url: str, *, kind: str = "wire", **extra: Any) -> dict[str, Any]:
    return {"name": name, "kind": kind, "parser": "rss", "url": url,
            "org": name if kind == "lab" else None, **extra}


def run_sources(sources: list[dict[str, Any]], router: Router, *, date: dt.date, data_dir: Path,
                clock: Callable[[], dt.datetime] | None = None, sleep: FakeSleep | None = None,
                env: dict[str, str] | None = None, use_fresh_cache: bool = True,
                **settings: Any) -> list[SourceResult]:
    """``fetch_all`` over the given source tables, on the router, with fake time."""
    config = make_config(sources, **settings)
    clock = clock or fixed_clock(f"{date.isoformat()}T07:00:00-05:00")
    return asyncio.run(fetch_all(date, config=config, data_dir=data_dir, client=router.client(),
                                 clock=clock, sleep=sleep or FakeSleep(), env=env or {},
                                 use_fresh_cache=use_fresh_cache))


AA = {"name": "Artificial Analysis", "kind": "benchmark", "parser": "artificial_analysis",
      "url": "https://artificialanalysis.ai/api/v2", "required": True,
      "options": {"endpoints": ["legacy"]}}
AA_LEGACY = "https://artificialanalysis.ai/api/v2/data/llms/models"


def connect_timeout(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectTimeout("connect timed out", request=request)


def listing_sources() -> list[dict]:
    """The morning's sources that are not feeds: a lab's HTML listing, arXiv, the two boards and
    GitHub Trending (answered by the fixtures ``morning_sources`` routes)."""
    return [
        {"name": "Anthropic", "kind": "lab", "org": "Anthropic", "parser": "html_listing",
         "url": "https://www.anthropic.com/news"},
        {"name": "arXiv", "kind": "paper", "parser": "arxiv_listing",
         "url": "https://rss.arxiv.org/rss/", "options": {"categories": ["cs.AI"]}},
        AA,
        {"name": "SWE-rebench", "kind": "benchmark", "parser": "swe_rebench",
         "url": "https://swe-rebench.com/"},
        {"name": "GitHub Trending", "kind": "repo", "parser": "github_trending",
         "url": "https://github.com/trending?since=daily"},
    ]


def morning_sources() -> tuple[list[dict], Router]:
    sources = [
        feed_source("TechCrunch", "https://techcrunch.com/feed"),
        feed_source("The Verge", "https://theverge.com/feed"),
        feed_source("Example Wire", "https://wire.example.com/feed"),
        feed_source("OpenAI", "https://openai.com/news/rss.xml", kind="lab"),
        feed_source("Slow Lab", "https://slow.example.com/feed", kind="lab"),
        feed_source("Broken Wire", "https://broken.example.com/feed"),
        *listing_sources(),
    ]
    router = Router({
        "https://techcrunch.com/feed": respond("feeds/wordpress.SHAPE.rss.xml"),
        "https://theverge.com/feed": respond("feeds/atom.SHAPE.atom.xml"),
        "https://wire.example.com/feed": respond("feeds/edge_cases.rss.xml"),
        "https://openai.com/news/rss.xml": respond("feeds/cloudflare_403.html", status=403,
                                                   content_type="text/html"),
        "https://slow.example.com/feed": connect_timeout,
        "https://broken.example.com/feed": respond(body=b"<rss><channel><item>&&&</rss"),
        "https://www.anthropic.com/news": respond("anthropic/news.SHAPE.html"),
        "https://rss.arxiv.org/rss/cs.AI": respond("arxiv/rss_empty_weekend.rss.xml"),
        AA_LEGACY: respond("artificial_analysis/legacy.json"),
        "https://swe-rebench.com/": respond("swe_rebench/page.SHAPE.html"),
        "https://github.com/trending": respond("github/trending.SHAPE.html"),
    })
    return sources, router
