"""The desk against its targets (docs/design.md, Targets), measured end to end on this machine.

    python bench/run.py [--json] [--ttft S] [--tps N] [--latency-day D] [--skip-eval]

1. Latency against its limit: one full draft (every role on the Anthropic API, served by the
   simulated LLM server of ``tests/sim/server.py`` at ``--ttft`` / ``--tps``) as a ``desk draft``
   subprocess; its wall time over the critical-path lower bound computed from the run's ledger
   (the calls that cannot overlap: the section desks and the thesis run in parallel, and so do
   the claims extractions; a stage costs its longest call). Target ratio <= 1.05.
2. LLM calls, prompt tokens (uncached + cache reads + cache writes) and cost per draft for every
   sample day, without revisions, priced by the ledger at ``config/prices.toml``; also what the
   same tokens would cost at the Sonnet-class reference price. The simulator behaves like the
   real APIs: it grants cache reads only on identical prefixes at or above each model's minimum
   and only after a write, and its reasoning models think (billed output tokens) before they
   answer. Targets <= 10 calls, <= 45k prompt tokens, <= $0.10 counting only the cache hits
   granted (``cached_prompt_tokens`` beside it).
3. The offline baseline draft (``desk draft --sample D --no-review``, < 3 s), ``desk eval``
   offline (< 30 s), ``desk --help`` (< 0.3 s) and the peak resident memory of a full draft
   (< 400 MB), each as a subprocess of a fresh interpreter.

``--json`` prints exactly one JSON object: critical_path_ratio, llm_calls_per_draft,
prompt_tokens_per_draft, cost_usd_per_draft, cached_prompt_tokens (of the costliest day),
thinking_tokens_per_draft (the worst sample day for each), baseline_draft_s, eval_offline_s,
help_s, peak_rss_mb. Everything runs on 127.0.0.1 in temporary directories.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.sim.server import SimLLMServer, SimRequest, SimSettings  # noqa: E402

if TYPE_CHECKING:
    from agent.persistence.ledger import CallRecord

# The installed console script (what an editor runs), else the module.
_SCRIPT = Path(sys.executable).with_name("desk")
DESK = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "agent.cli"]
SAMPLE_DAYS = ("2026-04-07", "2026-04-21", "2026-04-22", "2026-04-24")
DEFAULT_DAY = "2026-04-21"
SIM_KEY = "sim-not-a-real-key"
ISOLATED = {"ANTHROPIC_API_KEY": "", "OPENAI_API_KEY": "", "OPENAI_BASE_URL": "",
            "ANTHROPIC_BASE_URL": "", "DESK_DATABASE_URL": ""}
"""Whatever keys or databases this shell has, the measured runs use none of them."""
TARGETS = {"critical_path_ratio": 1.05, "llm_calls_per_draft": 10,
           "prompt_tokens_per_draft": 45_000, "cost_usd_per_draft": 0.10,
           "baseline_draft_s": 3.0, "eval_offline_s": 30.0, "help_s": 0.3, "peak_rss_mb": 400}
# Calls that may overlap share a stage (graph.py runs the desks and the thesis in parallel;
# the claims node runs its extractions in parallel, then its verification batches).
PARALLEL_STAGES = {"desk_wire": "desks", "desk_labs": "desks", "desk_papers": "desks",
                   "thesis": "desks"}


@dataclass
class Run:
    """One ``desk`` subprocess: exit code, wall seconds, peak RSS (MB), stderr tail."""

    code: int
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    stderr: str


@dataclass
class DayCost:
    day: str
    calls: int
    prompt_tokens: int
    cached_prompt_tokens: int
    """Cache reads the simulator granted (the only ones the cost counts)."""
    output_tokens: int
    thinking_tokens: int
    """Of the output tokens, those the reasoning models spent thinking (the simulator's log)."""
    cost_usd: float
    cost_usd_sonnet_class: float
    revisions: int
    by_node: dict[str, int]


def run_measured(args: list[str], *, env: dict[str, str] | None = None, cwd: Path,
                 timeout_s: float = 600) -> Run:
    """``desk ARGS`` in a fresh interpreter, reaped with ``os.wait4`` for its own CPU time and
    peak resident memory."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen([*DESK, *args], cwd=cwd, env={**os.environ, **(env or {})},
                                   stdout=subprocess.DEVNULL, stderr=errors, text=True)
        deadline = started + timeout_s
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                raise TimeoutError(f"desk {' '.join(args)} ran over {timeout_s:g} s")
            time.sleep(0.01)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        tail = errors.read()[-2000:]
    return Run(code=process.returncode, wall_s=wall, cpu_s=usage.ru_utime + usage.ru_stime,
               peak_rss_mb=usage.ru_maxrss / 1024, stderr=tail)


# -- 1. latency against the critical path ---------------------------------------------------
def stage_of(node: str, role: str) -> str:
    if node == "claims":
        return "claims:extract" if role == "extractor" else "claims:verify"
    return PARALLEL_STAGES.get(node, node)


def critical_path_s(calls: list[CallRecord]) -> tuple[float, list[tuple[str, float]]]:
    """Sum over sequential stages of each stage's longest call (ledger latencies)."""
    ordered = sorted((c for c in calls if c.outcome == "ok"),
                     key=lambda c: c.at.timestamp() - c.latency_s)
    stages: list[tuple[str, float]] = []
    for call in ordered:
        stage = stage_of(call.node, call.role)
        if stages and stages[-1][0] == stage:
            stages[-1] = (stage, max(stages[-1][1], call.latency_s))
        else:
            stages.append((stage, call.latency_s))
    return sum(seconds for _, seconds in stages), stages


def ledger_calls(data_dir: Path, day: str) -> list[CallRecord]:
    from agent.persistence.ledger import SqliteLedger
    from agent.persistence.runs import thread_id_for as run_id_for

    ledger = SqliteLedger(data_dir / "ledger.sqlite")
    try:
        return ledger.calls(run_id_for(day))
    finally:
        ledger.close()


def draft_against_sim(sim: SimLLMServer, day: str, workdir: Path
                      ) -> tuple[Run, list[CallRecord]]:
    env = {**ISOLATED, "ANTHROPIC_API_KEY": SIM_KEY,
           "ANTHROPIC_BASE_URL": sim.anthropic_base_url}
    run = run_measured(["draft", "--sample", day, "--no-review", "--data-dir",
                        str(workdir / "data"), "--out", str(workdir / "out")],
                       env=env, cwd=workdir)
    if run.code != 0:
        raise RuntimeError(f"desk draft --sample {day} failed:\n{run.stderr}")
    return run, ledger_calls(workdir / "data", day)


def measure_latency(day: str, settings: SimSettings) -> dict:
    with tempfile.TemporaryDirectory() as tmp, SimLLMServer(settings) as sim:
        run, calls = draft_against_sim(sim, day, Path(tmp))
    bound, stages = critical_path_s(calls)
    return {"day": day, "wall_s": run.wall_s, "cpu_s": run.cpu_s, "lower_bound_s": bound,
            "ratio": run.wall_s / bound, "peak_rss_mb": run.peak_rss_mb,
            "stages": [{"stage": s, "seconds": round(t, 2)} for s, t in stages]}


# -- 2. calls, tokens and cost per sample day -----------------------------------------------
def day_cost(day: str, calls: list[CallRecord], served: list[SimRequest]) -> DayCost:
    from agent.llm.base import Usage
    from agent.llm.pricing import PriceTable

    reference = PriceTable.load().reference()
    assert reference is not None, "config/prices.toml lacks [reference.\"sonnet-class\"]"
    ok = [c for c in calls if c.outcome == "ok"]
    by_node: dict[str, int] = {}
    for call in ok:
        by_node[call.node] = by_node.get(call.node, 0) + 1
    usage = Usage(input_tokens=sum(c.input_tokens for c in ok),
                  output_tokens=sum(c.output_tokens for c in ok),
                  cache_read_tokens=sum(c.cache_read_tokens for c in ok),
                  cache_write_tokens=sum(c.cache_write_tokens for c in ok))
    return DayCost(
        day=day, calls=len(calls),
        prompt_tokens=usage.input_tokens + usage.cache_read_tokens + usage.cache_write_tokens,
        cached_prompt_tokens=usage.cache_read_tokens, output_tokens=usage.output_tokens,
        thinking_tokens=sum(r.reasoning_tokens for r in served if r.status == 200),
        cost_usd=round(sum(c.cost_usd for c in calls), 4),
        cost_usd_sonnet_class=round(reference.cost(usage), 4),
        revisions=by_node.get("revise", 0), by_node=by_node)


def measure_costs(days: tuple[str, ...]) -> list[DayCost]:
    results = []
    with SimLLMServer(SimSettings()) as sim:  # instant answers: tokens do not depend on speed
        for day in days:
            before = len(sim.log)
            with tempfile.TemporaryDirectory() as tmp:
                _, calls = draft_against_sim(sim, day, Path(tmp))
            results.append(day_cost(day, calls, sim.log[before:]))
    return results


# -- 3. offline figures ---------------------------------------------------------------------
def keyless_env(workdir: Path) -> dict[str, str]:
    return {**ISOLATED, "DESK_DATA_DIR": str(workdir / "d"), "DESK_OUT_DIR": str(workdir / "o")}


def measure_help(repeat: int = 7) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        times = [run_measured(["--help"], cwd=Path(tmp)).wall_s for _ in range(repeat)]
    return statistics.median(times)


def measure_baseline(day: str, repeat: int = 3) -> Run:
    runs = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            run = run_measured(["draft", "--sample", day, "--no-review"],
                               env=keyless_env(Path(tmp)), cwd=Path(tmp))
            if run.code != 0:
                raise RuntimeError(f"baseline draft failed:\n{run.stderr}")
            runs.append(run)
    return sorted(runs, key=lambda r: r.wall_s)[len(runs) // 2]


def measure_eval() -> tuple[float | None, str]:
    with tempfile.TemporaryDirectory() as tmp:
        run = run_measured(["eval", "--json", "--runs-dir", str(Path(tmp) / "runs")],
                           env=keyless_env(Path(tmp)), cwd=Path(tmp), timeout_s=900)
    if run.code not in (0, 1):  # 1 = a tier-0 gate failed; the timing still stands
        return None, f"desk eval exited {run.code}: {run.stderr.strip().splitlines()[-1:]}"
    return run.wall_s, "" if run.code == 0 else "desk eval reported a tier-0 gate failure"


# -- report ---------------------------------------------------------------------------------
def collect(args: argparse.Namespace) -> dict:
    settings = SimSettings(ttft_s=args.ttft, tokens_per_s=args.tps)
    help_s = measure_help()
    baseline = measure_baseline(args.latency_day)
    eval_s, eval_note = (None, "skipped (--skip-eval)") if args.skip_eval else measure_eval()
    costs = measure_costs(tuple(args.days))
    latency = measure_latency(args.latency_day, settings)
    return {"help_s": help_s, "baseline": asdict(baseline), "eval_s": eval_s,
            "eval_note": eval_note, "costs": [asdict(c) for c in costs], "latency": latency,
            "sim": {"ttft_s": args.ttft, "tokens_per_s": args.tps}}


def summary(figures: dict) -> dict:
    costs = figures["costs"]
    costliest = max(costs, key=lambda c: c["cost_usd"])
    return {
        "critical_path_ratio": round(figures["latency"]["ratio"], 3),
        "llm_calls_per_draft": max(c["calls"] for c in costs),
        "prompt_tokens_per_draft": max(c["prompt_tokens"] for c in costs),
        "cost_usd_per_draft": costliest["cost_usd"],
        "cached_prompt_tokens": costliest["cached_prompt_tokens"],
        "thinking_tokens_per_draft": max(c["thinking_tokens"] for c in costs),
        "baseline_draft_s": round(figures["baseline"]["wall_s"], 3),
        "eval_offline_s": None if figures["eval_s"] is None else round(figures["eval_s"], 2),
        "help_s": round(figures["help_s"], 3),
        "peak_rss_mb": round(max(figures["latency"]["peak_rss_mb"],
                                 figures["baseline"]["peak_rss_mb"]), 1),
    }


def print_report(figures: dict, result: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(Console().width, 110))  # the per-day table needs 110 columns
    latency = figures["latency"]
    sim = figures["sim"]
    console.print(f"[bold]Critical path[/] ({latency['day']}, sim TTFT {sim['ttft_s']} s,"
                  f" {sim['tokens_per_s']} tok/s): wall {latency['wall_s']:.2f} s "
                  f"(CPU {latency['cpu_s']:.2f} s), lower bound {latency['lower_bound_s']:.2f} s")
    console.print("  stages: " + " -> ".join(f"{s['stage']} {s['seconds']:.1f}s"
                                              for s in latency["stages"]))
    days = Table("day", "calls", "prompt", "cached", "output", "thinking", "cost",
                 "Sonnet-class", "revisions",
                 title="Per draft: tokens, and cost by the ledger at config/prices.toml")
    days.columns[0].no_wrap = True
    for c in figures["costs"]:
        days.add_row(c["day"], str(c["calls"]), f"{c['prompt_tokens']:,}",
                     f"{c['cached_prompt_tokens']:,}", f"{c['output_tokens']:,}",
                     f"{c['thinking_tokens']:,}", f"${c['cost_usd']:.4f}",
                     f"${c['cost_usd_sonnet_class']:.4f}", str(c["revisions"]))
    console.print(days)
    for c in figures["costs"]:
        console.print(f"  {c['day']} calls: " + ", ".join(f"{node} {n}"
                                                         for node, n in c["by_node"].items()))
    baseline = figures["baseline"]
    console.print(f"baseline draft CPU {baseline['cpu_s']:.2f} s; "
                  f"eval: {figures['eval_note'] or 'ok'}")
    table = Table("figure", "measured", "target", "met", title="Targets (docs/design.md)")
    for key, target in TARGETS.items():
        value = result[key]
        met = value is not None and value <= target
        table.add_row(key, "n/a" if value is None else f"{value:g}", f"<= {target:g}",
                      "[green]yes[/]" if met else "[red]no[/]")
    console.print(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure the desk against its targets.")
    parser.add_argument("--json", action="store_true", help="print one JSON object only")
    parser.add_argument("--ttft", type=float, default=0.8, help="simulated time to first token")
    parser.add_argument("--tps", type=float, default=90.0, help="simulated output tokens/s")
    parser.add_argument("--latency-day", default=DEFAULT_DAY)
    parser.add_argument("--days", nargs="+", default=list(SAMPLE_DAYS))
    parser.add_argument("--skip-eval", action="store_true")
    args = parser.parse_args(argv)
    figures = collect(args)
    result = summary(figures)
    if args.json:
        print(json.dumps(result))
    else:
        print_report(figures, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
