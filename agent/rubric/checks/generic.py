"""Generic AI prose: tell vocabulary (a gate) and abstraction without specifics (a signal).

``llm_tells`` (a lint) flags a paragraph that stacks several distinct words and clichés that
machine-written prose over-uses ("pivotal", "foster", "the road ahead"): one such word is a
reporter's choice, three different ones packed into a paragraph are a register.

``generic_prose`` (a signal shown to the critic, not a gate: on unseen published essays it
misfired) measures two densities per 100 words. *Vague terms* are the rubric's list of abstract nouns,
LLM-tell words and clichés ("companies", "innovation", "the future", "pivotal", "paint a
picture"). *Specifics* are figures (any token with a digit), identifiers such as ``owner/repo``,
and names: capitalised words inside a sentence, or at its start when the word carries inner
capitals (OpenAI), a possessive, or is capitalised mid-sentence elsewhere in the essay. Generic
acronyms (AI, LLM, CEO) are not names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import Field

from agent.rubric.checks.common import quoted
from agent.rubric.checks.registry import Finding, LintParams, register
from agent.rubric.document import EssayDocument, Sentence
from agent.rubric.phrases import find_phrases
from agent.text import words

_POSSESSIVE = re.compile(r"['’]s$")
_IDENTIFIER = re.compile(r"\w/\w")  # owner/repo, org/model
_EDGE_PUNCTUATION = ".,;:!?'’\"“”()"


class GenericProseParams(LintParams):
    min_words: int = Field(ge=1, description="Shorter paragraphs are not judged.")
    vague_per_100_words: float = Field(gt=0, description="Flag at or above this vague density...")
    specifics_ceiling_per_100_words: float = Field(gt=0, description="...unless specifics reach this.")
    specifics_floor_per_100_words: float = Field(ge=0, description="Below this, flag regardless.")
    generic_capitalised: tuple[str, ...] = Field(description="Capitalised words that name nothing.")
    vague_terms: tuple[str, ...] = Field(min_length=1)


class TellParams(LintParams):
    min_words: int = Field(ge=1, description="Shorter paragraphs are not judged.")
    min_terms: int = Field(ge=1, description="Distinct tell terms needed, whatever the density.")
    min_per_100_words: float = Field(gt=0, description="Tell density needed (fitted).")
    terms: tuple[str, ...] = Field(min_length=1)


@register("llm_tells", scope="paragraph", params=TellParams)
def llm_tells(doc: EssayDocument, params: TellParams) -> Iterator[Finding]:
    for index, sentences in enumerate(doc.sentences_by_paragraph):
        own_words = " ".join(sentence.unquoted for sentence in sentences)
        total = len(words(own_words))
        if total < params.min_words:
            continue
        found = find_phrases(own_words, params.terms)
        distinct = len({term.lower() for term in found})
        if distinct >= params.min_terms and 100 * len(found) / total >= params.min_per_100_words:
            yield Finding(index, doc.paragraphs[index],
                          f"{len(found)} tell words in {total} words ({quoted(found[:8])})")


def tell_density(text: str, terms: tuple[str, ...]) -> tuple[int, float]:
    """Distinct tell terms in ``text`` and tell occurrences per 100 words (for calibration)."""
    found = find_phrases(text, terms)
    total = len(words(text))
    return len({term.lower() for term in found}), (100 * len(found) / total if total else 0.0)


@register("generic_prose", scope="paragraph", params=GenericProseParams)
def generic_prose(doc: EssayDocument, params: GenericProseParams) -> Iterator[Finding]:
    known_names = _mid_sentence_capitals(doc, params)
    for index, paragraph in enumerate(doc.paragraphs):
        total = len(words(paragraph))
        if total < params.min_words:
            continue
        vague = find_phrases(paragraph, params.vague_terms)
        vague_rate = 100 * len(vague) / total
        specific_rate = 100 * _count_specifics(doc.sentences_by_paragraph[index], known_names,
                                               params) / total
        too_vague = (vague_rate >= params.vague_per_100_words
                     and specific_rate < params.specifics_ceiling_per_100_words)
        if too_vague or specific_rate < params.specifics_floor_per_100_words:
            detail = (f"{vague_rate:.1f} vague terms and {specific_rate:.1f} names or figures per "
                      f"100 words" + (f" ({quoted(vague[:6])})" if vague else ""))
            yield Finding(index, paragraph, detail)


def _tokens(sentence: Sentence) -> list[str]:
    return [token.strip(_EDGE_PUNCTUATION) for token in words(sentence.text)]


def _name_key(token: str) -> str:
    return _POSSESSIVE.sub("", token).split("-")[0]


def _mid_sentence_capitals(doc: EssayDocument, params: GenericProseParams) -> set[str]:
    return {_name_key(t) for s in doc.sentences for t in _tokens(s)[1:]
            if t[:1].isupper() and _name_key(t) not in params.generic_capitalised}


def _count_specifics(sentences: tuple[Sentence, ...], known_names: set[str],
                     params: GenericProseParams) -> int:
    count = 0
    for sentence in sentences:
        for position, token in enumerate(_tokens(sentence)):
            key = _name_key(token)
            if any(char.isdigit() for char in token) or _IDENTIFIER.search(token):
                count += 1
            elif token[:1].isupper() and key not in params.generic_capitalised:
                inner_capitals = any(char.isupper() for char in key[1:])
                if position > 0 or inner_capitals or key in known_names or key != token:
                    count += 1
    return count
