"""parse_essay_text: paragraphs on blank lines, and a by-line only when the last line is a name."""

from __future__ import annotations

import pytest

from agent.rubric.lints import parse_essay_text

BODY = "The constraint is silicon. RAM shortages persist.\n\nMeanwhile, power is scarce."


def test_paragraphs_split_on_blank_lines_including_whitespace_and_crlf():
    text = "First paragraph.\r\n   \r\nSecond paragraph\ncontinues here.\n\n\n\nThird one."
    assert parse_essay_text(text) == (
        ["First paragraph.", "Second paragraph\ncontinues here.", "Third one."], None)


@pytest.mark.parametrize("tail", [
    "\n\nGrant Calloway", "\nGrant Calloway", "\n\n— Grant Calloway", "\n\n*Grant Calloway*",
    "\n\nBy Grant Calloway", "\n\nGrant Calloway\n\n",
])
def test_byline_is_recognised_and_removed_from_the_essay(tail):
    paragraphs, byline = parse_essay_text(BODY + tail)
    assert byline == "Grant Calloway"
    assert paragraphs == ["The constraint is silicon. RAM shortages persist.",
                          "Meanwhile, power is scarce."]


@pytest.mark.parametrize("last_line", [
    "Meanwhile, power is scarce.",      # a sentence
    "Grant",                            # one word
    "Grant Calloway Smith Jones Brown",  # five words
    "grant calloway",                   # not capitalised
    "Grant Calloway.",                  # terminal punctuation
])
def test_lines_that_are_not_a_name_are_not_a_byline(last_line):
    paragraphs, byline = parse_essay_text(f"The constraint is silicon.\n\n{last_line}")
    assert byline is None
    assert paragraphs[-1] == last_line


def test_empty_text_has_no_paragraphs_and_no_byline():
    assert parse_essay_text("  \n\n ") == ([], None)


def test_a_lone_byline_is_a_byline_with_no_essay():
    assert parse_essay_text("Grant Calloway\n") == ([], "Grant Calloway")
