"""House-voice metrics: the committed function-word list, leave-one-out Delta, the surface style
profile, the stock-phrase rate and the lint pass rate."""

from __future__ import annotations

from evals.metrics import voice
from evals.metrics.voice import FUNCTION_WORDS_PATH, load_function_words
from tests.evals.helpers import candidate


def test_function_word_list_is_committed_and_topic_free():
    words = load_function_words()
    assert len(words) >= 30 and len(set(words)) == len(words)
    assert all(w == w.lower() and " " not in w for w in words)
    assert {"the", "and", "is", "not"} <= set(words)
    assert not {"ai", "model", "compute", "openai"} & set(words)
    assert FUNCTION_WORDS_PATH.read_text().startswith("#")


def test_each_gold_essay_is_closer_to_the_house_than_the_days_wire_copy(archive_days,
                                                                         voice_reference):
    for day in archive_days:
        gold = "\n\n".join(day.published.lead_essay)
        wire = " ".join(i.evidence_text() for i in day.snapshot.items if i.kind == "wire")
        wire = " ".join(wire.split()[:550])
        gold_delta = voice.cosine_delta(gold, voice_reference, {day.date})
        wire_delta = voice.cosine_delta(wire, voice_reference, {day.date})
        assert gold_delta < wire_delta, day.date


def test_the_centroid_leaves_the_scored_day_out(day_of, voice_reference):
    day = day_of("2026-04-22")
    gold = "\n\n".join(day.published.lead_essay)
    remaining = voice_reference.house_essays({day.date})
    assert list(day.published.lead_essay) not in remaining
    assert len(remaining) == len(voice_reference.house) - 1
    # Leaving itself in would flatter the essay: leave-one-out is what keeps the band honest.
    assert voice.cosine_delta(gold, voice_reference, set()) < voice.cosine_delta(
        gold, voice_reference, {day.date})


def test_style_profile_flags_monotone_punctuated_prose(day_of, voice_reference):
    day = day_of("2026-04-21")
    monotone = ["Is this a question; it is a question? " * 12 + "One more line here — and done.",
                "Another paragraph has ten words in it, all the same? " * 10]
    gold_z = voice.style_profile_z(list(day.published.lead_essay), voice_reference, {day.date})
    odd_z = voice.style_profile_z(monotone, voice_reference, {day.date})
    assert gold_z < 1.0 < odd_z


def test_stock_phrases_are_counted_per_thousand_words():
    text = ("It's worth noting that labs delve into the landscape of agents. " * 2
            + "Plain words follow here " * 20)
    assert voice.stock_phrase_rate(text) > 50
    assert voice.stock_phrase_rate("Amazon committed $100 billion to Anthropic today.") == 0.0


def test_lint_pass_rate_drops_for_house_rule_breaches(day_of):
    day = day_of("2026-04-21")
    gold = voice.lint_pass_rate(candidate(day, list(day.published.lead_essay)))
    breach = list(day.published.lead_essay)
    breach[0] = "We think this is amazing! " + breach[0]
    assert gold == 1.0
    assert voice.lint_pass_rate(candidate(day, breach)) < gold
