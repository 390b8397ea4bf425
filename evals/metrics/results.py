"""The eval run's results as pydantic models, and the validity analysis over them.

Validity (evals notes): for each metric and control, the fraction of days on which the gold issue
ranks strictly above the control (ties do not count). A metric *passes* when that fraction is at
least ``PASS_FRACTION`` for every control in its ``must_beat`` list.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import Field

from evals.metrics.base import (
    CONTROLS,
    SYSTEM_ORDER,
    ControlName,
    Frozen,
    MetricSpec,
    SystemName,
)
from evals.metrics.gates import GateResult
from evals.metrics.judges import JudgeStats

PASS_FRACTION = 0.75
TIE_TOLERANCE = 1e-9
Verdict = Literal["pass", "fail", "trend", "diagnostic", "contract", "skipped"]


class CandidateResult(Frozen):
    system: SystemName
    text_date: dt.date
    metrics: dict[str, float | None]
    gates: list[GateResult]


class ReplayFailure(Frozen):
    """A graph replay that raised: recorded, shown, and a tier-0 failure of that system."""

    date: dt.date
    system: SystemName
    error_type: str
    message: str


class DayResult(Frozen):
    date: dt.date
    wrong_day_source: dt.date | None
    systems: dict[str, CandidateResult]
    replay_failures: list[ReplayFailure] = Field(default_factory=list)


class SystemStats(Frozen):
    mean: float | None
    min: float | None
    max: float | None
    n: int


class MetricSummary(Frozen):
    spec: MetricSpec
    by_system: dict[str, SystemStats]
    gold_band: tuple[float, float] | None
    validity: dict[str, float | None]
    verdict: Verdict
    reason: str


class Regression(Frozen):
    kind: Literal["metric", "gate"]
    name: str
    system: str
    previous: float | None
    current: float | None


class Comparison(Frozen):
    previous_run: str
    deltas: dict[str, dict[str, float | None]] = Field(
        description="metric -> system -> current mean minus previous mean.")
    regressions: list[Regression]


class EvalResults(Frozen):
    run_id: str
    started_at: dt.datetime
    archive: str
    system_under_test: SystemName
    elapsed_s: float
    days: list[DayResult]
    metrics: dict[str, MetricSummary]
    validity: dict[str, dict[str, float | None]]
    tier0_failures: list[str] = Field(description="System-under-test gate failures, one line each.")
    judge: JudgeStats
    comparison: Comparison | None = None

    def json_payload(self) -> dict[str, Any]:
        """What ``desk eval --json`` prints: exactly days, metrics, validity."""
        full = self.model_dump(mode="json")
        return {"days": full["days"], "metrics": full["metrics"], "validity": full["validity"]}


def gold_ranks_above(spec: MetricSpec, gold: float, control: float) -> bool:
    if spec.higher_is_better:
        return gold > control + TIE_TOLERANCE
    return gold < control - TIE_TOLERANCE


def validity_fraction(spec: MetricSpec, days: Sequence[DayResult],
                      control: ControlName) -> float | None:
    wins = []
    for day in days:
        gold, other = day.systems.get("gold"), day.systems.get(control)
        if gold is None or other is None:
            continue
        a, b = gold.metrics.get(spec.name), other.metrics.get(spec.name)
        if a is not None and b is not None:
            wins.append(gold_ranks_above(spec, a, b))
    return sum(wins) / len(wins) if wins else None


def system_stats(values: Sequence[float | None]) -> SystemStats:
    present = [v for v in values if v is not None]
    if not present:
        return SystemStats(mean=None, min=None, max=None, n=0)
    return SystemStats(mean=statistics.fmean(present), min=min(present), max=max(present),
                       n=len(present))


def verdict_for(spec: MetricSpec, validity: dict[str, float | None]) -> tuple[Verdict, str]:
    if spec.diagnostic:
        return "diagnostic", "describes the judge, not the draft"
    if not spec.must_beat:
        return "contract", "a count every draft must keep at its target; no control to separate"
    required = {c: validity.get(c) for c in spec.must_beat}
    measured = {c: f for c, f in required.items() if f is not None}
    if not measured:
        return "skipped", "no comparable values (judge skipped or control missing)"
    short = [f"{c} {f:.2f}" for c, f in measured.items() if f < PASS_FRACTION]
    if spec.trend_only:
        return "trend", "trend line only; " + ("separates its controls" if not short
                                                else "does not separate " + ", ".join(short))
    if short:
        return "fail", "gold not above " + ", ".join(short)
    missing = [c for c, f in required.items() if f is None]
    note = f" ({', '.join(missing)} not measured)" if missing else ""
    return "pass", "gold above " + ", ".join(measured) + note


def summarise(specs: Sequence[MetricSpec], days: Sequence[DayResult]) -> dict[str, MetricSummary]:
    summaries = {}
    for spec in specs:
        by_system: dict[str, SystemStats] = {}
        for system in [s for s in SYSTEM_ORDER if any(s in day.systems for day in days)]:
            by_system[system] = system_stats(
                [day.systems[system].metrics.get(spec.name)
                 for day in days if system in day.systems])
        gold = by_system.get("gold")
        band = ((gold.min, gold.max)
                if gold and gold.min is not None and gold.max is not None else None)
        validity: dict[str, float | None] = {c: validity_fraction(spec, days, c) for c in CONTROLS}
        verdict, reason = verdict_for(spec, validity)
        summaries[spec.name] = MetricSummary(spec=spec, by_system=by_system, gold_band=band,
                                             validity=validity, verdict=verdict, reason=reason)
    return summaries
