"""What an eval run shows: the terminal table (rich), results.json, summary.md, the strip plot
(scores.png, matplotlib Agg, gold band shaded) and the comparison with the previous run."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError
from rich import box
from rich.console import Console
from rich.table import Table

from evals.metrics.base import CONTROLS, SYSTEM_ORDER, SystemName
from evals.metrics.gates import GATE_NAMES
from evals.metrics.results import (
    PASS_FRACTION,
    Comparison,
    EvalResults,
    MetricSummary,
    Regression,
    SystemStats,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

RESULTS_FILE = "results.json"
SUMMARY_FILE = "summary.md"
PLOT_FILE = "scores.png"
REGRESSION_ABS = 0.01
REGRESSION_REL = 0.02
"""A mean counts as a regression when it worsens by more than max(ABS, REL * |previous|)."""
_STYLE = {"pass": "green", "fail": "red", "trend": "cyan", "diagnostic": "dim",
          "contract": "magenta", "skipped": "yellow"}


def fmt(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def systems_in(results: EvalResults) -> list[SystemName]:
    present = {s for day in results.days for s in day.systems}
    return [s for s in SYSTEM_ORDER if s in present]


def label(system: str, results: EvalResults) -> str:
    return f"{system} (SUT)" if system == results.system_under_test else system


# -- terminal --------------------------------------------------------------------------------


def print_report(results: EvalResults, console: Console, run_dir: Path) -> None:
    console.print(metrics_table(results))
    console.print(validity_table(results))
    for verdict, names in verdict_groups(results).items():
        console.print(f"[{_STYLE[verdict]}]{verdict}[/]: {', '.join(names) or 'none'}")
    console.print(gates_table(results))
    if results.comparison is not None:
        console.print(comparison_text(results.comparison))
    for line in results.tier0_failures:
        console.print(f"[red]tier-0 failure:[/] {line}")
    judge = results.judge
    console.print(f"judge: {judge.calls} calls, {judge.cache_hits} cached, {judge.skipped} skipped "
                  f"(no key)  ·  {len(results.days)} days in {results.elapsed_s:.1f}s  ·  "
                  f"{run_dir}")


def metrics_table(results: EvalResults) -> Table:
    systems = systems_in(results)
    table = Table(title=f"Eval {results.run_id}: mean over {len(results.days)} days",
                  caption="↑ higher is better, ↓ lower; * system under test; "
                          "gold band = min–max of the gold issues; ref: gold = against the "
                          "day's published issue (gold wins it trivially), house = the other "
                          "published issues (leave-one-out), free = reference-free",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("metric", no_wrap=True)
    table.add_column("ref", no_wrap=True)
    for system in systems:
        header = short_label(system, results)
        table.add_column(header, justify="right", min_width=len(header))
    table.add_column("gold band", justify="right", no_wrap=True)
    for name, summary in results.metrics.items():
        arrow = "↑" if summary.spec.higher_is_better else "↓"
        means = [fmt(summary.by_system[s].mean, 2) if s in summary.by_system else "—"
                 for s in systems]
        table.add_row(f"{name} {arrow}", summary.spec.reference, *means, band_text(summary, 2))
    return table


def short_label(system: str, results: EvalResults) -> str:
    return f"{system}*" if system == results.system_under_test else system


def band_text(summary: MetricSummary, digits: int = 3) -> str:
    band = summary.gold_band
    return "—" if band is None else f"{band[0]:.{digits}f}–{band[1]:.{digits}f}"


def validity_table(results: EvalResults) -> Table:
    table = Table(title="Validity: share of days gold ranks strictly above each control",
                  caption=f"* required: a metric passes at ≥ {PASS_FRACTION:.2f} on every "
                          "required control", box=box.SIMPLE_HEAD)
    table.add_column("metric", no_wrap=True)
    for control in CONTROLS:
        table.add_column(control, justify="right")
    table.add_column("verdict")
    for name, summary in results.metrics.items():
        if summary.spec.diagnostic:
            continue
        cells = [fmt(summary.validity.get(c), 2) + ("*" if c in summary.spec.must_beat else " ")
                 for c in CONTROLS]
        table.add_row(name, *cells, f"[{_STYLE[summary.verdict]}]{summary.verdict}[/]")
    return table


def gates_table(results: EvalResults) -> Table:
    systems = systems_in(results)
    table = Table(title="Tier 0 gates: days passed / days applicable", box=box.SIMPLE_HEAD,
                  caption="* system under test: any failure exits 1")
    table.add_column("gate", no_wrap=True)
    for system in systems:
        table.add_column(short_label(system, results), justify="right")
    for gate in GATE_NAMES:
        table.add_row(gate, *[gate_cell(results, system, gate) for system in systems])
    return table


def gate_counts(results: EvalResults, system: str, gate: str) -> tuple[int, int]:
    outcomes = [g.passed for day in results.days if system in day.systems
                for g in day.systems[system].gates if g.name == gate and g.passed is not None]
    return sum(outcomes), len(outcomes)


def gate_cell(results: EvalResults, system: str, gate: str) -> str:
    passed, applicable = gate_counts(results, system, gate)
    if not applicable:
        return "n/a"
    colour = "green" if passed == applicable else "red"
    return f"[{colour}]{passed}/{applicable}[/]"


def comparison_text(comparison: Comparison) -> str:
    if not comparison.regressions:
        return f"No regressions against the previous run {comparison.previous_run}."
    lines = [f"[red]Regressions against {comparison.previous_run}:[/]"]
    lines += [f"  {regression_line(r)}" for r in comparison.regressions]
    return "\n".join(lines)


def regression_line(r: Regression) -> str:
    return f"{r.kind} {r.name} ({r.system}): {fmt(r.previous)} -> {fmt(r.current)}"


# -- files -----------------------------------------------------------------------------------


def write_outputs(results: EvalResults, run_dir: Path) -> None:
    (run_dir / RESULTS_FILE).write_text(results.model_dump_json(indent=2) + "\n", "utf-8")
    (run_dir / SUMMARY_FILE).write_text(summary_markdown(results), "utf-8")
    write_plot(results, run_dir / PLOT_FILE)


def summary_markdown(results: EvalResults) -> str:
    systems = systems_in(results)
    lines = [f"# Eval {results.run_id}", "",
             f"Archive `{results.archive}`, {len(results.days)} days, system under test: "
             f"**{results.system_under_test}**, {results.elapsed_s:.1f}s.", "",
             "## Scores (mean over days)", "",
             "ref: **gold** compares with the day's published issue (the gold row wins it "
             "trivially), **house** with the other published issues (leave-one-out: never the "
             "day under test), **free** with nothing (reference-free).", "",
             "| metric | ref | " + " | ".join(label(s, results) for s in systems)
             + " | gold band | verdict |",
             "|---|---|" + "---:|" * len(systems) + "---:|---|"]
    for name, s in results.metrics.items():
        arrow = "↑" if s.spec.higher_is_better else "↓"
        cells = [fmt(s.by_system[x].mean) if x in s.by_system else "—" for x in systems]
        lines.append(f"| {name} {arrow} | {s.spec.reference} | " + " | ".join(cells)
                     + f" | {band_text(s)} | {s.verdict} |")
    lines += validity_markdown(results) + gates_markdown(results, systems)
    lines += comparison_markdown(results.comparison)
    return "\n".join(lines) + "\n"


def validity_markdown(results: EvalResults) -> list[str]:
    lines = ["", "## Validity", "",
             f"Share of days on which gold ranks strictly above each control (* = required; "
             f"a metric passes at ≥ {PASS_FRACTION:.2f} on every required control).", "",
             "| metric | " + " | ".join(CONTROLS) + " | verdict |",
             "|---|" + "---:|" * len(CONTROLS) + "---|"]
    for name, s in results.metrics.items():
        if s.spec.diagnostic:
            continue
        cells = [fmt(s.validity.get(c), 2) + ("*" if c in s.spec.must_beat else "")
                 for c in CONTROLS]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {s.verdict}: {s.reason} |")
    lines += ["", *(f"- **{v}**: {', '.join(names) or 'none'}"
                    for v, names in verdict_groups(results).items())]
    order = [n for n, s in results.metrics.items()
             if (s.validity.get("shuffled") or 0.0) >= PASS_FRACTION]
    lines += [f"- **order-sensitive** (gold above shuffled on ≥ {PASS_FRACTION:.2f} of days): "
              f"{', '.join(order) or 'none'}", "", *READING_NOTES]
    return lines


READING_NOTES = (
    "How to read it: grounding metrics need only beat the wrong-day control (the baseline is "
    "extractive, so it is grounded by construction and gold, which brings outside context, "
    "cannot beat it); for coverage the gold row is the issue scored against itself, i.e. the "
    "ceiling; voice metrics must separate the house from the baseline and are expected *not* to "
    "move on another day's issue; only order-sensitive metrics (ROUGE-L, the LLM judges) can "
    "see the paragraph shuffle.",
)


def verdict_groups(results: EvalResults) -> dict[str, list[str]]:
    return {verdict: [n for n, s in results.metrics.items() if s.verdict == verdict]
            for verdict in ("pass", "fail", "trend", "skipped")}


def gates_markdown(results: EvalResults, systems: list[SystemName]) -> list[str]:
    lines = ["", "## Tier 0 gates (days passed / applicable)", "",
             "| gate | " + " | ".join(label(s, results) for s in systems) + " |",
             "|---|" + "---:|" * len(systems)]
    for gate in GATE_NAMES:
        cells = []
        for system in systems:
            passed, applicable = gate_counts(results, system, gate)
            cells.append(f"{passed}/{applicable}" if applicable else "n/a")
        lines.append(f"| {gate} | " + " | ".join(cells) + " |")
    lines += ["", *(f"- tier-0 failure: {line}" for line in results.tier0_failures)]
    return lines


def comparison_markdown(comparison: Comparison | None) -> list[str]:
    if comparison is None:
        return ["", "## Comparison", "", "No previous run in this directory."]
    lines = ["", f"## Comparison with {comparison.previous_run}", ""]
    if not comparison.regressions:
        return [*lines, "No regressions."]
    return [*lines, *(f"- **REGRESSION** {regression_line(r)}" for r in comparison.regressions)]


def write_plot(results: EvalResults, path: Path) -> None:
    """One strip plot per metric: each day's value per system, the gold band shaded."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(results.metrics)
    systems = systems_in(results)
    cols = 4
    rows = math.ceil(len(names) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4 * cols, 2.6 * rows), squeeze=False)
    for ax, name in zip(axes.flat, names, strict=False):
        strip(ax, results, name, systems)
    for ax in list(axes.flat)[len(names):]:
        ax.set_visible(False)
    fig.suptitle(f"Eval {results.run_id} (system under test: {results.system_under_test})")
    fig.subplots_adjust(left=0.04, right=0.99, bottom=0.06, top=0.93, hspace=0.7, wspace=0.25)
    fig.savefig(path, dpi=90)
    plt.close(fig)


