"""Leave-one-out calibration and sensitivity of the rubric's deterministic lints.

    python -m evals.lint_sensitivity [--json] [--seed N]

For each published lead essay (a *fold*), every fitted threshold is refit on the other essays
(``agent/rubric/calibration.py``) and the fold's rubric lints:

* the held-out essay itself: any violation is a false flag (the target is 0 in every fold);
* its plausible other-day reshapings (``evals/lint_perturbations.py``): false flags too;
* its corrupted variants (``evals/lint_variants.py``): detected when every expected lint fires.

The committed rubric (the fit on every essay) then runs the same way over all essays. Signals
(shown to the critic, never gates) are reported apart: how often they fire on the generic-prose
variants, and how often on house prose. Exit code 1 when any lint flags a published essay or a
reshaping of one.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from agent.config import load_desk_config
from agent.errors import DeskError
from agent.rubric.calibration import fit_thresholds, refit
from agent.rubric.document import EssayDocument
from agent.rubric.lints import lint_essay, parse_essay_text
from agent.rubric.rubric import Rubric, load_rubric
from agent.rubric.signals import judge_signals
from agent.schemas import LintViolation
from evals.lint_perturbations import perturb
from evals.lint_variants import (
    CORRUPTIONS, DEFAULT_SEED, GENERIC_DEV, GENERIC_HELD_OUT, GENERIC_SEEN, Variant, corrupt,
    generate_variants, lint_params,
)
from evals.published_essays import (
    NoPublishedEssaysError, PublishedEssay, essay_text, load_published_essays,
)

__all__ = [
    "CORRUPTIONS", "DEFAULT_SEED", "GENERIC_DEV", "GENERIC_HELD_OUT", "GENERIC_SEEN",
    "NoPublishedEssaysError", "PublishedEssay", "SensitivityReport", "essay_text",
    "generate_variants", "load_published_essays", "run_sensitivity",
]
COMMITTED = "committed"
POOLS = ("dev", "seen", "held_out")
LENGTH_LINTS = frozenset({"word_count", "paragraph_count"})
REPORT_WIDTH = 150


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class VariantResult(_Model):
    name: str
    expected: list[str]
    fired: list[str]
    detected: bool
    pool: str = ""
    signals: list[str] = Field(default_factory=list,
                               description="Signals that fire here and not on the clean essay.")


class Flag(_Model):
    """A lint that fired on a published essay or on a plausible reshaping of one."""

    variant: str
    lint_id: str
    message: str


class FoldReport(_Model):
    held_out: str = Field(description="The essay tested, or 'committed' for the full rubric.")
    fitted: dict[str, dict[str, Any]]
    clean_flags: list[Flag]
    perturbations: int
    perturbation_flags: list[Flag]
    results: list[VariantResult]

    @property
    def flags(self) -> list[Flag]:
        return [*self.clean_flags, *self.perturbation_flags]


class LintRow(_Model):
    lint_id: str
    per_fold: dict[str, tuple[int, int, int]] = Field(
        description="Fold -> (false flags, detected, variants).")
    committed: tuple[int, int, int]

    @property
    def loo(self) -> tuple[int, int, int]:
        cells = list(self.per_fold.values())
        return (sum(c[0] for c in cells), sum(c[1] for c in cells), sum(c[2] for c in cells))


class SignalRate(_Model):
    signal_id: str
    generic_fired: int = Field(description="Generic-prose variants where the signal fires and "
                                           "does not fire on the clean essay.")
    generic_variants: int
    generic_by_pool: dict[str, tuple[int, int]] = Field(description="Pool -> (fired, variants).")
    house_fired: int = Field(description="Clean essays and reshapings where it fires.")
    house_variants: int


class SensitivityReport(_Model):
    rubric_version: str
    seed: int
    clean_essays: list[str]
    folds: list[FoldReport]
    committed: FoldReport
    signals: list[SignalRate]

    @property
    def false_flags(self) -> list[Flag]:
        return [flag for fold in [*self.folds, self.committed] for flag in fold.flags]

    @property
    def results(self) -> list[VariantResult]:
        return self.committed.results

    @property
    def overall_rate(self) -> float:
        return sum(r.detected for r in self.results) / len(self.results)

    def rows(self) -> list[LintRow]:
        ids = sorted({lint_id for r in self.results for lint_id in r.expected})
        return [LintRow(lint_id=i, per_fold={f.held_out: _cell(f, i) for f in self.folds},
                        committed=_cell(self.committed, i)) for i in ids]

    def pool_rates(self) -> dict[str, tuple[int, int]]:
        """Generic-prose variants per pool: (detected by llm_tells, variants)."""
        return {pool: (sum(r.detected for r in self.results if r.pool == pool),
                       sum(r.pool == pool for r in self.results)) for pool in POOLS}

    def gate_or_signal_rate(self) -> tuple[int, int]:
        """Corrupted variants a gate detects or a signal shows to the critic."""
        return (sum(r.detected or bool(r.signals) for r in self.results), len(self.results))

    def any_gate_rates(self) -> dict[str, tuple[int, int]]:
        """Generic-prose variants per pool caught by any voice gate (length lints excluded:
        they fire because a paragraph was added, not because it is generic)."""
        caught = lambda r: bool(set(r.fired) - LENGTH_LINTS)  # noqa: E731
        return {pool: (sum(caught(r) for r in self.results if r.pool == pool),
                       sum(r.pool == pool for r in self.results)) for pool in POOLS}

    def summary(self) -> dict[str, Any]:
        """JSON-ready: the leave-one-out table, sensitivity per lint, signals, flags, misses."""
        return {
            "rubric_version": self.rubric_version, "seed": self.seed,
            "clean_essays": self.clean_essays,
            "overall_detection_rate": round(self.overall_rate, 4),
            "lints": {row.lint_id: _row_json(row) for row in self.rows()},
            "llm_tells_by_pool": {p: {"detected": d, "variants": n}
                                  for p, (d, n) in self.pool_rates().items()},
            "any_voice_gate_by_pool": {p: {"detected": d, "variants": n}
                                       for p, (d, n) in self.any_gate_rates().items()},
            "signals": [s.model_dump() for s in self.signals],
            "caught_by_gate_or_signal": dict(zip(("caught", "variants"),
                                                 self.gate_or_signal_rate())),
            "fitted": {f.held_out: f.fitted for f in [*self.folds, self.committed]},
            "false_flags": [f.model_dump() for f in self.false_flags],
            "missed": [r.model_dump() for r in self.results if not r.detected],
        }


def _cell(fold: FoldReport, lint_id: str) -> tuple[int, int, int]:
    mine = [r for r in fold.results if lint_id in r.expected]
    return (sum(f.lint_id == lint_id for f in fold.flags),
            sum(lint_id in r.fired for r in mine), len(mine))


def _row_json(row: LintRow) -> dict[str, Any]:
    def cell(values: tuple[int, int, int]) -> dict[str, Any]:
        flags, detected, variants = values
        return {"false_flags": flags, "detected": detected, "variants": variants,
                "sensitivity": round(detected / variants, 4) if variants else None}
    return {"folds": {date: cell(v) for date, v in row.per_fold.items()},
            "leave_one_out": cell(row.loo), "committed": cell(row.committed)}


# --------------------------------------------------------------------------------------------
# Run
# --------------------------------------------------------------------------------------------


def _lint(variant_paragraphs: list[str], byline: str | None, rubric: Rubric) -> list[LintViolation]:
    """Through the same text path as ``desk lint`` (by-line parsing included), with ``rubric``."""
    paragraphs, parsed_byline = parse_essay_text(essay_text(variant_paragraphs, byline))
    expected = load_desk_config().editorial.byline
    return lint_essay(paragraphs, parsed_byline, rubric=rubric, expected_byline=expected)


def _flags(name: str, violations: Iterable[LintViolation]) -> list[Flag]:
    return [Flag(variant=name, lint_id=v.id, message=v.message) for v in violations]


def _score(variant: Variant, rubric: Rubric, clean_signals: set[str]) -> VariantResult:
    fired = sorted({v.id for v in _lint(variant.paragraphs, variant.byline, rubric)})
    return VariantResult(name=variant.name, expected=variant.expected, fired=fired,
                         detected=set(variant.expected) <= set(fired), pool=variant.pool,
                         signals=sorted(_signal_ids(variant.paragraphs, rubric) - clean_signals))


def run_fold(tested: list[PublishedEssay], training: list[PublishedEssay], rubric: Rubric,
             seed: int, label: str, positions: dict[str, int]) -> FoldReport:
    """Lint ``tested`` essays, their reshapings and corruptions with ``rubric``; the training
    essays donate sentences. ``positions`` (date -> index among all essays) keeps each essay's
    generic paragraph from the rotating pools the same in every fold."""
    params = lint_params(rubric)
    clean, reshaped, results, count = [], [], [], 0
    for essay in tested:
        donors = [e for e in training if e.date != essay.date]
        clean += _flags(essay.date, _lint(essay.paragraphs, essay.byline, rubric))
        reshapings = perturb(essay, donors, params, seed)
        count += len(reshapings)
        for variant in reshapings:
            reshaped += _flags(variant.name, _lint(variant.paragraphs, variant.byline, rubric))
        clean_signals = _signal_ids(essay.paragraphs, rubric)
        results += [_score(v, rubric, clean_signals)
                    for v in corrupt(essay, donors, seed, params, index=positions[essay.date])]
    return FoldReport(held_out=label, fitted=fit_thresholds(rubric, _docs(training)),
                      clean_flags=clean, perturbations=count, perturbation_flags=reshaped,
                      results=results)


def _docs(essays: list[PublishedEssay]) -> list[EssayDocument]:
    return [EssayDocument.build(e.paragraphs, e.byline, e.byline) for e in essays]


def run_sensitivity(seed: int = DEFAULT_SEED, essays: list[PublishedEssay] | None = None,
                    rubric: Rubric | None = None) -> SensitivityReport:
    essays = essays if essays is not None else load_published_essays()
    rubric = rubric or load_rubric()
    positions = {e.date: i for i, e in enumerate(essays)}
    folds = []
    for held in essays:
        training = [e for e in essays if e.date != held.date]
        folds.append(run_fold([held], training, refit(rubric, _docs(training)), seed, held.date,
                              positions))
    committed = run_fold(essays, essays, rubric, seed, COMMITTED, positions)
    return SensitivityReport(rubric_version=rubric.version, seed=seed,
                             clean_essays=[e.date for e in essays], folds=folds,
                             committed=committed,
                             signals=signal_rates(essays, rubric, committed, seed))


def signal_rates(essays: list[PublishedEssay], rubric: Rubric, committed: FoldReport,
                 seed: int) -> list[SignalRate]:
    """How often each signal fires on the generic-prose variants and on house prose."""
    params = lint_params(rubric)
    house = [e.paragraphs for e in essays]
    house += [v.paragraphs for e in essays
              for v in perturb(e, [x for x in essays if x.date != e.date], params, seed)]
    fired_house = [_signal_ids(paragraphs, rubric) for paragraphs in house]
    generic = [r for r in committed.results if r.pool]
    return [SignalRate(signal_id=s.id, generic_fired=sum(s.id in r.signals for r in generic),
                       generic_variants=len(generic),
                       generic_by_pool={pool: (sum(s.id in r.signals for r in generic
                                                   if r.pool == pool),
                                               sum(r.pool == pool for r in generic))
                                        for pool in POOLS},
                       house_fired=sum(s.id in f for f in fired_house), house_variants=len(house))
            for s in rubric.signals]


def _signal_ids(paragraphs: list[str], rubric: Rubric) -> set[str]:
    return {s.id for s in judge_signals(paragraphs, rubric=rubric)}


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def _print_report(report: SensitivityReport) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(REPORT_WIDTH, Console().width))
    table = Table(title=f"Leave-one-out lint calibration, rubric v{report.rubric_version}, "
                        f"seed {report.seed}. Fold = held-out essay; cell = false flags on it "
                        f"and its reshapings | corrupted variants detected")
    table.add_column("lint", no_wrap=True)
    for fold in report.folds:
        table.add_column(fold.held_out, justify="right", no_wrap=True)
    for column in ("LOO sensitivity", "committed: flags | sensitivity"):
        table.add_column(column, justify="right")
    for row in report.rows():
        cells = [f"{f} | {d}/{n}" for f, d, n in row.per_fold.values()]
        table.add_row(row.lint_id, *cells, _rate(row.loo[1], row.loo[2]),
                      f"{row.committed[0]} | {_rate(row.committed[1], row.committed[2])}")
    console.print(table)
    _print_footer(console, report)


def _rate(detected: int, variants: int) -> str:
    return f"{detected}/{variants} ({detected / variants:.0%})" if variants else "-"


def _print_footer(console: Any, report: SensitivityReport) -> None:
    say = lambda text: console.print(text, markup=False, highlight=False, soft_wrap=True)  # noqa: E731
    detected = sum(r.detected for r in report.results)
    reshapes = [f.perturbations for f in report.folds]
    say(f"committed rubric: {detected}/{len(report.results)} corrupted variants detected "
        f"({report.overall_rate:.1%}), {_rate(*report.gate_or_signal_rate())} by a gate or a "
        f"signal; reshapings linted per fold: {reshapes}, all essays: "
        f"{report.committed.perturbations}")
    say("generic paragraphs caught by llm_tells: " + ", ".join(
        f"{pool} {_rate(d, n)}" for pool, (d, n) in report.pool_rates().items())
        + "; by any voice gate: " + ", ".join(
        f"{pool} {_rate(d, n)}" for pool, (d, n) in report.any_gate_rates().items()))
    for s in report.signals:
        pools = ", ".join(f"{pool} {_rate(*s.generic_by_pool[pool])}" for pool in POOLS)
        say(f"signal {s.signal_id} (not a gate): fires on generic paragraphs {pools}; on "
            f"{_rate(s.house_fired, s.house_variants)} house essays and reshapings")
    for fold in [*report.folds, report.committed]:
        say(f"fitted on {'all' if fold.held_out == COMMITTED else 'all but ' + fold.held_out}: "
            + json.dumps(fold.fitted))
    for result in report.results:
        if not result.detected:
            say(f"  missed {result.name}: expected {result.expected}, fired {result.fired}, "
                f"signals {result.signals}")
    for flag in report.false_flags:
        say(f"  FALSE FLAG {flag.lint_id} on {flag.variant}: {flag.message}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.lint_sensitivity", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print the summary as JSON only")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    try:
        report = run_sensitivity(seed=args.seed)
    except DeskError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report.summary(), ensure_ascii=False))
    else:
        _print_report(report)
    return 1 if report.false_flags else 0


if __name__ == "__main__":
    sys.exit(main())
