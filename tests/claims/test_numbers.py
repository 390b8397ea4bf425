"""Number normalisation: what counts as a figure, its value and unit, and when two figures match."""

from __future__ import annotations

import pytest

from agent.claims.numbers import checkable_quantities, extract_quantities, find_match

B, M = 1e9, 1e6


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Amazon's $100 billion commitment", [("usd", 100 * B)]),
        ("a $100B deal", [("usd", 100 * B)]),
        ("a $100bn deal", [("usd", 100 * B)]),
        ("over USD 3 billion in tokens", [("usd", 3 * B)]),
        ("costs $5.63 blended", [("usd", 5.63)]),
        ("Xoople raising 130 million", [("number", 130 * M)]),
        ("Xoople raising $130 million", [("usd", 130 * M)]),
        ("cut 10% of staff", [("percent", 10)]),
        ("cut 10 percent of staff", [("percent", 10)]),
        ("a gap of 2.8 percentage points", [("pp", 2.8)]),
        ("shedding 15,000 jobs", [("number", 15_000)]),
        ("300 sub-agents coordinating 4,000 steps", [("number", 300), ("number", 4_000)]),
        ("1000+ agent skills", [("number", 1_000)]),
        ("energy use cut by 100x", [("multiplier", 100)]),
        ("3.2x faster", [("multiplier", 3.2)]),
        ("a 100-fold drop", [("multiplier", 100)]),
        ("a score of 57.2", [("number", 57.2)]),
        ("climbed from 17th to 3rd", [("rank", 17), ("rank", 3)]),
        ("the gap between first and fifth place", [("rank", 1), ("rank", 5)]),
        ("it ranked third", [("rank", 3)]),
        ("Index rank 1: GPT-5.4", [("rank", 1)]),
        ("persist through 2027 and chips by 2029", [("year", 2027), ("year", 2029)]),
        ("82 output tokens per second", [("tokens_per_s", 82)]),
        ("82 tok/s", [("tokens_per_s", 82)]),
        ("$5.63 per 1M tokens", [("usd_per_1m", 5.63)]),
        ("$4.50/1M", [("usd_per_1m", 4.5)]),
        ("ten percent of users", [("percent", 10)]),
        ("two million users", [("number", 2 * M)]),
    ],
)
def test_figures_are_normalised_to_value_and_unit(text, expected):
    found = [(q.unit, q.value) for q in extract_quantities(text)]
    assert found == [(unit, pytest.approx(value)) for unit, value in expected]


@pytest.mark.parametrize(
    "text",
    [
        "OpenAI released GPT-5.4 and GPT-5.5",
        "Claude Opus 4.6 and Gemini 3.1 Pro and Grok 4.20",
        "Moonshot AI's Kimi K2.6 and Qwen3 and Llama3.2-3B-Base",
        "gpt-5.2-2025-12-11-medium leads",
        "sub-1 nanometer chips",
        "agents that run 24/7",
        "GEN-1 robotics",
        "on April 21",
    ],
)
def test_model_names_versions_and_dates_are_not_figures(text):
    assert extract_quantities(text) == []


def test_span_and_text_point_at_the_figure():
    text = "Meanwhile, Amazon's $5 billion commitment locks in 5 gigawatts."
    money, power = extract_quantities(text)
    assert text[money.span[0]:money.span[1]] == money.text == "$5 billion"
    assert (power.value, power.text) == (5, "5")


def test_small_written_counts_are_soft_and_not_judged():
    quantities = extract_quantities("a two or three player market")
    assert [q.value for q in quantities] == [2, 3]
    assert all(q.soft for q in quantities)
    assert checkable_quantities("a two or three player market") == []
    assert [q.value for q in checkable_quantities("two million users")] == [2 * M]


def _match(claim: str, evidence: str) -> bool:
    claimed = checkable_quantities(claim)
    assert len(claimed) == 1, claimed
    return find_match(claimed[0], extract_quantities(evidence)) is not None


@pytest.mark.parametrize(
    ("claim", "evidence"),
    [
        ("$100 billion", "$100B"),
        ("$100bn", "a deal worth $100 billion"),
        ("$1.5 billion", "$1,500 million"),
        ("10 percent", "10%"),
        ("72 percent", "a 71.6 score"),  # rounding to the coarser precision
        ("71.6", "72%"),
        ("$1.5 billion", "$1.52 billion"),
        ("130 million", "$130 million"),  # money with or without the sign
        ("$5.63", "$5.63 per 1M tokens"),
        ("about $5 billion", "$5.3 billion"),  # hedged: within 10 percent
        ("3rd", "rank 3"),
    ],
)
def test_equal_figures_match(claim, evidence):
    assert _match(claim, evidence)


@pytest.mark.parametrize(
    ("claim", "evidence"),
    [
        ("$150 billion", "$100 billion"),
        ("$100 million", "$100 billion"),  # scale matters
        ("15,500 jobs", "15,000 jobs"),
        ("11 percent", "10%"),
        ("$5 billion", "$5.6 billion"),  # rounds to 6, not 5
        ("2nd", "rank 1"),
        ("2028", "through 2027"),
        ("82 tokens per second", "$82"),
        ("a score of 80.4", "80 tokens per second"),  # a speed is not a score
        ("10 percentage points", "10%"),  # points are not percent
    ],
)
def test_different_figures_do_not_match(claim, evidence):
    assert not _match(claim, evidence)


def test_percentage_points_may_be_derived_from_two_figures():
    claim = checkable_quantities("a gap of 3 percentage points")[0]
    evidence = extract_quantities("resolved 65.3% of tasks; resolved 62.3% of tasks")
    match = find_match(claim, evidence)
    assert match is not None and match.derived
    wrong = checkable_quantities("a gap of 2.8 percentage points")[0]
    assert find_match(wrong, evidence) is None