def strip(ax: Axes, results: EvalResults, name: str, systems: list[SystemName]) -> None:
    summary = results.metrics[name]
    shade_band(ax, summary.gold_band)
    for x, system in enumerate(systems):
        values = [day.systems[system].metrics.get(name) for day in results.days
                  if system in day.systems]
        points = [(x + 0.08 * (i - (len(values) - 1) / 2), v) for i, v in enumerate(values)
                  if v is not None]
        if points:
            xs, ys = zip(*points, strict=True)
            ax.scatter(xs, ys, s=16, color="black" if system == "gold" else f"C{x}")
    if summary.verdict == "skipped":
        ax.text(0.5, 0.5, "skipped: no key, no cached verdicts", ha="center", va="center",
                transform=ax.transAxes, fontsize=8, color="grey")
    ax.set_xticks(range(len(systems)), systems, rotation=30, fontsize=7)
    ax.set_title(f"{name} ({summary.verdict})", fontsize=9)
    ax.tick_params(axis="y", labelsize=7)


def shade_band(ax: Axes, band: tuple[float, float] | None) -> None:
    """The gold band: a shaded span, or a thick line when every gold day scores the same."""
    if band is None:
        return
    if band[1] - band[0] > 1e-9:
        ax.axhspan(*band, color="gold", alpha=0.3, lw=0)
    else:
        ax.axhline(band[0], color="gold", alpha=0.6, lw=4)


