"""Curation at scale (DESIGN §7: a day of 10,000 news items curates in under 10 s; a full draft
peaks under 400 MB; checkpoints grow with decisions, not with the snapshot).

    python bench/curate_bench.py [--sizes 1000 10000] [--json] [--keep DIR] [--skip-draft]

For each size it builds a day (``build_day``): the 2026-04-21 sample day's papers, leaderboards
and repositories, its own news items, and generated news items up to the size. Generated titles
and summaries reuse the archive's wording with variations: each story's title joins the subject
of one archive headline to phrases cut from others, with its own company name and figures; one
story in eight is carried by two to four outlets with outlet-style edits (near-duplicates across
sources), one in fifty is re-published under the same link with tracking parameters (a true
duplicate), and a few running stories are covered by many items naming the same companies.

Then, each in a fresh interpreter:

1. **in process** (``--measure FILE``): reading the file against the schema; ``intake_day``
   (normalise and screen every item, dedup, movement: the intake); ``build_storylines``: the
   curate time, wall and CPU (the machine is shared: CPU time shows what waiting hid); the
   process's peak RSS;
2. **the real command**: ``desk draft --snapshot FILE --no-review`` with no model key (the
   baseline writer): wall time, peak RSS (``os.wait4``), the gather and curate node times from
   ``run.json``, and the bytes of the checkpoint database (``checkpoints.sqlite`` and its WAL)
   and of the run store (``runs.sqlite``, which holds the snapshot once).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_SCRIPT = Path(sys.executable).with_name("desk")
DESK = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "agent.cli"]
ISOLATED = {"ANTHROPIC_API_KEY": "", "OPENAI_API_KEY": "", "OPENAI_BASE_URL": "",
            "ANTHROPIC_BASE_URL": "", "DESK_DATABASE_URL": ""}
"""Whatever keys or databases this shell has, the measured draft uses none of them."""
BASE_DAY = "2026-04-21"
ARCHIVE = ROOT / "evals" / "archive"
SIZES = (1_000, 10_000)
OUTLETS = (
    "Reuters", "Bloomberg", "CNBC", "The Verge", "TechCrunch", "The Information", "Axios",
    "Financial Times", "The Register", "Wired", "Ars Technica", "VentureBeat", "ZDNet",
    "Business Insider", "Semafor", "Rest of World", "MIT Technology Review", "SiliconANGLE",
    "The Next Web", "Fortune", "Nikkei Asia", "South China Morning Post", "Protocol",
    "Tom's Hardware", "AnandTech", "DigiTimes", "Engadget", "Hacker News", "GeekWire", "Quartz",
)
_SYLLABLES = ("vel", "tra", "quo", "rix", "nor", "dex", "lu", "mio", "zen", "kar", "sol", "ith",
              "bra", "vo", "pex", "tal", "gri", "fen", "ora", "cyn", "mar", "ul", "dri", "sta")
_SUFFIXES = ("", " AI", " Labs", " Systems", " Robotics", " Cloud", " Semiconductor")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z0-9.\-]*(?:\s+[A-Z][A-Za-z0-9.\-]*)*")
_EDITS = (str.lower, lambda t: f"{t}, sources say", lambda t: f"Report: {t}",
          lambda t: t.replace(" to ", " set to ", 1), lambda t: f"{t} - analysis")


@dataclass(frozen=True)
class Phrases:
    """Pieces of the archive's wording: headline subjects, headline phrases, summary sentences."""

    subjects: list[str]
    phrases: list[str]
    sentences: list[str]


def archive_phrases() -> Phrases:
    """Every news headline and summary of the four archive days, cut into reusable pieces."""
    subjects, phrases, sentences = [], [], []
    for path in sorted(ARCHIVE.glob("*/snapshot.json")):
        for item in json.loads(path.read_text())["items"]:
            if item["kind"] not in ("wire", "lab"):
                continue
            words = item["title"].split()
            subjects.append(" ".join(words[:3]))
            phrases += [" ".join(words[i:i + 3]) for i in range(3, len(words), 3)]
            sentences += [s.strip() + "." for s in item.get("summary", "").split(". ") if s.strip()]
    return Phrases(subjects, [p for p in phrases if p], sentences)


def _companies(rng: random.Random, count: int) -> list[str]:
    names = set()
    while len(names) < count:
        stem = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        names.add(stem + rng.choice(_SUFFIXES))
    return sorted(names)


