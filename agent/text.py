"""Small text utilities shared by the rubric, the claims ledger and the writers."""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Mapping

_WORD = re.compile(r"[A-Za-z0-9$][\w$%.,'’\-/]*")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\u00a0": " "})


_local = threading.local()


def replace_literals(text: str, replacements: Mapping[str, str]) -> str:
    """``text`` with each key replaced by its value, longest key first (so a secret that holds
    another is replaced whole); empty keys are ignored. The one way the desk scrubs secrets from
    messages, logs and recordings."""
    for literal in sorted((k for k in replacements if k), key=len, reverse=True):
        text = text.replace(literal, replacements[literal])
    return text


def _segmenter():
    """One pysbd segmenter per thread: a Segmenter keeps per-call state, and the section desks
    split sentences in parallel threads (a shared one garbled sentences under load)."""
    segmenter = getattr(_local, "segmenter", None)
    if segmenter is None:
        import pysbd

        segmenter = _local.segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    return segmenter


def split_sentences(text: str) -> list[tuple[int, int, str]]:
    """Sentences of ``text`` as ``(start, end, sentence)`` with offsets into ``text``.

    pysbd handles abbreviations ("U.S.", "Inc.") and decimals ("5.4"); we trim the trailing
    whitespace it keeps and recompute offsets so ``text[start:end] == sentence`` always holds.
    """
    return list(_split_cached(text))


@functools.lru_cache(maxsize=4096)
def _split_cached(text: str) -> tuple[tuple[int, int, str], ...]:
    """pysbd is the slowest step of a baseline draft (a few ms per text), and the same item and
    essay texts are split by several nodes (attribution, the baseline writer, the lints), so
    results are remembered; the segmentation of a text never changes."""
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
    return tuple(spans)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def word_count(text: str) -> int:
    return len(words(text))


def normalize_for_match(text: str) -> str:
    """Whitespace- and quote-normalised text for verbatim quote checks (docs/design.md §5)."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip().lower()


def contains_quote(haystack: str, quote: str) -> bool:
    return bool(quote.strip()) and normalize_for_match(quote) in normalize_for_match(haystack)


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters at a word boundary, with an ellipsis when cut."""
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + "…"
