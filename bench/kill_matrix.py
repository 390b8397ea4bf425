"""The kill matrix, standalone: every desk command SIGKILLed at every crash point of its path,
then the natural next command, with the tally (command x point kind x outcome) and the runtime.

    .venv/bin/python bench/kill_matrix.py                     # every command, every point
    .venv/bin/python bench/kill_matrix.py --scenario restore  # one command
    .venv/bin/python bench/kill_matrix.py --no-then-draft     # skip the `desk draft` recoveries

The engine and its checks are the kill suite's (tests/reliability/killing.py); the simulated
model (bench/sim_server.py) serves the `desk review --notes` points. Exit 1 if any point failed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.sim_server import SimLLMServer, SimSettings  # noqa: E402
from tests.reliability.killing import (  # noqa: E402
    SCENARIOS, Templates, failures, points_for, run_points, tally, trace_labels, work_dir,
)

SIM_KEY = "sim-not-a-real-key"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", action="append", choices=sorted(SCENARIOS),
                        help="only this command (repeatable; default: all)")
    parser.add_argument("--workers", type=int, default=4, help="points run at once")
    parser.add_argument("--no-then-draft", action="store_true",
                        help="recover only with the same command, not via `desk draft` first")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args()
    names = args.scenario or list(SCENARIOS)
    work = work_dir("desk-kill-matrix-")
    settings = SimSettings(lifetime_s=24 * 3600, max_requests=10_000_000, tokens_per_event=128)
    started = time.perf_counter()
    try:
        with SimLLMServer(settings) as sim:
            templates = Templates(work, {"ANTHROPIC_API_KEY": SIM_KEY,
                                         "ANTHROPIC_BASE_URL": sim.anthropic_base_url})
            points = []
            for name in names:
                labels = trace_labels(SCENARIOS[name], templates, work)
                print(f"{name}: {len(labels)} crash points", flush=True)
                points += points_for(SCENARIOS[name], labels, then_draft=not args.no_then_draft)
            results = run_points(points, templates, work, workers=args.workers)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(tally(results))
    print(f"runtime: {time.perf_counter() - started:.0f} s with {args.workers} workers")
    problems = failures(results)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
