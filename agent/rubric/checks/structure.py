"""Shape of the essay: length, paragraphs, headings, lists, topic sentences, by-line."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from pydantic import Field

from agent.rubric.checks.common import sentence_finding
from agent.rubric.checks.registry import Finding, LintParams, register
from agent.rubric.document import EssayDocument, Sentence
from agent.rubric.phrases import compile_phrases

_TERMINAL = tuple('.!?:;,"”’)…')
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s*\S")
_BOLD_LINE = re.compile(r"^(\*\*|__)[^*_]+\1:?$")
_BOLD_LABEL = re.compile(r"^(\*\*|__)[^*_]{1,40}:\1|^(\*\*|__)[^*_]{1,40}\2:")
_NUMBERED_ITEM = re.compile(r"^(?:\d{1,2}[.)]|[a-z][.)]|\((?:\d{1,2}|[a-z]|[ivx]{1,4})\))\s+\S")
_QUESTION = re.compile(r"\?[\"”’)]*$")
_FIGURE = re.compile(r"(?<![\w.-])\$?\d[\d,]*(?:\.\d+)?(?![\w-])")


class WordCountParams(LintParams):
    min_words: int = Field(ge=1)
    max_words: int = Field(ge=1)


@register("word_count", scope="document", params=WordCountParams)
def word_count(doc: EssayDocument, params: WordCountParams) -> Iterator[Finding]:
    words = doc.word_count
    if not params.min_words <= words <= params.max_words:
        yield Finding(None, None, f"{words} words; the range is {params.min_words}-{params.max_words}")


class ParagraphCountParams(LintParams):
    min_paragraphs: int = Field(ge=1)
    max_paragraphs: int = Field(ge=1)


@register("paragraph_count", scope="document", params=ParagraphCountParams)
def paragraph_count(doc: EssayDocument, params: ParagraphCountParams) -> Iterator[Finding]:
    count = len(doc.paragraphs)
    if not params.min_paragraphs <= count <= params.max_paragraphs:
        yield Finding(None, None, f"{count} paragraphs; the range is "
                                  f"{params.min_paragraphs}-{params.max_paragraphs}")


class HeadingParams(LintParams):
    max_title_words: int = Field(ge=1, description="A short unpunctuated line this long or less.")
    labels: tuple[str, ...] = Field(
        min_length=1, description="Newsletter labels that open a line: 'Why it matters:'.")


@register("headings", scope="paragraph", params=HeadingParams)
def headings(doc: EssayDocument, params: HeadingParams) -> Iterator[Finding]:
    labels = _label_pattern(params.labels)
    for index, paragraph in enumerate(doc.paragraphs):
        lines = [line.strip() for line in paragraph.splitlines() if line.strip()]
        for position, line in enumerate(lines):
            starts_block = position == 0 or lines[position - 1].endswith(_TERMINAL)
            found = _heading(line, params, labels, starts_block=starts_block)
            if found:
                span, kind = found
                yield Finding(index, span, kind)


@lru_cache(maxsize=4)
def _label_pattern(labels: tuple[str, ...]) -> re.Pattern[str]:
    """A known label, optionally bold, then a colon: 'Why it matters:', '**Bottom line:**'."""
    return re.compile(r"^(?:\*\*|__)?(?:" + compile_phrases(labels).pattern + r")(?:\*\*|__)?\s*:",
                      re.IGNORECASE)


def _heading(line: str, params: HeadingParams, labels: re.Pattern[str], *,
             starts_block: bool) -> tuple[str, str] | None:
    """``(span, kind)`` when ``line`` is, or opens with, a heading."""
    words = line.split()
    short = len(words) <= params.max_title_words
    letters = [char for char in line if char.isalpha()]
    label = labels.match(line) or _BOLD_LABEL.match(line)
    if _MARKDOWN_HEADING.match(line):
        return line, "markdown heading"
    if _BOLD_LINE.match(line):
        return line, "bold heading line"
    if short and len(letters) >= 3 and not any(char.islower() for char in letters):
        return line, "all-caps heading"
    if label:
        return label.group(0), "'Label:' heading"
    if short and line.endswith(":") and not line.endswith("::"):
        return line, "title line ending in a colon"
    if starts_block and short and line[0].isupper() and not line.endswith(_TERMINAL):
        return line, "title line without a sentence"
    return None


class ListParams(LintParams):
    markers: tuple[str, ...] = Field(min_length=1, description="Bullet glyphs at a line start.")
    numbered: bool = Field(description="Also flag '1.', '2)', 'a)', '(ii)' line starts.")


@register("lists", scope="paragraph", params=ListParams)
def lists(doc: EssayDocument, params: ListParams) -> Iterator[Finding]:
    for index, line in doc.lines():
        bulleted = any(line.startswith(marker + " ") or line == marker for marker in params.markers)
        if bulleted or (params.numbered and _NUMBERED_ITEM.match(line)):
            yield Finding(index, line, "list item")


class TopicSentenceParams(LintParams):
    min_figures: int = Field(ge=1, description="Fewer figures than this never make a pile.")
    max_figures_per_10_words: float = Field(
        gt=0, description="A pile: at least min_figures figures, denser than this (fitted).")
    banned_openers: tuple[str, ...] = Field(description="Additive connectives that do not frame.")


@register("topic_sentence", scope="paragraph", params=TopicSentenceParams)
def topic_sentence(doc: EssayDocument, params: TopicSentenceParams) -> Iterator[Finding]:
    openers = compile_phrases(params.banned_openers)
    for sentences in doc.sentences_by_paragraph[1:]:
        if not sentences:
            continue
        first = sentences[0]
        problem = _topic_problem(first, params, openers)
        if problem:
            yield sentence_finding(first, problem)


def figure_density(text: str, words: int) -> tuple[int, float]:
    """Figures in a sentence and figures per 10 words ('GPT-5.5' and '100x' are not figures)."""
    figures = len(_FIGURE.findall(text))
    return figures, (10 * figures / words if words else 0.0)


def _topic_problem(first: Sentence, params: TopicSentenceParams,
                   openers: re.Pattern[str]) -> str | None:
    opener = openers.match(first.text)
    figures, density = figure_density(first.text, first.words)
    if opener:
        return f"opens with '{opener.group(0)}', which adds instead of framing"
    if _QUESTION.search(first.unquoted.rstrip()):
        return "opens with a question instead of a claim"
    if figures >= params.min_figures and density > params.max_figures_per_10_words:
        return (f"opening sentence is a pile of {figures} figures in {first.words} words; "
                f"lead with the point, then the numbers")
    return None


class BylineParams(LintParams):
    """No parameters: the expected by-line comes from config/desk.toml (``editorial.byline``)."""


@register("byline", scope="document", params=BylineParams)
def byline(doc: EssayDocument, params: BylineParams) -> Iterator[Finding]:
    if doc.byline is None:
        yield Finding(None, None, f"no by-line; end the essay with a line '{doc.expected_byline}'")
    elif doc.byline != doc.expected_byline:
        yield Finding(None, doc.byline, f"found '{doc.byline}', expected '{doc.expected_byline}'")
