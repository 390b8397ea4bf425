"""``desk eval``: replay the archive, score each draft against the issue really published that
day, and print the report (the work is in ``evals.runner``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rich.console import Console

from evals import report
from evals.runner import DEFAULT_RUNS_DIR, EvalOptions, run_eval
from agent.paths import ARCHIVE_DIR


def eval_command(*, archive: Path | None, as_json: bool, runs_dir: Path | None) -> int:
    errors = Console(stderr=True)
    options = EvalOptions(archive=archive or ARCHIVE_DIR, runs_dir=runs_dir or DEFAULT_RUNS_DIR,
                          progress=lambda message: errors.print(f"[dim]{message}[/]"))
    results, run_dir = run_eval(options)
    if as_json:
        sys.stdout.write(json.dumps(results.json_payload()) + "\n")
    else:
        console = Console()
        wide = console if console.is_terminal else Console(width=120)  # pipes default to 80
        report.print_report(results, wide, run_dir)
    errors.print(f"eval written to {run_dir}")
    return 1 if results.tier0_failures else 0
