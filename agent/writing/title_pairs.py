"""Pairs of headlines whose rapidfuzz ``token_set_ratio`` reaches a threshold, without scoring
every pair (a day of 10,000 items has 50 million of them).

``token_set_ratio`` splits each title into a set of words and scores a pair three ways: the
shared words against each title, ``2s / (s + L)`` (``s`` the length of the shared words joined,
``L`` that of the title's words joined), and the two titles against each other, which differ
only in the words they do not share. The first two reach a threshold ``t`` only when the shared
words make up at least ``t / (2 - t)`` of a title's length (56 percent at 72), and if they do for
the longer title they do for the shorter one. That gives a prefix filter, as in set-similarity
joins: sort a title's words rarest first and take the shortest prefix after which the remaining
words are too short to make that share; a pair that reaches the threshold through its shared
words shares a word of its shorter title's prefix. Only such candidates are scored, in batches
(``rapidfuzz.process.extract``). A pair that reaches the threshold only through the character
likeness of the words it does *not* share (reordered titles with "launch" and "launches") can be
missed: the price of not scoring every pair. Rare words have short posting lists, so the
candidates stay few.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence

from rapidfuzz import fuzz, process

_MARGIN = 0.01  # keep prefixes a little longer than the bound requires (float rounding)


def similar_pairs(texts: Sequence[str], threshold: float) -> Iterator[tuple[int, int]]:
    """Links ``(i, j)`` between texts whose ``token_set_ratio`` is at least ``threshold``: every
    such pair found (see the module) is connected through them. A text repeated verbatim (one
    story syndicated to many outlets) is linked to its first occurrence and compared once."""
    first: dict[str, int] = {}
    distinct: list[int] = []
    for position, text in enumerate(texts):
        if text in first and text.split():
            yield first[text], position
        elif text not in first:
            first[text] = position
            distinct.append(position)
    for a, b in _scored_pairs([texts[p] for p in distinct], threshold):
        yield distinct[a], distinct[b]


def _scored_pairs(texts: Sequence[str], threshold: float) -> Iterator[tuple[int, int]]:
    """Each pair once: candidates from the rarest-prefix index, scored in batches."""
    words = [frozenset(text.split()) for text in texts]
    lengths = [len(" ".join(held)) for held in words]
    frequency = Counter(word for held in words for word in held)
    postings: dict[str, list[int]] = defaultdict(list)
    for position, held in enumerate(words):
        for word in held:
            postings[word].append(position)
    ratio = threshold / 100
    share = ratio / (2 - ratio) - _MARGIN
    for position, held in enumerate(words):
        shorter = (lengths[position], position)
        prefix = _rarest_prefix(held, frequency, share * lengths[position])
        candidates = sorted({other for word in prefix for other in postings[word]
                             if (lengths[other], other) > shorter})
        if not candidates:
            continue
        matches = process.extract(texts[position], [texts[j] for j in candidates],
                                  scorer=fuzz.token_set_ratio, score_cutoff=threshold,
                                  limit=None)
        yield from ((position, candidates[index]) for _, _, index in matches)


def _rarest_prefix(words: frozenset[str], frequency: Counter[str], needed: float) -> list[str]:
    """The rarest words of a title until the others could no longer make ``needed``
    characters of shared words (joined by spaces) on their own."""
    rest = len(" ".join(words))
    prefix: list[str] = []
    for word in sorted(words, key=lambda w: (frequency[w], w)):
        if rest < needed:
            break
        prefix.append(word)
        rest -= len(word) + 1
    return prefix
