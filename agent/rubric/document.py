"""The essay as the lints see it: paragraphs, their lines and sentences, and the by-line.

Built once per lint run so every check reads the same sentence split (pysbd, via
``agent.text.split_sentences``) and the same word counts (``agent.text.word_count``). Quoted
speech is someone else's words: each sentence also carries ``unquoted``, its text with every
double-quoted span blanked out, masked per paragraph so a quote spanning sentences is covered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from agent.text import split_sentences, word_count

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_BYLINE_DECORATION = re.compile(r"^(?:[—–-]+\s*|by\s+)", re.IGNORECASE)
_BYLINE_WORD = re.compile(r"^[A-Z][\w'’.-]*$")
_TERMINAL_PUNCTUATION = ".!?:;,"
_QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”')


@dataclass(frozen=True)
class Sentence:
    """One sentence of a paragraph; ``text == paragraphs[paragraph][start:end]``.

    ``unquoted`` has the same length as ``text``, with quoted speech replaced by spaces.
    """

    paragraph: int
    index: int
    start: int
    end: int
    text: str
    words: int
    unquoted: str


@dataclass(frozen=True)
class EssayDocument:
    """A lead essay under lint: paragraphs (verbatim), the by-line found, the by-line expected."""

    paragraphs: tuple[str, ...]
    byline: str | None
    expected_byline: str
    sentences_by_paragraph: tuple[tuple[Sentence, ...], ...]

    @classmethod
    def build(cls, paragraphs: list[str], byline: str | None, expected_byline: str) -> EssayDocument:
        return cls(
            paragraphs=tuple(paragraphs),
            byline=byline,
            expected_byline=expected_byline,
            sentences_by_paragraph=tuple(_sentences(i, p) for i, p in enumerate(paragraphs)),
        )

    @property
    def sentences(self) -> list[Sentence]:
        return [s for paragraph in self.sentences_by_paragraph for s in paragraph]

    @property
    def word_count(self) -> int:
        return sum(word_count(paragraph) for paragraph in self.paragraphs)

    def lines(self) -> list[tuple[int, str]]:
        """Every non-empty line as ``(paragraph index, line)``, for layout checks."""
        return [(index, line.strip()) for index, paragraph in enumerate(self.paragraphs)
                for line in paragraph.splitlines() if line.strip()]


def _sentences(paragraph: int, text: str) -> tuple[Sentence, ...]:
    unquoted = mask_quotes(text)
    return tuple(
        Sentence(paragraph, index, start, end, sentence, word_count(sentence),
                 unquoted[start:end])
        for index, (start, end, sentence) in enumerate(_split_cached(text))
    )


def mask_quotes(text: str) -> str:
    """``text`` with every double-quoted span (quote marks included) replaced by spaces."""
    return _QUOTED.sub(lambda match: " " * len(match.group(0)), text)


@lru_cache(maxsize=2048)
def _split_cached(text: str) -> tuple[tuple[int, int, str], ...]:
    """pysbd is the slow step; revisions and eval variants re-lint many identical paragraphs."""
    return tuple(split_sentences(text))


def parse_essay_text(text: str) -> tuple[list[str], str | None]:
    """Split plain text into paragraphs (blank-line separated) and an optional by-line.

    The by-line is the last line when it is a short name: 2-4 capitalised words without terminal
    punctuation, optionally decorated as ``— Name``, ``By Name`` or ``*Name*``.
    """
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [p.strip() for p in _PARAGRAPH_BREAK.split(normalised) if p.strip()]
    if not paragraphs:
        return [], None
    *head, last_line = paragraphs[-1].split("\n")
    byline = _as_byline(last_line)
    if byline is None:
        return paragraphs, None
    rest = "\n".join(head).strip()
    return [*paragraphs[:-1], *([rest] if rest else [])], byline


def _as_byline(line: str) -> str | None:
    candidate = _BYLINE_DECORATION.sub("", line.strip().strip("*_").strip()).strip("*_ ")
    if not candidate or candidate[-1] in _TERMINAL_PUNCTUATION:
        return None
    names = candidate.split()
    if not 2 <= len(names) <= 4 or not all(_BYLINE_WORD.match(name) for name in names):
        return None
    return " ".join(names)
