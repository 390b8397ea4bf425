"""Word choice and punctuation of the house voice: person, hype, stock phrases, hedges, marks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import emoji
from pydantic import Field

from agent.rubric.checks.common import quoted, sentence_finding, sentences_with_phrases
from agent.rubric.checks.registry import Finding, LintParams, register
from agent.rubric.document import EssayDocument, Sentence

_QUESTION_END = re.compile(r"\?[\"”’)]*$")
# A capitalised pronoun is first person only where a sentence or clause starts; elsewhere
# ("Our World in Data", "Us Weekly") it is part of a name.
_CLAUSE_START = tuple(":;—–-(")


class FirstPersonParams(LintParams):
    pronouns: tuple[str, ...] = Field(min_length=1, description="Lower-case forms; 'i' means 'I'.")
    roman_numeral_contexts: tuple[str, ...] = Field(
        description="Words after which a capital I is a numeral ('Phase I'), not a pronoun.")


@register("first_person", scope="sentence", params=FirstPersonParams)
def first_person(doc: EssayDocument, params: FirstPersonParams) -> Iterator[Finding]:
    pattern = _pronoun_pattern(params.pronouns)
    for sentence in doc.sentences:
        text = sentence.unquoted
        found = [m.group(0) for m in pattern.finditer(text)
                 if not _is_roman_numeral(text, m, params.roman_numeral_contexts)
                 and not _is_capitalised_name(text, m)]
        if found:
            yield sentence_finding(sentence, quoted(found))


@lru_cache(maxsize=8)
def _pronoun_pattern(pronouns: tuple[str, ...]) -> re.Pattern[str]:
    """Case-sensitive on purpose: 'us' and 'Us' are pronouns, 'US' and 'U.S.' are not."""
    forms: list[str] = []
    for pronoun in pronouns:
        if pronoun == "i":
            forms.append(r"I(?:['’](?:m|ve|d|ll))?(?!\.\s?[A-Z])")
            continue
        for variant in (pronoun, pronoun[0].upper() + pronoun[1:]):
            forms.append(re.escape(variant).replace("'", "['’]"))
    return re.compile(r"(?<![\w.'’/&-])(?:" + "|".join(forms) + r")(?![\w'’/&-])")


def _is_capitalised_name(text: str, match: re.Match[str]) -> bool:
    word = match.group(0)
    if word == "I" or not word[:1].isupper():
        return False
    before = text[: match.start()].rstrip()
    return bool(before) and not before.endswith(_CLAUSE_START)


def _is_roman_numeral(text: str, match: re.Match[str], contexts: tuple[str, ...]) -> bool:
    if match.group(0) != "I":
        return False
    before = text[: match.start()].split()
    return bool(before) and before[-1] in contexts


class PhraseListParams(LintParams):
    phrases: tuple[str, ...] = Field(min_length=1, description="See agent/rubric/phrases.py.")


@register("hype_words", scope="sentence", params=PhraseListParams)
def hype_words(doc: EssayDocument, params: PhraseListParams) -> Iterator[Finding]:
    yield from sentences_with_phrases(doc, params.phrases)


@register("stock_phrases", scope="sentence", params=PhraseListParams)
def stock_phrases(doc: EssayDocument, params: PhraseListParams) -> Iterator[Finding]:
    yield from sentences_with_phrases(doc, params.phrases)


@register("hedging", scope="sentence", params=PhraseListParams)
def hedging(doc: EssayDocument, params: PhraseListParams) -> Iterator[Finding]:
    yield from sentences_with_phrases(doc, params.phrases)


@register("watch_words", scope="sentence", params=PhraseListParams)
def watch_words(doc: EssayDocument, params: PhraseListParams) -> Iterator[Finding]:
    """A signal: hedges, intensifiers and clichés a reporter may also use literally."""
    yield from sentences_with_phrases(doc, params.phrases)


class AllowedMarksParams(LintParams):
    allowed: tuple[str, ...] = Field(description="Exceptions, e.g. brand names or legal marks.")


@register("exclamation", scope="sentence", params=AllowedMarksParams)
def exclamation(doc: EssayDocument, params: AllowedMarksParams) -> Iterator[Finding]:
    for sentence in doc.sentences:
        text = sentence.unquoted
        for exception in params.allowed:
            text = text.replace(exception, "")
        if "!" in text:
            yield sentence_finding(sentence)


@register("emoji", scope="sentence", params=AllowedMarksParams)
def emoji_marks(doc: EssayDocument, params: AllowedMarksParams) -> Iterator[Finding]:
    for sentence in doc.sentences:
        found = [match["emoji"] for match in emoji.emoji_list(sentence.text)
                 if match["emoji"] not in params.allowed]
        if found:
            yield sentence_finding(sentence, " ".join(found))


class QuestionParams(LintParams):
    max_in_a_row: int = Field(ge=1)


@register("rhetorical_questions", scope="paragraph", params=QuestionParams)
def rhetorical_questions(doc: EssayDocument, params: QuestionParams) -> Iterator[Finding]:
    for index, sentences in enumerate(doc.sentences_by_paragraph):
        for run in _question_runs(sentences):
            if len(run) > params.max_in_a_row:
                span = doc.paragraphs[index][run[0].start:run[-1].end]
                yield Finding(index, span, f"{len(run)} questions in a row")


def _question_runs(sentences: tuple[Sentence, ...]) -> list[list[Sentence]]:
    runs: list[list[Sentence]] = [[]]
    for sentence in sentences:
        if _QUESTION_END.search(sentence.unquoted.rstrip()):
            runs[-1].append(sentence)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]
