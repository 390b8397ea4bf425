"""Each lint fires on a minimal bad example and stays quiet on a close good one."""

from __future__ import annotations

import pytest

from agent.rubric.lints import lint_essay
from agent.rubric.signals import judge_signals
from evals.lint_variants import GENERIC_DEV

from .helpers import THESIS, fired, local_fired, violations_of


SENTENCE_CASES = [
    # (lint id, bad sentence, close good sentence)
    ("first_person", "We think the U.S. market has already chosen.",
     "The U.S. market has already chosen, and the US dollar follows."),
    ("first_person", "None of this should surprise us.",
     "AWS serves the US government from us-east-1."),
    ("first_person", "I expect the split to widen.", "Phase I trials of the model start in May."),
    ("first_person", "Let's be clear about who pays.",
     'Altman said "we are compute constrained" on Tuesday.'),
    ("first_person", "Our view is that Nvidia wins.", "Nvidia's view is that inference wins."),
    ("first_person", "Our bet is that Nvidia wins.",
     "Figures from Our World in Data show the grid is the constraint."),
    ("first_person", "Nvidia told us it is sold out.", "I/O bandwidth, not FLOPs, is the constraint."),
    ("hype_words", "Nvidia shipped a revolutionary chip.",
     "Nvidia shipped a chip that doubles inference throughput."),
    ("hype_words", "The deal is game changing for AWS.",
     "No lab announced major model capability breakthroughs."),
    ("stock_phrases", "It’s worth noting that Nvidia shipped.", "Nvidia shipped a chip worth $40,000."),
    ("stock_phrases", "The AI landscape is shifting.", "The AI market is shifting."),
    ("stock_phrases", "Researchers delved into the data.", "Researchers dug into the data."),
    ("hedging", "Arguably, the market has chosen.", "The market has chosen."),
    ("hedging", "In many ways, compute is the constraint.", "In many markets, compute is the constraint."),
    ("hedging", "To some extent, compute is the constraint.",
     "OpenAI bundles Codex in a way that locks customers in."),
    ("hedging", "It seems that compute is the constraint.",
     "Labs will buy more or less compute as prices move, the sort of deal AWS wants."),
    ("hype_words", "The chip is game-changing.", 'Altman called the chip "game-changing."'),
    ("exclamation", "Demand is insane!", 'Huang called demand "insane!" on the call.'),
    ("exclamation", "Nvidia shipped!", "Yahoo! rebuilt its search on Llama."),
    ("emoji", "Nvidia shipped 🚀.", "Nvidia shipped the GB200™."),
    ("percent_format", "Revenue rose 45% in March.",
     "Revenue rose 45 percent in March, or 2.8 percentage points."),
    ("percent_format", "Revenue rose 45 per cent in March.", "Revenue rose 99 percent in March."),
    ("money_format", "Amazon committed $5B to Anthropic.", "Amazon committed $5 billion to Anthropic."),
    ("money_format", "Meta spends $135bn on data centers.", "Meta spends $135 billion on data centers."),
    ("money_format", "Amazon withdrew a $150M investment.", "Amazon withdrew a $150 million investment."),
    ("money_format", "SpaceX holds a 60 billion dollars option.", "Xoople raised 130 million."),
    ("money_format", "Microsoft commits USD 140 billion.", "A 70B model costs $5.63 per 1M tokens."),
    ("money_format", "Microsoft commits $140 Billion.", "Microsoft commits $140 billion."),
]


@pytest.mark.parametrize(("lint_id", "bad", "good"), SENTENCE_CASES)
def test_sentence_lint_fires_on_bad_and_not_on_close_good(lint_id, bad, good):
    found = violations_of(lint_id, [THESIS, f"The constraint is silicon. {bad}"])
    assert found, f"{lint_id} missed: {bad}"
    assert found[0].span == bad, "the span is the offending sentence, verbatim"
    assert found[0].paragraph == 1
    assert lint_id not in fired([THESIS, f"The constraint is silicon. {good}"]), good


def test_violation_message_names_the_offending_terms():
    [violation] = violations_of("money_format", "Amazon committed $5B to Anthropic.")
    assert "'$5B'" in violation.message and "$5 billion" in violation.message
    [violation] = violations_of("first_person", "We think our view is right.")
    assert "'We'" in violation.message and "'our'" in violation.message


