"""Attribution: which of the day's items support a sentence, and which words of them to quote.

* ``ItemIndex`` is BM25 (``bm25s``, Snowball stemming, English stop words) over every item's
  evidence text plus its outlet/lab/model names; ``candidates`` proposes items for a sentence.
* ``best_window`` / ``best_quote`` pick the sentence (or pair of adjacent sentences) of an item's
  ``evidence_text()`` that best supports a claim: content-word recall, plus credit for the
  claim's figures that the window contains.
* ``attribute`` chooses the cited items: among the BM25 candidates, greedily the ones that cover
  the claim's figures and names (a sentence that combines three stories cites three items).
* A quote is only ever kept if it is a substring of the cited item after normalisation
  (``agent.text.contains_quote``); anything else is dropped (instructor's citation validator).
* An item is cited only for something of the claim it holds: a figure, a name, or a content
  word that is not generic (``GENERIC_TERMS``: "lab", "AI", "today", "model", ...). Sharing
  "Labs" with "Lab announcements today came from AMD" makes no item a source.
* Withheld items (``agent.sources.intake``) are never indexed, so never proposed or cited.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import bm25s
import numpy as np

from agent.claims.entities import Entity, EntityExtractor, entity_haystack, entity_present
from agent.claims.lexical import STOPWORDS, TermWeights, content_terms, recall, stemmer
from agent.claims.numbers import Quantity, checkable_quantities, extract_quantities, find_match
from agent.schemas import ClaimSource, ItemBase
from agent.text import contains_quote, split_sentences

# bm25s sets its own logger to DEBUG and logs every index build; the desk's stderr is for people.
logging.getLogger("bm25s").setLevel(logging.WARNING)

GENERIC_WORDS = """lab labs ai a.i model models today yesterday tonight announce announced
    announces announcement announcements company companies firm firms new news release released
    releases launch launched launches said says say report reported reports week weeks year years
    day days startup startups team teams tech technology technologies update updates updated
    inc corp co ltd llc group people time came come comes make makes made use used uses using
    first latest more most""".split()
GENERIC_TERMS: frozenset[str] = frozenset(content_terms(" ".join(GENERIC_WORDS)))
"""Stemmed words too common in the beat to tie a claim to a source on their own."""
PAIR_BONUS_NEEDED = 0.15  # a two-sentence quote must add this much support over one sentence
FIGURE_WEIGHT = 0.5
MIN_WORD_GAIN = 0.15  # a further source must add this share of the claim's (weighted) words


@dataclass(frozen=True, slots=True)
class Window:
    """A quotable stretch of an item's evidence text and how well it supports a claim."""

    text: str
    score: float


@dataclass(frozen=True)
class ClaimNeeds:
    """What a sentence asserts that a source must contain: its figures and its names."""

    quantities: tuple[Quantity, ...]
    entities: tuple[Entity, ...]


