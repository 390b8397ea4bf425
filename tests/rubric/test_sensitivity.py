"""The lints catch what they exist to catch: seeded corruptions of the published essays."""

from __future__ import annotations

import pytest

from agent.rubric.rubric import load_rubric
from evals.lint_sensitivity import CORRUPTIONS, generate_variants, run_sensitivity


@pytest.fixture(scope="module")
def report(published_essays):
    return run_sensitivity(essays=published_essays)


def test_detection_rate_is_at_least_95_percent_with_no_false_flags(report):
    assert len(report.results) >= 40
    assert report.false_flags == []
    assert report.overall_rate >= 0.95, report.summary()["missed"]


def test_every_dev_variant_is_detected(report):
    """Only held-out generic paragraphs may slip through (they measure generalisation)."""
    missed = [r.name for r in report.results if not r.detected and not r.held_out]
    assert missed == []


def test_every_lint_in_the_rubric_has_sensitivity_variants(report):
    covered = {rate.lint_id for rate in report.per_lint if rate.variants > 0}
    assert covered == {rule.id for rule in load_rubric().lints}


def test_variants_are_deterministic_for_a_seed(published_essays):
    first = generate_variants(published_essays, seed=7)
    assert first == generate_variants(published_essays, seed=7)
    assert len(first) == len(CORRUPTIONS) * len(published_essays)
    assert first != generate_variants(published_essays, seed=8)


def test_every_corruption_changes_the_essay(published_essays):
    originals = {e.date: (e.paragraphs, e.byline) for e in published_essays}
    for variant in generate_variants(published_essays):
        assert (variant.paragraphs, variant.byline) != originals[variant.date], variant.name


def test_spans_are_verbatim_text_of_their_paragraph(published_essays):
    from agent.rubric.lints import lint_essay

    for variant in generate_variants(published_essays[:1]):
        for violation in lint_essay(variant.paragraphs, variant.byline):
            if violation.paragraph is not None:
                assert violation.span in variant.paragraphs[violation.paragraph], violation