def _figures(text: str, rng: random.Random) -> str:
    return _NUMBER.sub(lambda m: str(rng.randint(2, 990)), text)


class DayBuilder:
    """Generated news items in the archive's wording (see the module docstring)."""

    def __init__(self, seed: int = 14) -> None:
        self.rng = random.Random(seed)
        self.words = archive_phrases()
        self.companies = _companies(self.rng, 1500)
        self.running = [(self.rng.choice(self.companies), self.rng.choice(self.companies))
                        for _ in range(25)]
        self.items: list[dict[str, Any]] = []

    def story(self) -> tuple[str, str, str]:
        """A new story: (title, summary, company)."""
        rng, words = self.rng, self.words
        company = rng.choice(self.companies)
        if rng.random() < 0.04:  # a running story: many items name the same two companies
            company, partner = rng.choice(self.running)
            tail = f"{rng.choice(words.phrases)} with {partner}"
        else:
            tail = " ".join(rng.sample(words.phrases, rng.randint(2, 3)))
        subject = _CAPITALISED.sub(company, rng.choice(words.subjects), count=1)
        title = _figures(f"{subject} {tail}", rng)
        summary = " ".join(_figures(_CAPITALISED.sub(company, s, count=1), rng)
                           for s in rng.sample(words.sentences, 2))
        return title, summary, company

    def add(self, title: str, summary: str, company: str, *, outlet: str | None = None,
            url: str | None = None, when: dt.datetime) -> str:
        n = len(self.items)
        kind = "lab" if outlet is None and self.rng.random() < 0.1 else "wire"
        source = company if kind == "lab" else (outlet or self.rng.choice(OUTLETS))
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
        host = re.sub(r"[^a-z0-9]+", "", source.lower()) + ".example.com"
        url = url or f"https://{host}/2026/04/{slug}-{n}"
        self.items.append({
            "id": f"{kind}-bench-{n}", "kind": kind, "source": source, "url": url,
            "title": title, "summary": summary, "org": company if kind == "lab" else None,
            "published_at": when.isoformat().replace("+00:00", "Z")})
        return url

    def fill(self, count: int, gathered_at: dt.datetime) -> list[dict[str, Any]]:
        while len(self.items) < count:
            title, summary, company = self.story()
            when = gathered_at - dt.timedelta(minutes=self.rng.randint(30, 20 * 60))
            url = self.add(title, summary, company, when=when)
            if self.rng.random() < 0.125:  # near-duplicates: other outlets, edited headlines
                for _ in range(self.rng.randint(1, 3)):
                    edited = self.rng.choice(_EDITS)(title)
                    self.add(edited, summary, company, outlet=self.rng.choice(OUTLETS),
                             when=when + dt.timedelta(minutes=self.rng.randint(5, 300)))
            if self.rng.random() < 0.02:  # a true duplicate: the same link, tracking added
                self.add(title, summary, company, outlet=self.rng.choice(OUTLETS),
                         url=f"{url}?utm_source=newsletter&utm_medium=email", when=when)
        return self.items[:count]


def build_day(size: int, seed: int = 14) -> dict[str, Any]:
    """The sample day with ``size`` news items (its own first, then generated ones)."""
    day = json.loads((ARCHIVE / BASE_DAY / "snapshot.json").read_text())
    own = [i for i in day["items"] if i["kind"] in ("wire", "lab")]
    gathered_at = dt.datetime.fromisoformat(day["gathered_at"].replace("Z", "+00:00"))
    generated = DayBuilder(seed).fill(max(size - len(own), 0), gathered_at)
    day["items"] = [*day["items"], *generated]
    day["published"] = None
    day["origin"] = "fixture"
    return day


# -- 1. in process ---------------------------------------------------------------------------


