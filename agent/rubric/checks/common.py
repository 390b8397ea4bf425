"""Helpers shared by several checks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from agent.rubric.checks.registry import Finding
from agent.rubric.document import EssayDocument, Sentence
from agent.rubric.phrases import find_phrases


def quoted(terms: Iterable[str]) -> str:
    """``'a', 'b'`` with duplicates (case-insensitive) removed, order kept."""
    seen: dict[str, str] = {}
    for term in terms:
        seen.setdefault(term.lower(), term)
    return ", ".join(f"'{term}'" for term in seen.values())


def sentences_with_phrases(doc: EssayDocument, phrases: tuple[str, ...]) -> Iterator[Finding]:
    """One finding per sentence whose own words (quotes excluded) contain any of ``phrases``."""
    for sentence in doc.sentences:
        found = find_phrases(sentence.unquoted, phrases)
        if found:
            yield Finding(sentence.paragraph, sentence.text, quoted(found))


def sentence_finding(sentence: Sentence, detail: str = "") -> Finding:
    return Finding(sentence.paragraph, sentence.text, detail)
