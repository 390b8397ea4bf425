"""Folding text so a payload is recognised in whatever form it reaches the page.

A payload may arrive verbatim, NFKC-normalised, stripped of invisible characters, with its
look-alike letters folded back to Latin, markdown-escaped or re-spaced. ``fold`` maps all of those
to one skeleton (and is applied to the output and to the marker alike), so "is this payload in the
publishable text" does not depend on which cleaning a defence chose.

``HOMOGLYPHS`` is the look-alike table the injection corpus builds its payloads from; folding
inverts exactly that table (a general confusables engine is the defence's job, not the
measuring instrument's).
"""

from __future__ import annotations

import re
import unicodedata

# Latin letter -> a Cyrillic or Greek letter that renders the same in most fonts.
CYRILLIC: dict[str, str] = {
    "a": "\u0430", "c": "\u0441", "e": "\u0435", "o": "\u043e", "p": "\u0440", "x": "\u0445",
    "y": "\u0443", "i": "\u0456", "s": "\u0455", "j": "\u0458", "A": "\u0410", "B": "\u0412",
    "C": "\u0421", "E": "\u0415", "H": "\u041d", "I": "\u0406", "K": "\u041a", "M": "\u041c",
    "O": "\u041e", "P": "\u0420", "T": "\u0422", "X": "\u0425",
}
GREEK: dict[str, str] = {
    "o": "\u03bf", "i": "\u03b9", "v": "\u03bd", "u": "\u03c5", "k": "\u03ba", "a": "\u03b1",
    "A": "\u0391", "B": "\u0392", "E": "\u0395", "I": "\u0399", "O": "\u039f", "T": "\u03a4",
    "N": "\u039d", "K": "\u039a", "H": "\u0397", "X": "\u03a7", "Z": "\u0396", "P": "\u03a1",
    "Y": "\u03a5", "M": "\u039c",
}
HOMOGLYPHS: dict[str, dict[str, str]] = {"cyrillic": CYRILLIC, "greek": GREEK}
_TO_LATIN = str.maketrans({look: latin for table in HOMOGLYPHS.values()
                           for latin, look in table.items()})
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Mn", "Zl", "Zp"})


def fold(text: str) -> str:
    """The comparison skeleton: NFKC, no markdown escapes, no invisible or combining
    characters, look-alikes as Latin, case-folded, and no whitespace at all."""
    text = unicodedata.normalize("NFKC", text)
    text = _MARKDOWN_ESCAPE.sub(r"\1", text)
    text = "".join(c for c in text if unicodedata.category(c) not in _INVISIBLE_CATEGORIES)
    text = text.translate(_TO_LATIN).casefold()
    return "".join(text.split())


def found_markers(text: str, markers: tuple[str, ...]) -> list[str]:
    """The markers whose skeleton occurs in the skeleton of ``text``."""
    skeleton = fold(text)
    return [marker for marker in markers if fold(marker) and fold(marker) in skeleton]
