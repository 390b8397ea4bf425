"""The perturbation suite's acceptance rates on the archive (issue 6), and its case generators."""

from __future__ import annotations

import random

import pytest

from agent.claims.numbers import extract_quantities, find_match
from agent.paths import ARCHIVE_DIR
from agent.sources.snapshots import archive_days


@pytest.fixture(scope="module")
def report():
    if not archive_days(ARCHIVE_DIR):
        pytest.skip(f"no archive day under {ARCHIVE_DIR} (<date>/snapshot.json) to perturb")
    from evals.claims_perturbation import run_perturbation_suite

    return run_perturbation_suite()


def test_real_claims_are_rarely_unsupported(report):
    real = report.rate("real")
    assert real.cases >= 80
    assert real.rate <= 0.03, [c.text for c in report.real_flagged]


@pytest.mark.parametrize(("family", "minimum_cases", "target"),
                         [("numeric", 100, 0.98), ("entity_swap", 50, 0.90),
                          ("fabricated", 50, 0.90)])
def test_perturbations_are_flagged(report, family, minimum_cases, target):
    rate = report.rate(family)
    assert rate.cases >= minimum_cases
    assert rate.rate >= target, [m.change for m in report.misses if m.family == family]


def test_misses_are_reported_with_what_changed(report):
    assert all(m.change and m.status in {"supported", "not_checkable"} for m in report.misses)


@pytest.mark.parametrize("text", ["$100 billion", "65.3 percent", "15,000", "57.2", "3rd",
                                  "2027", "100x", "$5.63 per 1M tokens"])
def test_every_numeric_variant_escapes_the_rounding_rules(text):
    from evals.claims_perturbation import changed_figures

    original = extract_quantities(text)[0]
    variants = changed_figures(original, random.Random(0))
    assert len(variants) >= 2
    for new_text, _ in variants:
        changed = extract_quantities(new_text)[0]
        assert find_match(changed, [original]) is None, (text, new_text)
