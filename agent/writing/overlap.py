"""Division of labour between the lead essay and the section essays, measured.

The lead essay argues the day's thesis; the wire and labs essays report their sections. A reader
should never meet the same sentence twice, so a pair of sentences (one in the lead, one in a
section) *repeats* when their content words overlap by ``REPEAT_THRESHOLD`` or more: the share of
the shorter sentence's content words (lower-cased, stemmed, stop words removed) that the other
sentence also has. Sentences with fewer than ``MIN_CONTENT_WORDS`` content words ("The
constraint is silicon.") carry no fact to repeat and are never counted.

The baseline planner avoids such pairs, the critique reports them to the reviser, and the eval
counts them (``lead_section_repeats``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bm25s.stopwords import STOPWORDS_EN_PLUS

from agent.text import split_sentences

REPEAT_THRESHOLD = 0.8
MIN_CONTENT_WORDS = 4
_TOKEN = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")
_STOP = frozenset(STOPWORDS_EN_PLUS)


@dataclass(frozen=True)
class RepeatedSentence:
    """A lead-essay sentence that a section essay also says."""

    paragraph: int
    lead: str
    section: str
    section_sentence: str
    overlap: float

    def describe(self) -> str:
        return (f"lead ¶{self.paragraph + 1} repeats the {self.section} section "
                f"({self.overlap:.0%} of its words): {self.lead!r}")


@lru_cache(maxsize=1)
def _stemmer():  # noqa: ANN202 - PyStemmer has no type stubs
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=8192)
def content_words(sentence: str) -> frozenset[str]:
    tokens = [t for t in _TOKEN.findall(sentence.lower().replace("’", "'")) if t not in _STOP]
    return frozenset(_stemmer().stemWords(tokens))


def overlap(a: str, b: str) -> float:
    """Share of the shorter sentence's content words the other has (0 when either is short)."""
    wa, wb = content_words(a), content_words(b)
    shorter = min(len(wa), len(wb))
    return len(wa & wb) / shorter if shorter >= MIN_CONTENT_WORDS else 0.0


def repeats(sentence: str, others: Iterable[str]) -> bool:
    return any(overlap(sentence, other) >= REPEAT_THRESHOLD for other in others)


def sentences(paragraphs: Sequence[str]) -> list[tuple[int, str]]:
    """(paragraph index, sentence) for every sentence of ``paragraphs``."""
    return [(n, s) for n, p in enumerate(paragraphs) for _, _, s in split_sentences(p)]


def repeated_sentences(lead: Sequence[str],
                       sections: Mapping[str, Sequence[str]]) -> list[RepeatedSentence]:
    """Every (lead sentence, section sentence) pair at or above the threshold."""
    found = []
    section_sentences = [(name, s) for name, paragraphs in sections.items()
                         for _, s in sentences(paragraphs)]
    for paragraph, sentence in sentences(lead):
        for name, other in section_sentences:
            score = overlap(sentence, other)
            if score >= REPEAT_THRESHOLD:
                found.append(RepeatedSentence(paragraph, sentence, name, other, round(score, 3)))
    return found
