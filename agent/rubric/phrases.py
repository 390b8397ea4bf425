"""Phrase lists from the rubric compiled into whole-word, case-insensitive regular expressions.

List syntax (documented in ``prompts/rubric.toml``): words separated by spaces match any run of
whitespace; an apostrophe matches ``'`` or ``’``; a hyphen matches a hyphen, a space or nothing
("game-changing", "game changing", "gamechanging"); a trailing ``*`` matches any word ending
("delv*" matches "delve", "delves", "delving").
"""

from __future__ import annotations

import re
from functools import lru_cache

_BEFORE = r"(?<![\w-])"
_AFTER = r"(?![\w-])"


def _phrase_pattern(phrase: str) -> str:
    phrase = phrase.strip()
    wildcard = phrase.endswith("*")
    parts = []
    for char in phrase.rstrip("*"):
        if char == " ":
            parts.append(r"\s+")
        elif char in "'’":
            parts.append("['’]")
        elif char == "-":
            parts.append(r"[-\s]?")
        else:
            parts.append(re.escape(char))
    return "".join(parts) + (r"\w*" if wildcard else "")


@lru_cache(maxsize=64)
def compile_phrases(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern matching any phrase as whole words; longest phrases win."""
    alternatives = sorted({_phrase_pattern(p) for p in phrases if p.strip()}, key=len, reverse=True)
    if not alternatives:
        return re.compile(r"(?!x)x")  # matches nothing
    return re.compile(_BEFORE + "(?:" + "|".join(alternatives) + ")" + _AFTER, re.IGNORECASE)


def find_phrases(text: str, phrases: tuple[str, ...]) -> list[str]:
    """The phrases found in ``text``, verbatim, in order of appearance."""
    return [match.group(0) for match in compile_phrases(phrases).finditer(text)]
