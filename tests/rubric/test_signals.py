"""Signals: deterministic measurements the critic sees in its prompt, never gates."""

from __future__ import annotations

from agent.llm.prompting import render
from agent.rubric.signals import NO_SIGNALS, JudgeSignal, judge_signals, signals_text
from evals.lint_variants import GENERIC_DEV

from .helpers import THESIS


def test_signals_text_numbers_paragraphs_from_1_and_says_when_none_fired():
    signals = judge_signals([THESIS, GENERIC_DEV[1], "Perhaps the grid is the constraint."])
    text = signals_text(signals)
    assert "- [generic_prose] paragraph 2: Paragraph may read as generic prose" in text
    assert "- [watch_words] paragraph 3: " in text and "'Perhaps'" in text
    assert signals_text([]) == NO_SIGNALS


def test_a_document_signal_has_no_paragraph_number():
    text = signals_text([JudgeSignal(id="x", message="whole essay")])
    assert text == "- [x] whole essay"


def test_the_critique_prompt_shows_the_signals_when_given():
    signals = signals_text(judge_signals([THESIS, GENERIC_DEV[1]]))
    with_signals = render("critique.md", essay="E", recent="(none)", signals=signals)
    assert "Deterministic signals" in with_signals and "[generic_prose]" in with_signals
    without = render("critique.md", essay="E", recent="(none)")
    assert "Deterministic signals" not in without
    assert "each exactly once" in without
