"""Calibration: the rubric's lints pass every published lead essay (a lint that flags a
published issue is wrong), through both entry points the desk uses."""

from __future__ import annotations

import statistics

import pytest

from agent.rubric.calibration import (
    FITTERS, CalibrationError, fit_thresholds, fit_topic_figures, refit,
)
from agent.rubric.document import EssayDocument
from agent.rubric.lints import lint_essay, lint_text
from agent.rubric.rubric import load_rubric
from agent.rubric.signals import judge_signals
from evals.published_essays import essay_text


def test_published_essays_pass_every_lint_as_text(published_essays):
    assert len(published_essays) >= 4
    flagged = {e.date: lint_text(essay_text(e.paragraphs, e.byline)) for e in published_essays}
    assert flagged == {e.date: [] for e in published_essays}


def test_published_essays_pass_every_lint_as_paragraphs(published_essays):
    flagged = {e.date: lint_essay(e.paragraphs, e.byline) for e in published_essays}
    assert flagged == {e.date: [] for e in published_essays}


def test_published_essays_fail_only_the_byline_when_it_is_missing(published_essays):
    for essay in published_essays:
        ids = {v.id for v in lint_text(essay_text(essay.paragraphs, None))}
        assert ids == {"byline"}, essay.date


def _docs(essays):
    return [EssayDocument.build(e.paragraphs, e.byline, e.byline) for e in essays]


def test_committed_thresholds_are_the_fit_on_the_published_essays(published_essays):
    """prompts/rubric.toml holds what agent/rubric/calibration.py fits on every published essay;
    when the archive grows, refit and commit the new values (python -m evals.lint_sensitivity
    prints them)."""
    rubric = load_rubric()
    for lint_id, fitted in fit_thresholds(rubric, _docs(published_essays)).items():
        committed = {key: rubric.lint(lint_id).params[key] for key in fitted}
        assert committed == fitted, lint_id


def test_refit_changes_only_the_fitted_thresholds(published_essays):
    rubric, training = load_rubric(), _docs(published_essays[1:])
    fitted = fit_thresholds(rubric, training)
    assert set(fitted) == set(FITTERS)
    for before, after in zip(rubric.lints, refit(rubric, training).lints):
        assert (after.id, after.message) == (before.id, before.message)
        assert after.params == {**before.params, **fitted.get(before.id, {})}


def test_fits_are_conservative_margins_around_the_house(published_essays):
    docs = _docs(published_essays)
    rubric = load_rubric()
    lengths = [s.words for d in docs for s in d.sentences]
    profile = fit_thresholds(rubric, docs)["sentence_length_profile"]
    means = [statistics.fmean([s.words for s in d.sentences]) for d in docs]
    assert profile["min_mean"] < min(means) - 3 and profile["max_mean"] > max(means) + 5
    assert fit_thresholds(rubric, docs)["run_on_sentence"]["max_words"] > max(lengths) + 10


def test_a_fit_without_the_feature_it_measures_is_a_typed_error():
    doc = EssayDocument.build(["The constraint is silicon. Power is next."], "Grant Calloway",
                              "Grant Calloway")
    params = load_rubric().lint("topic_sentence").params
    with pytest.raises(CalibrationError, match="3 figures"):
        fit_topic_figures([doc], params, load_rubric())


def test_published_essays_fire_no_signal(published_essays):
    for essay in published_essays:
        assert judge_signals(essay.paragraphs) == [], essay.date