def test_rhetorical_questions_in_a_row_fire_but_a_single_question_does_not():
    bad = "Who pays for the compute? And who keeps the margin? Amazon does."
    [violation] = violations_of("rhetorical_questions", [THESIS, bad])
    assert violation.span == "Who pays for the compute? And who keeps the margin?"
    assert "rhetorical_questions" not in fired([THESIS, "Who pays for the compute? Amazon does."])


@pytest.mark.parametrize(("paragraph", "span"), [
    ("## The Compute Squeeze\nThe constraint is silicon.", "## The Compute Squeeze"),
    ("THE COMPUTE SQUEEZE\nThe constraint is silicon.", "THE COMPUTE SQUEEZE"),
    ("**The Compute Squeeze**\nThe constraint is silicon.", "**The Compute Squeeze**"),
    ("Why it matters: the constraint is silicon.", "Why it matters:"),
    ("The Compute Squeeze", "The Compute Squeeze"),
])
def test_headings_fire_with_the_heading_as_span(paragraph, span):
    [violation] = violations_of("headings", [THESIS, paragraph, "The constraint is silicon."])
    assert violation.span == span and violation.paragraph == 1


@pytest.mark.parametrize("paragraph", [
    "The constraint is silicon: RAM shortages will persist through 2027.",
    "NVIDIA and AMD are racing on inference optimization.",
    "It's determined by who controls the inputs: silicon, power, and the inference stack.",
])
def test_headings_ignore_sentences_with_colons_and_acronyms(paragraph):
    assert "headings" not in fired([THESIS, paragraph])


@pytest.mark.parametrize("paragraph", [
    "The constraint is silicon.\n- RAM shortages persist.\n- Fab capacity lags.",
    "The constraint is silicon.\n1. RAM shortages persist.\n2. Fab capacity lags.",
    "The constraint is silicon.\n• RAM shortages persist.",
])
def test_lists_fire_on_bullets_and_numbers(paragraph):
    found = violations_of("lists", [THESIS, paragraph])
    assert found and all(v.span in paragraph and v.paragraph == 1 for v in found)


def test_lists_ignore_inline_enumerations_and_dashes():
    paragraph = ("Three inputs matter: silicon, power and land. The constraint is silicon - and the "
                 "fabs know it; 2026 will not fix it.")
    assert "lists" not in fired([THESIS, paragraph])


@pytest.mark.parametrize("opener", [
    "Additionally, the constraint is silicon.",
    "Moreover the constraint is silicon.",
    "Is the constraint silicon?",
    "Amazon put in $8 billion, Google $2 billion and Microsoft $10 billion across 14 sites.",
    "Meta cut 3,600 jobs, raised capital spending to $65 billion and signed 4 power deals in 2025.",
])
def test_topic_sentence_fires_on_openers_that_do_not_frame(opener):
    found = violations_of("topic_sentence", [THESIS, f"{opener} RAM shortages persist."])
    assert [v.span for v in found] == [opener]


@pytest.mark.parametrize("opener", [
    "The constraint is silicon.",
    "Meanwhile, the constraint is silicon.",
    "Ultimately, the constraint is silicon.",
    "On the other hand, the constraint is silicon.",
    "OpenAI is consolidating its position by shipping GPT-5.5 directly into Codex.",
    "RAM shortages will persist through 2027.",
    # house sentences with figures (04-07, 04-24): figures in a long claim are not a pile
    "Meanwhile, Claude Opus 4.6 maintains its lead on SWE-rebench at 65.3 percent, but the top "
    "tier has consolidated into a narrow band where the gap between first and fifth place is 2.8 "
    "percentage points.",
    "Meta is cutting 10 percent of its workforce to offset $135 billion in data center spending "
    "this year, while Microsoft commits $140 billion to AI investment and OpenAI, xAI, and peers "
    "plan data centers emitting 129 million tons of greenhouse gases annually.",
    # a 45-word framing claim: long, but framing length is the critic's call
    "OpenAI is consolidating its position as the primary vendor of production AI agents by "
    "shipping GPT-5.5 directly into Codex, its application layer for knowledge work automation, "
    "while simultaneously ensuring that the layer runs on NVIDIA's infrastructure and on nobody "
    "else's hardware at all.",
    'Altman asked investors "who pays for the power?" and got no answer.',
])
def test_topic_sentence_accepts_framing_openers(opener):
    assert "topic_sentence" not in fired([THESIS, f"{opener} RAM shortages persist."])


