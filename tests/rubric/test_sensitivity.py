"""Leave-one-out calibration: no lint flags a held-out published essay or a plausible reshaping
of it, and the lints still catch what they exist to catch."""

from __future__ import annotations

import json

import pytest

from agent.rubric.lints import lint_essay
from agent.rubric.rubric import load_rubric
from agent.text import word_count
from evals.lint_perturbations import perturb
from evals.lint_sensitivity import COMMITTED, main, run_sensitivity
from evals.lint_variants import CORRUPTIONS, generate_variants, lint_params

# Gates whose every corruption must be caught in every fold. The others trade sensitivity for
# safety on unseen essays, on purpose: llm_tells (bland generic prose is a signal's job),
# hedging ("perhaps" is a watch word) and run_on_sentence (a 1 percent tail limit of 75 words).
STRICT_LINTS = {"byline", "emoji", "exclamation", "first_person", "headings", "hype_words",
                "lists", "money_format", "paragraph_count", "percent_format",
                "rhetorical_questions", "sentence_length_profile", "stock_phrases",
                "topic_sentence", "word_count"}


@pytest.fixture(scope="module")
def report(published_essays):
    return run_sensitivity(essays=published_essays)


def test_no_lint_flags_a_held_out_essay_or_its_reshapings_in_any_fold(report, published_essays):
    assert [fold.held_out for fold in report.folds] == [e.date for e in published_essays]
    assert all(fold.perturbations >= 25 for fold in report.folds)
    assert report.false_flags == []


def test_strict_gates_catch_every_corruption_in_every_fold(report):
    for row in report.rows():
        if row.lint_id in STRICT_LINTS:
            cells = row.per_fold.values()
            assert all(detected == variants > 0 for _, detected, variants in cells), row


def test_every_corruption_is_caught_by_a_gate_or_shown_to_the_critic(report):
    """What the gates give up for safety goes to the critic as a signal, generic prose aside."""
    missed = [r for r in report.results if not r.detected and not r.signals]
    assert all(r.pool or r.expected == ["run_on_sentence"] for r in missed), missed
    caught, total = report.gate_or_signal_rate()
    assert caught / total >= 0.9


def test_the_tell_gate_catches_tell_stacked_prose_and_the_signal_the_bland_kind(report):
    detected, variants = report.pool_rates()["dev"]
    assert detected >= variants / 2
    signal = next(s for s in report.signals if s.signal_id == "generic_prose")
    fired, held_out = signal.generic_by_pool["held_out"]
    assert fired / held_out >= 0.75


def test_every_lint_in_the_rubric_has_sensitivity_variants(report):
    covered = {row.lint_id for row in report.rows() if row.committed[2] > 0}
    assert covered == {rule.id for rule in load_rubric().lints}


def test_folds_refit_the_thresholds_on_the_other_essays(report):
    assert report.committed.held_out == COMMITTED
    assert any(fold.fitted != report.committed.fitted for fold in report.folds)


def test_variants_are_deterministic_for_a_seed(published_essays):
    first = generate_variants(published_essays, seed=7)
    assert first == generate_variants(published_essays, seed=7)
    assert len(first) == len(CORRUPTIONS) * len(published_essays)
    assert first != generate_variants(published_essays, seed=8)


def test_every_corruption_and_reshaping_changes_the_essay(published_essays):
    originals = {e.date: (e.paragraphs, e.byline) for e in published_essays}
    params = lint_params()
    reshaped = [v for e in published_essays for v in perturb(e, published_essays, params)]
    for variant in [*generate_variants(published_essays), *reshaped]:
        assert (variant.paragraphs, variant.byline) != originals[variant.date], variant.name


def test_reshapings_stay_legal_essays(published_essays):
    params = lint_params()
    for essay in published_essays:
        for variant in perturb(essay, published_essays, params):
            words = sum(word_count(p) for p in variant.paragraphs)
            assert 1 <= len(variant.paragraphs) <= 5, variant.name
            assert words <= params["word_count"]["max_words"], variant.name


def test_spans_are_verbatim_text_of_their_paragraph(published_essays):
    for variant in generate_variants(published_essays[:1]):
        for violation in lint_essay(variant.paragraphs, variant.byline):
            if violation.paragraph is not None:
                assert violation.span in variant.paragraphs[violation.paragraph], violation


def test_command_prints_the_leave_one_out_table_and_exits_0(capsys, monkeypatch, report,
                                                            published_essays):
    monkeypatch.setattr("evals.lint_sensitivity.run_sensitivity", lambda seed: report)
    assert main([]) == 0
    assert "held-out essay" in capsys.readouterr().out
    assert main(["--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert set(summary["lints"]["topic_sentence"]["folds"]) == {e.date for e in published_essays}
    assert summary["false_flags"] == []
