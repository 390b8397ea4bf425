"""Prompt tokens per LLM call of a full draft, per sample day (what each prompt costs to send).

    python bench/prompt_tokens.py [--days D ...] [--json]

Each day is drafted with every role on the simulated Anthropic server of ``tests/sim/server.py``
(its token counter: characters / 4, the same for every run, so before/after comparisons are
fair); the ledger's calls are listed by node in call order with their prompt tokens (uncached +
cache reads + cache writes), and per node the mean over days. Everything runs on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import SAMPLE_DAYS, draft_against_sim  # noqa: E402
from tests.sim.server import SimLLMServer, SimSettings  # noqa: E402


def day_calls(sim: SimLLMServer, day: str) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        _, calls = draft_against_sim(sim, day, Path(tmp))
    return [{"node": c.node, "role": c.role,
             "prompt_tokens": c.input_tokens + c.cache_read_tokens + c.cache_write_tokens}
            for c in calls if c.outcome == "ok"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", nargs="*", default=list(SAMPLE_DAYS))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    by_day: dict[str, list[dict]] = {}
    with SimLLMServer(SimSettings()) as sim:
        for day in args.days:
            by_day[day] = day_calls(sim, day)
    per_node: dict[str, list[int]] = defaultdict(list)
    for calls in by_day.values():
        for call in calls:
            per_node[call["node"]].append(call["prompt_tokens"])
    summary = {node: round(statistics.fmean(v)) for node, v in per_node.items()}
    totals = {day: sum(c["prompt_tokens"] for c in calls) for day, calls in by_day.items()}
    if args.json:
        print(json.dumps({"per_call_mean": summary, "per_draft": totals, "calls": by_day}))
        return
    print("| node | role | prompt tokens per call (mean over days) |\n|---|---|---:|")
    roles = {c["node"]: c["role"] for calls in by_day.values() for c in calls}
    for node, mean in summary.items():
        print(f"| {node} | {roles[node]} | {mean:,} |")
    print("\n" + "\n".join(f"{day}: {len(by_day[day])} calls, {total:,} prompt tokens"
                           for day, total in totals.items()))


if __name__ == "__main__":
    main()
