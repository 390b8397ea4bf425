"""Per-day figures of the realistic replay: the essay, its critique, its claims and what the run
cost, drafted through the real SDK clients on each hand-written day file.

    .venv/bin/python -m tests.replay.report                 # every day with a day file
    .venv/bin/python -m tests.replay.report 2026-04-21 --provider anthropic
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import get_args

from agent.text import word_count
from tests.replay.loader import available_days
from tests.replay.run import Provider, ReplayResult, replay_day


def day_report(result: ReplayResult) -> list[str]:
    review, run = result.package_json("review.json"), result.package_json("run.json")
    essay = result.day.final_essay
    lint = [v["id"] for v in review["lint"]] or ["none"]
    rounds = ["/".join(str(c["score"]) for c in r["judge"]["criteria"]) + f" ({r['action']})"
              for r in review["rounds"]]
    over = [f"{o.schema} {o.output_tokens} tokens > {o.max_tokens}"
            for o in result.transport.over_budget] or ["none"]
    return [
        f"{result.day.date}",
        f"  essay: {sum(word_count(p) for p in essay)} words, {len(essay)} paragraphs; "
        f"lint violations: {', '.join(lint)}",
        f"  critique rounds (scores in rubric order): {'; '.join(rounds)}",
        f"  essay claims by kind: {_counts(c['kind'] for c in result.essay_claims)}",
        f"  essay claims by status: {_counts(c['status'] for c in result.essay_claims)}",
        f"  unsupported share of {len(result.factual_essay_claims)} factual essay claims: "
        f"{result.unsupported_share:.1%}; quotes rejected: {len(result.rejected_quotes)}; "
        f"other claims problems: {len(result.claims_problems) - len(result.rejected_quotes)}",
        f"  all claims (essay and sections) by status: "
        f"{_counts(c['status'] for c in result.claims)}",
        f"  model calls {run['llm_calls']}, input {run['input_tokens']:,} + cached "
        f"{run['cache_read_tokens']:,} tokens, output {run['output_tokens']:,}, "
        f"${run['cost_usd']:.4f}",
        f"  answers over the requested output budget: {'; '.join(over)}",
        f"  unanswered requests: {len(result.transport.unanswered)}; "
        f"answers never asked for: {len(result.transport.stale())}",
    ]


def _counts(values: Iterable[str]) -> str:
    counter = Counter(values)
    return ", ".join(f"{n} {name}" for name, n in sorted(counter.items())) or "none"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dates", nargs="*", help="days to replay (default: every day file)")
    parser.add_argument("--provider", choices=get_args(Provider), default="openai")
    args = parser.parse_args(argv)
    dates = args.dates or available_days()
    with tempfile.TemporaryDirectory(prefix="desk-replay-") as root:
        for date in dates:
            result = replay_day(date, Path(root) / date, provider=args.provider)
            print("\n".join(day_report(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