def measure_in_process(path: Path) -> dict[str, float | int]:
    """Reading, the intake and curation, timed in this (fresh) interpreter."""
    from agent.schemas import DaySnapshot, NewsItem
    from agent.sources.day import intake_day
    from agent.sources.snapshots import strip_labels
    from agent.writing.storylines import build_storylines

    started = time.perf_counter()
    loaded = DaySnapshot.model_validate(json.loads(path.read_bytes()))
    read_s = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    snapshot = intake_day(strip_labels(loaded), None)
    intake_s, intake_cpu_s = time.perf_counter() - started, time.process_time() - cpu
    news = [i for i in snapshot.items if isinstance(i, NewsItem)]
    started, cpu = time.perf_counter(), time.process_time()
    storylines = build_storylines(news, now=snapshot.gathered_at)
    curate_s, curate_cpu_s = time.perf_counter() - started, time.process_time() - cpu
    return {"read_s": round(read_s, 2), "intake_s": round(intake_s, 2),
            "intake_cpu_s": round(intake_cpu_s, 2),
            "curate_s": round(curate_s, 2), "curate_cpu_s": round(curate_cpu_s, 2),
            "news_after_dedup": len(news), "storylines": len(storylines),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def in_subprocess(path: Path) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, "--measure", str(path)], check=True,
                          capture_output=True, text=True, cwd=ROOT)
    return json.loads(done.stdout)


# -- 2. the real command ---------------------------------------------------------------------


def _bytes(*paths: Path) -> int:
    return sum(p.stat().st_size for p in paths if p.exists())


@dataclass(frozen=True)
class Reaped:
    """A finished ``desk`` subprocess: exit code, wall seconds, peak RSS (MB), stderr."""

    code: int
    wall_s: float
    peak_rss_mb: float
    stderr: str


def run_desk(args: list[str], cwd: Path) -> Reaped:
    """``desk ARGS`` in a fresh interpreter, reaped with ``os.wait4`` for its own peak RSS."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen([*DESK, *args], cwd=cwd, env={**os.environ, **ISOLATED},
                                   stdout=subprocess.DEVNULL, stderr=errors, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        return Reaped(code=process.returncode, wall_s=time.perf_counter() - started,
                      peak_rss_mb=usage.ru_maxrss / 1024, stderr=errors.read()[-2000:])


def measure_draft(path: Path, workdir: Path) -> dict[str, Any]:
    data, out = workdir / "data", workdir / "out"
    run = run_desk(["draft", "--snapshot", str(path), "--no-review", "--data-dir", str(data),
                    "--out", str(out)], cwd=workdir)
    if run.code != 0:
        raise RuntimeError(f"desk draft exited {run.code}: {run.stderr[-500:]}")
    report = json.loads((out / BASE_DAY / "run.json").read_text())
    nodes = {t["node"]: t["seconds"] for t in report["node_timings"]}
    checkpoints = data / "checkpoints.sqlite"
    return {"draft_wall_s": round(run.wall_s, 1), "draft_peak_rss_mb": round(run.peak_rss_mb, 1),
            "node_gather_s": round(nodes.get("gather", 0.0), 2),
            "node_curate_s": round(nodes.get("curate", 0.0), 2),
            "checkpoint_bytes": _bytes(checkpoints, Path(f"{checkpoints}-wal")),
            "run_store_bytes": _bytes(data / "runs.sqlite", data / "runs.sqlite-wal")}


# -- report ----------------------------------------------------------------------------------


def measure(size: int, keep: Path | None, draft: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix=f"curate-bench-{size}-") as tmp:
        workdir = keep / str(size) if keep else Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        path = workdir / "snapshot.json"
        path.write_text(json.dumps(build_day(size)))
        row: dict[str, Any] = {"news_items": size, "snapshot_bytes": path.stat().st_size}
        row.update(in_subprocess(path))
        if draft:
            row.update(measure_draft(path, workdir))
        return row


def _print_table(rows: list[dict[str, Any]]) -> None:
    keys = list(dict.fromkeys(k for row in rows for k in row))
    width = max(len(k) for k in keys)
    print(f"{'':{width}}  " + "  ".join(f"{row['news_items']:>14,}" for row in rows))
    for key in keys[1:]:
        cells = [row.get(key, "") for row in rows]
        print(f"{key:{width}}  " + "  ".join(
            f"{c:>14,}" if isinstance(c, int) else f"{c:>14}" for c in cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--json", action="store_true", help="print one JSON object only")
    parser.add_argument("--keep", type=Path, help="keep the snapshots and stores here")
    parser.add_argument("--skip-draft", action="store_true", help="in-process figures only")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure_in_process(args.measure)))
        return 0
    rows = [measure(size, args.keep, not args.skip_draft) for size in args.sizes]
    if args.json:
        print(json.dumps({"sizes": rows}))
    else:
        _print_table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
