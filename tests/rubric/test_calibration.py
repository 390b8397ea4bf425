"""Calibration: the rubric's lints pass every published lead essay (a lint that flags a
published issue is wrong), through both entry points the desk uses."""

from __future__ import annotations

from agent.rubric.lints import lint_essay, lint_text
from evals.lint_sensitivity import essay_text


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