def test_topic_sentence_does_not_judge_the_thesis_paragraph():
    assert "topic_sentence" not in fired(["Additionally, the constraint is silicon."])


def test_byline_missing_or_wrong_fires_and_the_configured_one_passes():
    [missing] = violations_of("byline", THESIS, byline=None)
    assert missing.span is None and "Grant Calloway" in missing.message
    [wrong] = violations_of("byline", THESIS, byline="Grant Callaway")
    assert wrong.span == "Grant Callaway"
    assert not violations_of("byline", THESIS, byline="Grant Calloway")
    other_desk = lint_essay([THESIS], "Sloane Duvall", expected_byline="Sloane Duvall")
    assert "byline" not in {v.id for v in other_desk}


def _words(n: int) -> str:
    return " ".join(["silicon"] * n)


@pytest.mark.parametrize(("count", "flagged"), [(329, True), (330, False), (700, False), (701, True)])
def test_word_count_bounds(count, flagged):
    paragraphs = [_words(count // 2), _words(count - count // 2)]
    assert ("word_count" in fired(paragraphs)) is flagged


@pytest.mark.parametrize(("count", "flagged"), [(0, True), (1, False), (5, False), (6, True)])
def test_paragraph_count_bounds(count, flagged):
    assert ("paragraph_count" in fired(["The constraint is silicon."] * count)) is flagged


def _prose(lengths: list[int]) -> str:
    vocabulary = "compute power silicon capital margin labs chips grid land water".split()
    return " ".join(
        " ".join(vocabulary[(i + j) % len(vocabulary)] for j in range(n)).capitalize() + "."
        for i, n in enumerate(lengths))


def test_sentence_profile_fires_on_all_short_all_long_and_monotone_prose():
    profile = "sentence_length_profile"
    assert "mean" in violations_of(profile, _prose([6, 7, 5, 8, 6, 7, 4, 9] * 3))[0].message
    assert "mean" in violations_of(profile, _prose([38, 45, 33, 50, 41, 36] * 2))[0].message
    [monotone] = violations_of(profile, _prose([20, 21, 19, 20, 22, 20, 19, 21] * 2))
    assert "sd" in monotone.message
    assert not violations_of(profile, _prose([4, 30, 12, 40, 8, 25, 18, 6, 33, 15, 9, 27]))


def test_run_on_sentence_fires_above_the_limit_only():
    assert violations_of("run_on_sentence", _prose([76]))
    assert not violations_of("run_on_sentence", _prose([75]))


PUBLISHED_PARAGRAPH = (
    "The constraint is silicon. RAM shortages will persist through 2027 as AI demand outpaces fab "
    "capacity. Fermi, Rick Perry's nuclear power startup, lost its CEO and CFO when Amazon "
    "withdrew a $150 million investment, a sharp reminder that speculative infrastructure plays "
    "collapse when confronted with actual economics.")
# 04-24, sentences 3-4: a run of house prose with no name or figure in it
HOUSE_RUN_WITHOUT_NAMES = (
    "This is not growth capital deployed strategically into products with revenue models. This is "
    "survival spending, the cost of staying in a game where the entry fee keeps rising and the "
    "winner remains unclear.")


def test_llm_tells_fires_on_a_tell_stacked_paragraph_and_names_the_words():
    [violation] = violations_of("llm_tells", [THESIS, GENERIC_DEV[0]])
    assert violation.span == GENERIC_DEV[0] and violation.paragraph == 1
    assert "'pivotal'" in violation.message and "'landscape'" in violation.message


def test_llm_tells_needs_several_distinct_tells_not_one_repeated_word():
    repeated = ("Nvidia's crucial bet is crucial for AWS, crucial for Azure and crucial for every "
                "lab that rents H100s by the hour from CoreWeave or Lambda in 2026.")
    assert not violations_of("llm_tells", [THESIS, repeated])


def test_llm_tells_ignores_quoted_words_and_short_paragraphs():
    quoted = ('Huang called the deal "a pivotal, transformative journey to unlock a robust and '
              'seamless future for every enterprise" before reporting revenue of $39 billion, '
              "up 78 percent, with data center sales at $35.6 billion for the quarter.")
    assert not violations_of("llm_tells", [THESIS, quoted])
    assert not violations_of("llm_tells", "A pivotal, transformative, seamless journey.")


def test_generic_prose_is_a_signal_not_a_gate():
    assert "generic_prose" not in fired([THESIS, GENERIC_DEV[0]])
    [signal] = [s for s in judge_signals([THESIS, GENERIC_DEV[0]]) if s.id == "generic_prose"]
    assert signal.paragraph == 1 and "names or figures per 100 words" in signal.message
    assert not [s for s in judge_signals([THESIS, PUBLISHED_PARAGRAPH]) if s.id == "generic_prose"]


def test_no_gate_fires_on_house_prose_without_names():
    """v1.0's generic_prose gate flagged runs of house sentences like this one."""
    assert not local_fired([THESIS, f"{HOUSE_RUN_WITHOUT_NAMES} {HOUSE_RUN_WITHOUT_NAMES}"])


def test_generic_prose_signal_counts_sentence_initial_names_known_from_the_essay():
    """'Cline' at a sentence start is a name when the essay also writes it mid-sentence."""
    paragraph = ("Cline ships context-window optimization built into its coding agent, which solves "
                 "a real constraint for teams paying per token. Goose operates autonomously across "
                 "several model providers and keeps long tasks running without constant "
                 "supervision. Ollama removes friction from local deployment, so laptops and small "
                 "servers can run capable open models with no cloud account at all.")
    names_known = "Developers are adopting Cline, Goose and Ollama faster than any cloud agent."
    names_unknown = "Developers are adopting local agents faster than any cloud agent."
    assert not [s for s in judge_signals([names_known, paragraph]) if s.id == "generic_prose"]
    [signal] = [s for s in judge_signals([names_unknown, paragraph]) if s.id == "generic_prose"]
    assert "0.0 names or figures" in signal.message


@pytest.mark.parametrize("sentence", [
    "The $100 billion commitment is unprecedented for a single lab.",
    "Perhaps the clearest signal is the Copilot pause.",
    "Whether the FTC settlement holds remains to be seen.",
])
def test_watch_words_are_signals_and_never_gates(sentence):
    paragraphs = [THESIS, f"The constraint is silicon. {sentence}"]
    assert not local_fired(paragraphs)
    [signal] = [s for s in judge_signals(paragraphs) if s.id == "watch_words"]
    assert signal.span == sentence and signal.paragraph == 1


@pytest.mark.parametrize(("line", "flagged"), [
    ("Why it matters: Amazon is buying capacity, not models.", True),
    ("**Bottom line:** Amazon is buying capacity, not models.", True),
    ("**The deal:** Amazon is buying capacity, not models.", True),
    ("The Compute Squeeze:", True),
    ("The constraint: silicon, not models.", False),
    ("The lesson: capacity beats capability.", False),
])
def test_headings_flag_newsletter_labels_but_not_colon_sentences(line, flagged):
    paragraph = f"{line}\nRAM shortages will persist through 2027."
    assert ("headings" in fired([THESIS, paragraph])) is flagged


def test_first_person_ignores_a_quote_that_spans_sentences():
    paragraph = ('The constraint is silicon. "We are sold out. We will be sold out next year too," '
                 "Jensen Huang told analysts.")
    assert "first_person" not in fired([THESIS, paragraph])


def test_a_quoted_question_is_not_a_rhetorical_question():
    paragraph = ('The constraint is silicon. One analyst asked, "Who pays for the power?" Another '
                 'asked, "Who keeps the margin?" Neither got an answer.')
    assert "rhetorical_questions" not in fired([THESIS, paragraph])
    assert "rhetorical_questions" in fired([THESIS, "The constraint is silicon. Who pays for the "
                                                    "power? Who keeps the margin?"])