class ItemIndex:
    """BM25 over the day's items, plus the per-item views attribution and verification reuse."""

    def __init__(self, items: Iterable[ItemBase]) -> None:
        from agent.sources.intake import is_withheld

        self.items: list[ItemBase] = [item for item in items if not is_withheld(item)]
        self._by_id = {item.id: item for item in self.items}
        self.entities = EntityExtractor.from_items(self.items)
        self._tokenizer = bm25s.tokenization.Tokenizer(
            stemmer=stemmer(), stopwords=sorted(STOPWORDS)
        )
        self._bm25: bm25s.BM25 | None = None
        if self.items:
            corpus = self._tokenizer.tokenize(
                [_index_text(item) for item in self.items], show_progress=False
            )
            self._bm25 = bm25s.BM25()
            self._bm25.index(corpus, show_progress=False)
        self._haystacks: dict[str, str] = {}
        self._terms = {item.id: frozenset(content_terms(_index_text(item))) for item in self.items}
        self.weights = TermWeights(self._terms.values())

    def get(self, item_id: str) -> ItemBase | None:
        return self._by_id.get(item_id)

    def candidates(self, text: str, k: int = 5) -> list[tuple[ItemBase, float]]:
        """The ``k`` items that best match ``text`` by BM25, best first; zero scores left out."""
        if self._bm25 is None:
            return []
        query = self._tokenizer.tokenize([text], update_vocab=False, show_progress=False)[0]
        unknown = self._tokenizer.get_vocab_dict().get("")  # words the corpus never used
        query = [token for token in query if token != unknown]
        if not query:
            return []
        scores = self._bm25.get_scores(query)
        order = np.argsort(-scores, kind="stable")[:k]
        return [(self.items[i], float(scores[i])) for i in order if scores[i] > 0]

    def haystack(self, item: ItemBase) -> str:
        """The item's normalised text for entity presence (cached)."""
        if item.id not in self._haystacks:
            self._haystacks[item.id] = entity_haystack(item)
        return self._haystacks[item.id]

    def item_terms(self, item: ItemBase) -> frozenset[str]:
        """Content words of the item's evidence and names (stemmed)."""
        if item.id not in self._terms:
            self._terms[item.id] = frozenset(content_terms(_index_text(item)))
        return self._terms[item.id]

    def needs(self, text: str) -> ClaimNeeds:
        return ClaimNeeds(tuple(checkable_quantities(text)), tuple(self.entities.extract(text)))

    def nearest(self, text: str, k: int = 5) -> tuple[ItemBase, Window] | None:
        """The best-supporting window over all items (for the editor's "nearest source text")."""
        best: tuple[ItemBase, Window] | None = None
        for item, _ in self.candidates(text, k):
            window = best_window(text, item)
            if window and (best is None or window.score > best[1].score):
                best = (item, window)
        return best


def _index_text(item: ItemBase) -> str:
    names = [item.source, getattr(item, "org", None) or "", getattr(item, "model", "") or ""]
    return " ".join([item.evidence_text(), *names])


# -- quotes ----------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _windows(evidence: str) -> tuple[tuple[str, frozenset[str]], ...]:
    sentences = [s for _, _, s in split_sentences(evidence)] or [evidence]
    return tuple((s, frozenset(content_terms(s))) for s in sentences)


@lru_cache(maxsize=4096)
def evidence_quantities(evidence: str) -> tuple[Quantity, ...]:
    return tuple(extract_quantities(evidence))


def best_window(sentence: str, item: ItemBase) -> Window | None:
    """The stretch of ``item.evidence_text()`` that best supports ``sentence``: its best
    sentence, or that sentence with a neighbour when the pair supports clearly more. None if
    nothing in the item overlaps the claim."""
    evidence = item.evidence_text()
    claim_terms = set(content_terms(sentence))
    figures = extract_quantities(sentence)
    windows = _windows(evidence)
    scores = [_score(claim_terms, figures, text, terms) for text, terms in windows]
    best_index = max(range(len(scores)), key=lambda i: scores[i].score)
    best = scores[best_index]
    for first, second in ((best_index - 1, best_index), (best_index, best_index + 1)):
        if first < 0 or second >= len(windows):
            continue
        pair = _pair_window(evidence, windows[first][0], windows[second][0])
        if pair is None:
            continue
        candidate = _score(claim_terms, figures, pair, windows[first][1] | windows[second][1])
        if candidate.score >= best.score + PAIR_BONUS_NEEDED:
            best = candidate
    return best if best.score > 0 else None


def best_quote(sentence: str, item: ItemBase) -> str | None:
    """A verbatim quote from ``item`` supporting ``sentence``, validated as a substring."""
    window = best_window(sentence, item)
    if window is None or not contains_quote(item.evidence_text(), window.text):
        return None
    return window.text


def _score(claim_terms: set[str], figures: Sequence[Quantity], text: str,
           terms: frozenset[str]) -> Window:
    score = recall(claim_terms, set(terms))
    if figures:
        window_figures = evidence_quantities(text)
        matched = sum(1 for q in figures if find_match(q, window_figures))
        score += FIGURE_WEIGHT * matched / len(figures)
    return Window(text=text, score=score)


