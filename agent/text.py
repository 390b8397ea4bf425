"""Small text utilities shared by the rubric, the claims ledger and the writers."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[A-Za-z0-9$][\w$%.,'’\-/]*")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\u00a0": " "})


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def split_sentences(text: str) -> list[tuple[int, int, str]]:
    """Sentences of ``text`` as ``(start, end, sentence)`` with offsets into ``text``.

    pysbd handles abbreviations ("U.S.", "Inc.") and decimals ("5.4"); we trim the trailing
    whitespace it keeps and recompute offsets so ``text[start:end] == sentence`` always holds.
    """
    spans: list[tuple[int, int, str]] = []
    cursor = 0
    for segment in _segmenter().segment(text):
        sentence = segment.sent.strip()
        if not sentence:
            continue
        start = text.find(sentence, cursor)
        if start < 0:  # pysbd normalised something; fall back to its own offsets
            start = segment.start
        end = start + len(sentence)
        spans.append((start, end, sentence))
        cursor = end
    return spans


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def word_count(text: str) -> int:
    return len(words(text))


def normalize_for_match(text: str) -> str:
    """Whitespace- and quote-normalised text for verbatim quote checks (DESIGN §5)."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip().lower()


def contains_quote(haystack: str, quote: str) -> bool:
    return bool(quote.strip()) and normalize_for_match(quote) in normalize_for_match(haystack)


_ENTITY = re.compile(
    r"\b(?:[A-Z][\w.&'’-]*[A-Za-z0-9]|[A-Z]{2,}|[A-Z]\d[\w.-]*)(?:\s+(?:[A-Z][\w.&'’-]*|\d[\w.]*))*"
)
_SENTENCE_STARTERS = frozenset(
    "The A An This That These Those It Its In On At For From With As But And Or Yet So "
    "Meanwhile Today Yesterday Elsewhere Still Even Every Each No Not Both While When Why How "
    "What Who Where Rather Instead Across After Before Under Over Between Since By To Of If "
    "Companies Labs Lab Researchers Builders Developers Workers".split()
)


def entity_names(text: str) -> list[str]:
    """Capitalised names in ``text`` (companies, products, people, models), in order, unique.

    A deterministic stand-in for NER: runs of capitalised or digit-bearing tokens, with a
    leading sentence-starter word ("The", "Meanwhile") dropped.
    """
    found: list[str] = []
    for match in _ENTITY.finditer(text):
        tokens = match.group(0).split()
        while tokens and tokens[0] in _SENTENCE_STARTERS:
            tokens = tokens[1:]
        name = re.sub(r"['’]s$", "", " ".join(tokens).rstrip(".,;:'’"))
        if len(name) > 1 and name not in found:
            found.append(name)
    return found
