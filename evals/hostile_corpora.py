"""The hostile corpora of issues 13 and 14, pushed through the real ``desk`` CLI and counted.

    python -m evals.hostile_corpora [--corpus injection|bad|all] [--json] [--workers 2]
                                    [--limit N] [--timeout SECONDS] [--json-out FILE]
    python -m evals.hostile_corpora --dump NAME > snapshot.json   # one input, to reproduce it

Run it from the repository root (the corpora live in ``tests/corpora``). Every variant is written
to a temporary directory and drafted offline by ``sys.executable -m agent.cli`` in a subprocess,
with no model keys in its environment:

* injection corpus (``tests/corpora/injection.py``): ``draft --no-review``, then a reviewed draft
  and ``review DATE --approve`` (retried with ``--accept-unsupported`` when approve refuses and
  the flag exists). Prints the share of injections flagged, how many payloads reached the
  publishable text, live markup, the benign false-positive rate and the numbers/dates checks,
  per family and per field.
* bad-input corpus (``tests/corpora/bad_inputs.py``): ``draft --no-review``; prints the expected
  x actual outcome tally, tracebacks and every case that missed its expected outcome.

It is a measuring instrument: it exits 0 whatever the desk did, and non-zero only when the runner
itself breaks.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from evals.hostile.outcomes import CaseReport, VariantReport, judge_case, judge_variant
from evals.hostile.package import Package
from evals.hostile.running import (
    Invoke, accepts_unsupported, run_case, run_variant, subprocess_invoker,
)
from evals.hostile.summary import (
    BadSummary, InjectionSummary, Tally, summarize_cases, summarize_variants,
)
from tests.corpora.bad_inputs import BAD_INPUTS, BadInput
from tests.corpora.day import BASE_DATE
from tests.corpora.injection import HostileVariant, all_variants

Job = TypeVar("Job")
Report = TypeVar("Report")


class Results(BaseModel):
    injection: InjectionSummary | None = None
    variants: list[VariantReport] = []
    bad: BadSummary | None = None
    cases: list[CaseReport] = []


def _parallel(jobs: Sequence[Job], work: Callable[[Job], Report], workers: int,
              label: str) -> list[Report]:
    progress = Console(stderr=True)
    done: list[Report] = []
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for n, report in enumerate(pool.map(work, jobs), start=1):
            done.append(report)
            if progress.is_terminal:
                progress.print(f"[dim]{label} {n}/{len(jobs)}[/dim]", end="\r")
    return done


def _invoker(workdir: Path, timeout: float) -> Invoke:
    return subprocess_invoker(timeout=timeout, cwd=workdir)


def measure_variants(variants: Sequence[HostileVariant], *, workers: int,
                     timeout: float) -> list[VariantReport]:
    with tempfile.TemporaryDirectory(prefix="desk-flag-probe-") as probe:
        accept_flag = accepts_unsupported(_invoker(Path(probe), timeout))

    def work(variant: HostileVariant) -> VariantReport:
        with tempfile.TemporaryDirectory(prefix=f"desk-{variant.name}-") as tmp:
            invoke = _invoker(Path(tmp), timeout)
            runs = run_variant(variant.snapshot_bytes(), BASE_DATE, Path(tmp), invoke,
                               accept_flag=accept_flag)
            return judge_variant(variant, runs)

    return _parallel(variants, work, workers, "injection corpus")


def measure_cases(cases: Sequence[BadInput], *, workers: int,
                  timeout: float) -> list[CaseReport]:
    def work(case: BadInput) -> CaseReport:
        with tempfile.TemporaryDirectory(prefix=f"desk-{case.name}-") as tmp:
            result, package = run_case(case.data(), BASE_DATE, Path(tmp),
                                       _invoker(Path(tmp), timeout), case.args)
            return judge_case(case, result, Package(package))

    return _parallel(cases, work, workers, "bad-input corpus")


# --------------------------------------------------------------------------------------------
# Printing
# --------------------------------------------------------------------------------------------


def _tally_table(title: str, rows: dict[str, Tally], columns: tuple[str, ...]) -> Table:
    table = Table("name", *columns, title=title)
    for name, tally in sorted(rows.items()):
        table.add_row(name, *(str(getattr(tally, c)) for c in columns))
    return table


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def print_variants(console: Console, summary: InjectionSummary,
                   reports: list[VariantReport]) -> None:
    inj = summary.injection
    console.print(f"[bold]Injection corpus[/bold]: {inj.total} injection variants, "
                  f"{inj.flagged} flagged ({_pct(summary.flagged_rate)}; target >= 90%), "
                  f"payload reached publishable text in {inj.reached} "
                  f"({summary.reached_while_flagged} of them flagged), {inj.passed} passed")
    console.print(f"Markup: {summary.markup.total} variants, live markup from source text in "
                  f"{summary.markup.markup}, {summary.markup.passed} passed")
    console.print(f"Benign controls: {summary.benign.total}, flagged {summary.benign.flagged} "
                  f"(false-positive rate {_pct(summary.false_positive_rate)})")
    console.print(f"Numbers and dates: {summary.numbers.total}, {summary.numbers.passed} passed")
    console.print(f"Tracebacks: {summary.tracebacks} variant(s); timeouts: {summary.timeouts}")
    columns = ("total", "flagged", "reached", "markup", "passed")
    console.print(_tally_table("Injection by family", summary.by_family, columns))
    console.print(_tally_table("Injection by field", summary.by_field, columns))
    console.print(_tally_table("Markup by payload", summary.markup_by_payload, columns))
    _print_failures(console, "Variants that missed the bar",
                    [(r.name, r.draft, "; ".join(r.reasons)) for r in reports if not r.passed])


def print_cases(console: Console, summary: BadSummary, reports: list[CaseReport]) -> None:
    console.print(f"[bold]Bad-input corpus[/bold]: {summary.total} snapshots, {summary.passed} "
                  f"ended as expected, {summary.tracebacks} traceback(s), "
                  f"{summary.timeouts} timeout(s)")
    outcomes = ("complete", "refusal", "usage", "traceback", "timeout", "other")
    table = Table("expected \\ got", *outcomes, title="Tally")
    for expected, counts in sorted(summary.matrix.items()):
        table.add_row(expected, *(str(counts.get(o, 0)) for o in outcomes))
    console.print(table)
    console.print(_tally_table("By category", summary.by_category, ("total", "passed")))
    _print_failures(console, "Cases that missed their expected outcome",
                    [(r.name, r.outcome, "; ".join(r.reasons) + f" | {r.stderr_tail}")
                     for r in reports if not r.passed])


def _print_failures(console: Console, title: str, rows: list[tuple[str, str, str]]) -> None:
    table = Table("name", "outcome", "why", title=f"{title} ({len(rows)})")
    for name, outcome, why in rows:
        table.add_row(name, outcome, why[:160])
    console.print(table)


def dump(name: str) -> int:
    inputs = {v.name: v.snapshot_bytes for v in all_variants()}
    inputs.update({c.name: c.data for c in BAD_INPUTS})
    if name not in inputs:
        print(f"error: no variant or case named {name!r}", file=sys.stderr)
        return 2
    sys.stdout.buffer.write(inputs[name]())
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=("injection", "bad", "all"), default="all")
    parser.add_argument("--json", action="store_true", help="Machine-readable output only.")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, default=None, help="At most N inputs per corpus.")
    parser.add_argument("--timeout", type=float, default=300.0, help="Seconds per command.")
    parser.add_argument("--json-out", type=Path, default=None,
                        help="Also write the machine-readable results to this file.")
    parser.add_argument("--dump", metavar="NAME", help="Write one variant's or case's snapshot "
                        "bytes to stdout and exit (to reproduce it by hand).")
    args = parser.parse_args(argv)
    if args.dump:
        return dump(args.dump)
    results = Results()
    if args.corpus in ("injection", "all"):
        results.variants = measure_variants(all_variants()[: args.limit], workers=args.workers,
                                            timeout=args.timeout)
        results.injection = summarize_variants(results.variants)
    if args.corpus in ("bad", "all"):
        results.cases = measure_cases(BAD_INPUTS[: args.limit], workers=args.workers,
                                      timeout=args.timeout)
        results.bad = summarize_cases(results.cases)
    if args.json_out is not None:
        args.json_out.write_text(results.model_dump_json(indent=2) + "\n", encoding="utf-8")
    if args.json:
        print(results.model_dump_json(indent=2))
        return 0
    console = Console(width=200)
    if results.injection is not None:
        print_variants(console, results.injection, results.variants)
    if results.bad is not None:
        print_cases(console, results.bad, results.cases)
    return 0


if __name__ == "__main__":
    sys.exit(main())