def _pair_window(evidence: str, first: str, second: str) -> str | None:
    start = evidence.find(first)
    end = evidence.find(second, start + len(first)) if start >= 0 else -1
    return evidence[start:end + len(second)] if end >= 0 else None


# -- choosing sources ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Coverage:
    """A candidate source: which of the claim's needs (figure and name indexes) it covers."""

    item: ItemBase
    bm25: float
    covers: frozenset[int]
    terms: frozenset[str]


def attribute(
    text: str,
    index: ItemIndex,
    *,
    first: Sequence[ItemBase] = (),
    k: int = 10,
    max_sources: int = 4,
) -> list[ClaimSource]:
    """Sources for ``text``: the items in ``first`` (known provenance), then BM25 candidates
    chosen greedily: first to cover the claim's figures and names, then while one still adds a
    good share (``MIN_WORD_GAIN``, IDF-weighted) of the claim's words. A sentence with nothing
    to cover cites its best candidate. Items without a valid quote are not cited."""
    needs = index.needs(text)
    claim_terms = specific_terms(text)
    pool = [_coverage(item, 0.0, needs, index) for item in first]
    pool += [c for item, score in index.candidates(text, k)
             if item.id not in {p.item.id for p in pool}
             and holds_something(c := _coverage(item, score, needs, index), claim_terms)]
    cover = _GreedyCover(claim_terms, index.weights)
    sources = []
    for chosen in cover.choose(pool, n_first=len(first), max_sources=max_sources):
        quote = best_quote(text, chosen.item)
        if quote is not None:
            sources.append(ClaimSource(item_id=chosen.item.id, url=chosen.item.url, quote=quote))
    return sources


def specific_terms(text: str) -> frozenset[str]:
    """The claim's content words that can tie it to a source (generic ones left out)."""
    return frozenset(content_terms(text)) - GENERIC_TERMS


def holds_something(candidate: _Coverage, claim_terms: frozenset[str]) -> bool:
    """Whether the item holds a figure, a name or a specific word of the claim."""
    return bool(candidate.covers) or bool(candidate.terms & claim_terms)


def _coverage(item: ItemBase, score: float, needs: ClaimNeeds, index: ItemIndex) -> _Coverage:
    figures = evidence_quantities(item.evidence_text())
    haystack = index.haystack(item)
    covers = {i for i, q in enumerate(needs.quantities) if find_match(q, figures)}
    offset = len(needs.quantities)
    covers |= {offset + i for i, e in enumerate(needs.entities) if entity_present(e, haystack)}
    return _Coverage(item, score, frozenset(covers), index.item_terms(item))


@dataclass
class _GreedyCover:
    """Greedy set cover: figures and names first, then (IDF-weighted) words of the claim."""

    claim_terms: frozenset[str]
    weights: TermWeights

    def choose(self, pool: list[_Coverage], *, n_first: int, max_sources: int) -> list[_Coverage]:
        chosen, rest = pool[:n_first], pool[n_first:]
        if not chosen and rest:  # always cite something: the checks then say what it lacks
            chosen.append(max(rest, key=lambda c: (len(c.covers), c.bm25)))
            rest.remove(chosen[0])
        covered: frozenset[int] = frozenset().union(*(c.covers for c in chosen))
        words: frozenset[str] = frozenset().union(*(c.terms for c in chosen))
        while len(chosen) < max_sources and rest:
            best = max(rest, key=lambda c: (len(c.covers - covered), self._word_gain(words, c),
                                            c.bm25))
            if not best.covers - covered and self._word_gain(words, best) < MIN_WORD_GAIN:
                break
            chosen.append(best)
            covered |= best.covers
            words |= best.terms
            rest.remove(best)
        return chosen

    def _word_gain(self, words: frozenset[str], candidate: _Coverage) -> float:
        before = self.weights.coverage(self.claim_terms, words)
        return self.weights.coverage(self.claim_terms, words | candidate.terms) - before
