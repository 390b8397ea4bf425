"""Content words for lexical matching: lower-cased, stop words removed, Snowball-stemmed.

Shared by the BM25 index (``attribute.py``), the quote chooser and the verifier's overlap
measure, so "commitments" in a claim meets "committed" in a source the same way everywhere.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_EN_PLUS

STOPWORDS = frozenset(STOPWORDS_EN_PLUS)
_WORD = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")


@lru_cache(maxsize=1)
def stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def content_terms(text: str) -> list[str]:
    """Stemmed content words of ``text`` in order (duplicates kept)."""
    words = [w for w in _WORD.findall(text.lower().replace("’", "'")) if w not in STOPWORDS]
    words = [w.removesuffix("'s") for w in words if len(w) > 1 or w.isdigit()]
    return stemmer().stemWords(words)


def recall(claim_terms: set[str], window_terms: set[str]) -> float:
    """Share of the claim's content words that the window contains (0 when the claim has none)."""
    return len(claim_terms & window_terms) / len(claim_terms) if claim_terms else 0.0


class TermWeights:
    """Inverse document frequency over the day's items: a word most items use ("agent", "AI")
    says little about which story a claim comes from; a rare one ("Trainium") says a lot."""

    def __init__(self, documents: Iterable[Iterable[str]]) -> None:
        self.document_frequency: Counter[str] = Counter()
        self.documents = 0
        for terms in documents:
            self.document_frequency.update(set(terms))
            self.documents += 1

    def weight(self, term: str) -> float:
        return math.log((self.documents + 1) / (self.document_frequency[term] + 0.5))

    def coverage(self, claim_terms: Iterable[str], evidence_terms: AbstractSet[str]) -> float:
        """Weighted share of ``claim_terms`` found in ``evidence_terms`` (0 when there are none)."""
        weights = {term: self.weight(term) for term in claim_terms}
        total = sum(weights.values())
        return sum(w for t, w in weights.items() if t in evidence_terms) / total if total else 0.0
