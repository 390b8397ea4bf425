"""Validity: the share of days gold ranks strictly above a control, and the verdict it implies."""

from __future__ import annotations

import datetime as dt

from evals.metrics.base import MetricSpec
from evals.metrics.results import (
    CandidateResult,
    DayResult,
    summarise,
    validity_fraction,
    verdict_for,
)

HIGHER = MetricSpec(name="m", family="coverage", reference="gold", tier=1, higher_is_better=True,
                    must_beat=("baseline",), description="")
LOWER = HIGHER.model_copy(update={"higher_is_better": False})


def day(n: int, **values: float | None) -> DayResult:
    systems = {system: CandidateResult(system=system, text_date=dt.date(2026, 4, n),
                                       metrics={"m": value}, gates=[])
               for system, value in values.items()}
    return DayResult(date=dt.date(2026, 4, n), wrong_day_source=None, systems=systems)


def test_fraction_counts_strict_wins_in_the_metrics_direction():
    days = [day(1, gold=0.9, baseline=0.5), day(2, gold=0.5, baseline=0.5),
            day(3, gold=0.2, baseline=0.4), day(4, gold=None, baseline=0.1)]
    assert validity_fraction(HIGHER, days, "baseline") == 1 / 3  # tie and loss do not count
    assert validity_fraction(LOWER, days, "baseline") == 1 / 3
    assert validity_fraction(HIGHER, days, "wrong_day") is None


def test_verdicts():
    assert verdict_for(HIGHER, {"baseline": 0.75})[0] == "pass"
    verdict, reason = verdict_for(HIGHER, {"baseline": 0.5, "wrong_day": 1.0})
    assert verdict == "fail" and "baseline 0.50" in reason
    assert verdict_for(HIGHER, {"baseline": None})[0] == "skipped"
    trend = HIGHER.model_copy(update={"trend_only": True})
    assert verdict_for(trend, {"baseline": 1.0})[0] == "trend"
    diagnostic = HIGHER.model_copy(update={"diagnostic": True})
    assert verdict_for(diagnostic, {"baseline": 1.0})[0] == "diagnostic"


def test_summary_band_and_system_means():
    days = [day(1, gold=0.9, baseline=0.5), day(2, gold=0.7, baseline=0.6)]
    summary = summarise([HIGHER], days)["m"]
    assert summary.gold_band == (0.7, 0.9)
    assert abs(summary.by_system["baseline"].mean - 0.55) < 1e-12
    assert summary.validity["baseline"] == 1.0 and summary.verdict == "pass"
    assert list(summary.by_system) == ["baseline", "gold"]
