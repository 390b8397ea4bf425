"""Controls: the shuffle moves every paragraph, the wrong day is another day's issue scored
against this day, and both are deterministic."""

from __future__ import annotations

import random

from evals import controls


def test_derange_moves_every_element_and_is_deterministic():
    values = ["a", "b", "c", "d"]
    for seed in range(20):
        shuffled = controls.derange(values, random.Random(seed))
        assert sorted(shuffled) == values
        assert all(x != y for x, y in zip(shuffled, values, strict=True))
    assert controls.derange(values, random.Random(7)) == controls.derange(values, random.Random(7))


def test_one_paragraph_essays_have_their_sentences_deranged():
    from agent.text import split_sentences

    sentences = ["First point here.", "Second point there.", "Third point last."]
    (shuffled,) = controls.shuffle_essay([" ".join(sentences)], seed=3)
    moved = [s for _, _, s in split_sentences(shuffled)]
    assert sorted(moved) == sorted(sentences)
    assert all(a != b for a, b in zip(moved, sentences, strict=True))


def test_shuffled_control_keeps_the_paragraphs_and_moves_each(day_of):
    day = day_of("2026-04-22")
    shuffled = controls.shuffled(day)
    gold = list(day.published.lead_essay)
    assert sorted(shuffled.paragraphs) == sorted(gold)
    assert all(a != b for a, b in zip(shuffled.paragraphs, gold, strict=True))


def test_wrong_day_is_the_next_day_cyclically_and_cites_only_todays_items(archive_days):
    first, *_, last = archive_days
    assert controls.wrong_day_source(archive_days, first) == archive_days[1]
    assert controls.wrong_day_source(archive_days, last) == first
    assert controls.wrong_day_source([first], first) is None
    wrong = controls.wrong_day(last, first)
    assert wrong.date == last.date and wrong.text_date == first.date
    assert wrong.paragraphs == list(first.published.lead_essay)
    cited = {s.item_id for c in wrong.claims for s in c.sources}
    assert cited <= set(last.items)
