"""Benchmarks for agent/sources (docs/design.md §7: gathering runs concurrently; wall ~ slowest source).

    python bench/gather_bench.py [--json] [--items N] [--runs R]

(a) Throughput of parse + normalise + screen + dedup on N (default 10,000) synthetic feed items
    spread over 20 RSS documents, with HTML summaries, boilerplate, tracking parameters, and
    about 10% cross-feed duplicates (same link) and 5% near-duplicate titles.
(b) The concurrent gather against local delayed HTTP servers on 127.0.0.1: six feeds answering
    after 0.2-0.6 s; prints the wall time, the sum and the max of per-source latencies, and
    wall/max (1.0 = as fast as the slowest source). Then a second run on the same data dir, which
    the raw cache serves without any request.

Bounded: everything is local and finishes in a few seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

from agent.sources.catalog import SourcesConfig, SourceSpec, SourcesSettings
from agent.sources.dedup import merge_duplicates
from agent.sources.feeds import parse_feed
from agent.sources.gather import gather_live
from agent.sources.window import DayWindow

DAY = dt.date(2026, 11, 23)
SETTINGS = SourcesSettings(contact="bench@example.com")
WINDOW = DayWindow.for_issue(DAY, SETTINGS.timezone, SETTINGS.cutoff_hour)
DELAYS_S = (0.2, 0.3, 0.35, 0.45, 0.5, 0.6)
FEEDS = 20


# ------------------------------------------------------------------------ (a) throughput

def _vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(4, 10))) for _ in range(size)]


def _synthetic_feeds(total: int, seed: int = 7) -> list[bytes]:
    """RSS documents whose entries repeat links and near-copy titles across feeds."""
    rng = random.Random(seed)
    words = _vocabulary(rng)
    entries: list[tuple[str, str, dt.datetime]] = []
    for n in range(total):
        roll = rng.random()
        if entries and roll < 0.10:  # the same story linked from another feed
            title, link, when = rng.choice(entries)
            link += "?utm_source=feed&utm_medium=rss"
        elif entries and roll < 0.15:  # a near-duplicate headline
            title, _, when = rng.choice(entries)
            title = title + " " + rng.choice(words)
            link = f"https://outlet{n % 50}.example.com/story/{n}"
        else:
            title = " ".join(rng.choice(words) for _ in range(rng.randint(6, 11))).capitalize()
            link = f"https://outlet{n % 50}.example.com/story/{n}"
            when = WINDOW.start + dt.timedelta(seconds=rng.randint(0, 80000))
        entries.append((title, link, when))
    rng.shuffle(entries)
    per_feed = -(-total // FEEDS)
    return [_rss(entries[i:i + per_feed]) for i in range(0, total, per_feed)]


def _rss(entries: list[tuple[str, str, dt.datetime]]) -> bytes:
    items = "".join(
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
        f"<pubDate>{format_datetime(when)}</pubDate><description><![CDATA[<p>{title}. "
        f"Details &#8230;</p><p>The post <a href='{link}'>{title}</a> appeared first on "
        f"Outlet.</p>]]></description></item>"
        for title, link, when in entries)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Synthetic</title>'
            f"{items}</channel></rss>").encode()


def throughput(total: int) -> dict[str, float | int]:
    """Entries per second through parse + normalise + screen, then dedup (one process, one core)."""
    documents = _synthetic_feeds(total)
    started = time.perf_counter()
    items = []
    for n, body in enumerate(documents):
        spec = SourceSpec(name=f"Feed {n}", kind="wire", parser="rss", url="https://x.example/")
        items += parse_feed(body, "application/rss+xml", spec=spec, settings=SETTINGS,
                            window=WINDOW, first_seen=lambda _id: WINDOW.end).items
    parsed = time.perf_counter()
    merged = merge_duplicates(items)
    done = time.perf_counter()
    return {
        "entries": total,
        "items": len(items),  # entries repeated inside one feed collapse to one item id
        "after_dedup": len(merged),
        "parse_normalise_s": round(parsed - started, 3),
        "dedup_s": round(done - parsed, 3),
        "total_s": round(done - started, 3),
        "items_per_s": round(total / (done - started)),
        "parse_items_per_s": round(total / (parsed - started)),
        "dedup_items_per_s": round(len(items) / (done - parsed)),
    }


# ------------------------------------------------------------------ (b) concurrent gather

def _feed_body(index: int) -> bytes:
    when = format_datetime(WINDOW.start + dt.timedelta(hours=index + 1))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local {index}</title>'
            f"<item><title>Local story number {index}</title>"
            f"<link>https://local{index}.example.com/story</link><pubDate>{when}</pubDate>"
            f"<description>Story {index}.</description></item></channel></rss>").encode()


class _Counter:
    def __init__(self) -> None:
        self.requests = 0
        self.lock = threading.Lock()


@contextmanager
def delayed_servers(delays: tuple[float, ...]) -> Iterator[tuple[list[str], _Counter]]:
    """One HTTP server per delay on 127.0.0.1; yields their feed URLs and a request counter."""
    counter = _Counter()
    servers = []
    for index, delay in enumerate(delays):
        body = _feed_body(index)

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self, _body: bytes = body, _delay: float = delay) -> None:
                with counter.lock:
                    counter.requests += 1
                time.sleep(_delay)
                self.send_response(200)
                self.send_header("content-type", "application/rss+xml")
                self.send_header("content-length", str(len(_body)))
                self.end_headers()
                self.wfile.write(_body)

            def log_message(self, *args: object) -> None:
                return

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    try:
        yield [f"http://127.0.0.1:{s.server_address[1]}/feed" for s in servers], counter
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def _config(urls: list[str]) -> SourcesConfig:
    return SourcesConfig(settings=SETTINGS, source=[
        SourceSpec(name=f"Local {i}", kind="wire", parser="rss", url=url, timeout_s=5)
        for i, url in enumerate(urls)])


def _one_gather(config: SourcesConfig, data_dir: Path) -> dict[str, float | int]:
    started = time.perf_counter()
    snapshot = asyncio.run(gather_live(DAY, config=config, data_dir=data_dir, env={}))
    wall = time.perf_counter() - started
    latencies = [(h.latency_ms or 0) / 1000 for h in snapshot.sources]
    return {"wall_s": round(wall, 3), "sum_s": round(sum(latencies), 3),
            "max_s": round(max(latencies), 3),
            "ratio_wall_over_max": round(wall / max(latencies), 3),
            "ok_sources": sum(h.status == "ok" for h in snapshot.sources)}


def concurrency(runs: int) -> dict[str, object]:
    with delayed_servers(DELAYS_S) as (urls, counter), tempfile.TemporaryDirectory() as tmp:
        config = _config(urls)
        results = [_one_gather(config, Path(tmp) / f"run{n}") for n in range(runs)]
        before = counter.requests
        started = time.perf_counter()
        asyncio.run(gather_live(DAY, config=config, data_dir=Path(tmp) / "run0", env={}))
        cached_wall = time.perf_counter() - started
        cached_requests = counter.requests - before
    median = {key: statistics.median(r[key] for r in results) for key in results[0]}
    return {"delays_s": list(DELAYS_S), "runs": results, "median": median,
            "cached_rerun_wall_s": round(cached_wall, 3),
            "cached_rerun_requests": cached_requests}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object only")
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    report = {"throughput": throughput(args.items), "concurrency": concurrency(args.runs)}
    if args.json:
        print(json.dumps(report))
        return 0
    t, c = report["throughput"], report["concurrency"]
    m = c["median"]
    print(f"(a) {t['entries']:,} synthetic feed entries -> {t['items']:,} items -> "
          f"{t['after_dedup']:,} after dedup")
    print(f"    parse+normalise+screen {t['parse_normalise_s']} s "
          f"({t['parse_items_per_s']:,} items/s); dedup {t['dedup_s']} s "
          f"({t['dedup_items_per_s']:,} items/s); overall {t['items_per_s']:,} items/s")
    print(f"(b) {len(c['delays_s'])} local sources, delays {c['delays_s']} s, median of "
          f"{len(c['runs'])} runs:")
    print(f"    wall {m['wall_s']} s, sum of latencies {m['sum_s']} s, max {m['max_s']} s, "
          f"wall/max {m['ratio_wall_over_max']}")
    print(f"    cached rerun: wall {c['cached_rerun_wall_s']} s, "
          f"{c['cached_rerun_requests']} requests")
    return 0


if __name__ == "__main__":
    sys.exit(main())
