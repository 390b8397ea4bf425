"""Eval hygiene: the day under test is never part of its own voice reference, every metric says
what it compares with (the day's gold, the other published issues, or nothing), and the
structure metrics see what they exist for."""

from __future__ import annotations

import dataclasses

import pytest

from evals import controls, report
from evals.metrics import ALL_SPECS, division, voice
from evals.metrics.base import Candidate
from tests.evals.helpers import candidate
from tests.evals.test_report import results


@pytest.mark.parametrize("date", ["2026-04-07", "2026-04-21", "2026-04-22", "2026-04-24"])
def test_the_day_under_test_is_never_in_its_own_voice_reference(day_of, voice_reference, date):
    day = day_of(date)
    gold = controls.gold(day)
    before = voice.score(gold, day, voice_reference)
    scrambled = dict(voice_reference.house)
    scrambled[day.date] = ["Noise noise noise, the the the; of of of?"] * 4
    after = voice.score(gold, day, dataclasses.replace(voice_reference, house=scrambled))
    assert after["function_word_delta"] == pytest.approx(before["function_word_delta"])
    assert after["style_profile_z"] == pytest.approx(before["style_profile_z"])


def test_every_metric_declares_its_reference_and_the_report_shows_it():
    by_name = {spec.name: spec.reference for spec in ALL_SPECS}
    assert {by_name[m] for m in ("source_recall", "entity_recall", "rouge_1",
                                 "lead_story_match", "pairwise_vs_gold")} == {"gold"}
    assert {by_name[m] for m in ("function_word_delta", "style_profile_z")} == {"house"}
    assert {by_name[m] for m in ("lead_section_repeats", "framing_non_entities",
                                 "unsupported_numbers_strict", "lint_pass_rate")} == {"free"}
    markdown = report.summary_markdown(results("run", f1=0.5, delta=0.2))
    assert "| source_f1 ↑ | gold |" in markdown
    assert "| function_word_delta ↓ | house |" in markdown
    assert "**free** with nothing (reference-free)" in markdown


def test_framing_sentences_that_list_non_actors_are_counted(day_of):
    day = day_of("2026-04-21")
    bad = ["The rest of the wire adds Amazon, Fermi and European. " + "Amazon paid. " * 60]
    good = ["The rest of the wire turns on Amazon, Fermi and Apple. " + "Amazon paid. " * 60]
    assert division.framing_non_entities(candidate(day, bad), day) == [
        "The rest of the wire adds Amazon, Fermi and European."]
    assert division.framing_non_entities(candidate(day, good), day) == []
    assert division.framing_non_entities(controls.gold(day), day) == []


def test_the_lead_story_is_the_published_leads_story_or_not(day_of):
    day = day_of("2026-04-21")
    assert division.lead_story_match(controls.gold(day), day) == 1.0
    other = controls.wrong_day(day, day_of("2026-04-07"))
    assert division.lead_story_match(other, day) == 0.0
    assert isinstance(other, Candidate) and division.lead_section_repeats(other) is None