# -- comparison ------------------------------------------------------------------------------


def load_previous(runs_dir: Path, *, exclude: Path) -> EvalResults | None:
    """The newest earlier run in ``runs_dir`` whose results.json this version can read."""
    candidates = sorted((p for p in runs_dir.glob(f"*/{RESULTS_FILE}") if p.parent != exclude),
                        reverse=True)
    for path in candidates:
        try:
            return EvalResults.model_validate_json(path.read_text("utf-8"))
        except ValidationError:
            continue  # written by an older, incompatible version: compare with the next one
    return None


def worse_by(summary: MetricSummary, previous: float, current: float) -> bool:
    change = current - previous if summary.spec.higher_is_better else previous - current
    return change < -max(REGRESSION_ABS, REGRESSION_REL * abs(previous))


def compare(previous: EvalResults, current: EvalResults) -> Comparison:
    """Mean deltas per metric and system; regressions of the system under test marked."""
    sut = current.system_under_test
    deltas: dict[str, dict[str, float | None]] = {}
    regressions: list[Regression] = []
    for name, summary in current.metrics.items():
        before = previous.metrics.get(name)
        if before is None:
            continue
        deltas[name] = {system: mean_delta(before.by_system.get(system), stats)
                        for system, stats in summary.by_system.items()}
        old, new = before.by_system.get(sut), summary.by_system.get(sut)
        if (old is not None and new is not None and old.mean is not None and new.mean is not None
                and not summary.spec.diagnostic and worse_by(summary, old.mean, new.mean)):
            regressions.append(Regression(kind="metric", name=name, system=sut,
                                          previous=old.mean, current=new.mean))
    regressions += gate_regressions(previous, current, sut)
    return Comparison(previous_run=previous.run_id, deltas=deltas, regressions=regressions)


def mean_delta(old: SystemStats | None, new: SystemStats) -> float | None:
    if old is None or old.mean is None or new.mean is None:
        return None
    return new.mean - old.mean


def gate_regressions(previous: EvalResults, current: EvalResults, system: str) -> list[Regression]:
    found = []
    for gate in GATE_NAMES:
        old_passed, old_total = gate_counts(previous, system, gate)
        new_passed, new_total = gate_counts(current, system, gate)
        if old_total and new_total and new_passed / new_total < old_passed / old_total:
            found.append(Regression(kind="gate", name=gate, system=system,
                                    previous=old_passed / old_total,
                                    current=new_passed / new_total))
    return found
