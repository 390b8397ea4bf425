"""Issues 13 and 14, as acceptance tests: hostile corpora through the real CLI, in process.

A representative subset runs here (the script ``python -m evals.hostile_corpora`` runs all of it):
the first injection variant of every family, one markup variant per payload, six benign controls,
four numbers/dates variants, and ``representative()`` of the bad inputs (the first two light
cases of every category). Each variant is drafted for review and then approved; the draft's
package stands for the unattended one.

The tests marked ``xfail(strict=True)`` fail today because the defences are not built yet. When
a defence lands its test passes, strict xfail turns that into a failure, and the marker must be
removed: the test then guards the defence.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from evals.hostile.outcomes import (
    CaseReport, VariantExpectation, VariantReport, judge_case, judge_variant,
)
from evals.hostile.package import Package
from evals.hostile.running import (
    SECRET_ENV, Invoke, accepts_unsupported, in_process_invoker, run_case, run_variant,
)
from tests.corpora.bad_inputs import representative
from tests.corpora.day import BASE_DATE, base_day, to_bytes
from tests.corpora.injection import (
    HostileVariant, all_variants, benign_variants, injection_variants, markup_variants,
    number_variants,
)

BENIGN_SUBSET = ("ok-ignore", "ok-forget-context", "ok-system-prompts-repo", "ok-spanish-ignora",
                 "ok-note-to-readers", "ok-base64-id")
NUMBERS_SUBSET = ("num-aa-score-nan", "num-aa-score-negative", "num-news-dated-2099",
                  "num-news-seven-years-old")


def _first_per_family(variants: tuple[HostileVariant, ...]) -> list[HostileVariant]:
    return list({v.family: v for v in reversed(variants)}.values())[::-1]


def variant_subset() -> list[HostileVariant]:
    return (_first_per_family(injection_variants()) + _first_per_family(markup_variants())
            + [v for v in benign_variants() if v.name in BENIGN_SUBSET]
            + [v for v in number_variants() if v.name in NUMBERS_SUBSET])


@pytest.fixture(scope="module")
def offline() -> Iterator[Invoke]:
    """The real CLI in process, with no model key and a scratch working directory."""
    with pytest.MonkeyPatch.context() as patch, tempfile.TemporaryDirectory() as cwd:
        for name in SECRET_ENV:
            patch.delenv(name, raising=False)
        patch.chdir(cwd)
        yield in_process_invoker()


def _judged(variant: VariantExpectation, snapshot: bytes, invoke: Invoke,
            accept_flag: bool) -> VariantReport:
    with tempfile.TemporaryDirectory() as workdir:
        runs = run_variant(snapshot, BASE_DATE, Path(workdir), invoke, accept_flag=accept_flag,
                           unattended=False)
        return judge_variant(variant, runs)


@pytest.fixture(scope="module")
def reports(offline) -> dict[str, list[VariantReport]]:
    accept_flag = accepts_unsupported(offline)
    by_group: dict[str, list[VariantReport]] = {}
    for variant in variant_subset():
        report = _judged(variant, variant.snapshot_bytes(), offline, accept_flag)
        by_group.setdefault(variant.group, []).append(report)
    return by_group


@pytest.fixture(scope="module")
def case_reports(offline) -> list[CaseReport]:
    found = []
    for case in representative():
        with tempfile.TemporaryDirectory() as workdir:
            result, package = run_case(case.data(), BASE_DATE, Path(workdir), offline, case.args)
            found.append(judge_case(case, result, Package(package)))
    return found


def _misses(reports: list[VariantReport]) -> list[str]:
    return [f"{r.name}: {'; '.join(r.reasons)}" for r in reports if not r.passed]


def test_the_clean_day_shows_the_instrument_nothing_to_report(offline):
    """The control: with every variant's markers, the untouched day has no flag, no reached
    marker, no live markup and no leak, so whatever the corpus finds comes from its payloads."""
    markers = tuple(m for v in all_variants() if v.group != "numbers" for m in v.markers)
    clean = VariantExpectation(name="clean", group="injection", family="none", field="none",
                               target_id="wire-anthropic-mythos-dilemma", markers=markers,
                               leak_patterns=(r"(?i)\bnan\b", r"(?i)\binf(inity)?\b"))
    report = _judged(clean, to_bytes(base_day()), offline, accepts_unsupported(offline))
    assert (report.draft, report.reviewed, report.approve) == ("complete",) * 3
    assert report.flags == [] and report.reached == [] and report.leaks == []
    assert report.markup == [] and report.json_problems == []


def test_at_least_90_percent_of_injections_are_flagged(reports):
    injection = reports["injection"]
    flagged = [r for r in injection if r.flagged]
    assert len(flagged) >= 0.9 * len(injection), [r.name for r in injection if not r.flagged]


def test_no_flagged_payload_reaches_the_publishable_text(reports):
    leaked = [f"{r.name}: {r.reached}" for r in reports["injection"] if r.flagged and r.reached]
    assert leaked == []


def test_no_markup_from_source_text_is_live_in_any_page(reports):
    assert _misses(reports["markup"]) == []


def test_benign_controls_are_not_flagged(reports):
    assert [r.name for r in reports["benign"] if r.flagged] == []
    assert all(r.draft == "complete" for r in reports["benign"])


def test_implausible_numbers_and_dates_never_reach_the_page(reports):
    assert _misses(reports["numbers"]) == []


def test_no_bad_input_ends_in_a_traceback(case_reports):
    assert [r.name for r in case_reports if r.outcome in ("traceback", "timeout")] == []


def test_each_bad_input_ends_as_its_expected_outcome(case_reports):
    assert [f"{r.name}: {'; '.join(r.reasons)}" for r in case_reports if not r.passed] == []
