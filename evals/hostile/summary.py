"""The rates issues 13 and 14 name, computed from per-variant and per-case reports."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from pydantic import BaseModel, Field

from evals.hostile.outcomes import CaseReport, VariantReport


class Tally(BaseModel):
    total: int = 0
    flagged: int = 0
    reached: int = 0
    markup: int = 0
    passed: int = 0


class InjectionSummary(BaseModel):
    injection: Tally
    flagged_rate: float = Field(description="Injection variants whose target is flagged.")
    reached_while_flagged: int = Field(description="Flagged, yet the payload reached the page.")
    by_family: dict[str, Tally]
    by_field: dict[str, Tally]
    markup: Tally
    markup_by_payload: dict[str, Tally]
    benign: Tally
    false_positive_rate: float
    numbers: Tally
    tracebacks: int = Field(description="Variants where any command ended in a traceback.")
    timeouts: int


class BadSummary(BaseModel):
    total: int
    passed: int
    tracebacks: int
    timeouts: int
    matrix: dict[str, dict[str, int]] = Field(description="expected -> outcome -> count")
    by_category: dict[str, Tally]


def _tally(reports: Iterable[VariantReport]) -> Tally:
    tally = Tally()
    for r in reports:
        tally.total += 1
        tally.flagged += r.flagged
        tally.reached += bool(r.reached)
        tally.markup += bool(r.markup)
        tally.passed += r.passed
    return tally


def _grouped(reports: list[VariantReport], key: str) -> dict[str, Tally]:
    groups: dict[str, list[VariantReport]] = defaultdict(list)
    for report in reports:
        groups[getattr(report, key)].append(report)
    return {name: _tally(members) for name, members in groups.items()}


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _ended(report: VariantReport, outcome: str) -> bool:
    return outcome in (report.draft, report.reviewed, report.approve)


def summarize_variants(reports: list[VariantReport]) -> InjectionSummary:
    of = {group: [r for r in reports if r.group == group]
          for group in ("injection", "markup", "benign", "numbers")}
    injection, benign = _tally(of["injection"]), _tally(of["benign"])
    return InjectionSummary(
        injection=injection, flagged_rate=_rate(injection.flagged, injection.total),
        reached_while_flagged=sum(1 for r in of["injection"] if r.flagged and r.reached),
        by_family=_grouped(of["injection"], "family"), by_field=_grouped(of["injection"], "field"),
        markup=_tally(of["markup"]), markup_by_payload=_grouped(of["markup"], "family"),
        benign=benign, false_positive_rate=_rate(benign.flagged, benign.total),
        numbers=_tally(of["numbers"]),
        tracebacks=sum(_ended(r, "traceback") for r in reports),
        timeouts=sum(_ended(r, "timeout") for r in reports),
    )


def summarize_cases(reports: list[CaseReport]) -> BadSummary:
    matrix: dict[str, Counter[str]] = defaultdict(Counter)
    categories: dict[str, Tally] = defaultdict(Tally)
    for report in reports:
        matrix[report.expected][report.outcome] += 1
        categories[report.category].total += 1
        categories[report.category].passed += report.passed
    outcomes = Counter(r.outcome for r in reports)
    return BadSummary(
        total=len(reports), passed=sum(r.passed for r in reports),
        tracebacks=outcomes["traceback"], timeouts=outcomes["timeout"],
        matrix={expected: dict(counts) for expected, counts in matrix.items()},
        by_category=dict(categories),
    )
