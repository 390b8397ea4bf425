"""Quantities in text, normalised to a value and a unit, and the rules for when two of them match.

Units (canonical names and what maps to them):

==================  ========================================================================
``usd``             ``$100 billion`` = ``$100B`` = ``$100bn`` = ``US$100 billion`` = 1e11;
                    ``$5.63``; ``3 billion dollars``; ``USD 3 billion``
``eur``, ``gbp``    the same shapes with ``€`` / ``£``
``usd_per_1m``      a price per million tokens: ``$5.63 per 1M tokens``, ``$4.50/1M``
``percent``         ``10%`` = ``10 percent`` = ``10 per cent``
``pp``              percentage points, a distinct unit: ``2.8 percentage points``, ``3 points``
``multiplier``      ``100x``, ``3.2×``, ``100 times``, ``100-fold``
``tokens_per_s``    ``82 tok/s``, ``82 output tokens per second``
``rank``            ``1st``, ``17th``, ``#1``, ``rank 3``, ``third place``, "climbed from 17th
                    to 3rd"; ordinal *words* only in a rank context ("first access" is no rank)
``year``            four-digit 1900-2100 without separators (``2027``)
``number``          everything else: counts and scores (``15,000 jobs``, ``300 sub-agents``,
                    ``1000+``, ``130 million``, ``57.2``) and written-out numbers ("two or
                    three", "ten", "two million"); small written counts with no unit are
                    *soft* (``Quantity.soft``): extracted, but no claim is judged on them
==================  ========================================================================

Not quantities: digits inside identifiers and model names (``GPT-5.4``, ``K2.6``, ``Qwen3``,
``32B``, ``sub-1``, ``gpt-5.2-2025-12-11-medium``), a version number right after a name
(``Claude Opus 4.6``, ``Gemini 3.1 Pro``, ``Grok 4.20``) and the day in a date (``April 21``).
Model names are entities (``agent.claims.entities``), never numbers.

Matching rules (``quantities_match``):

* Units must be compatible: equal, or both dimensionless (``number`` with ``percent`` or
  ``year``: "65.3" cites "65.3%"), or money with a bare scaled number
  ("130 million" cites "$130 million"), or ``usd`` with ``usd_per_1m`` (a price quoted bare).
* Rounding: two values match when they agree within half a unit of the last written digit of the
  *coarser* of the two (``72%`` matches ``71.6``; ``$1.5 billion`` matches ``$1.52 billion``;
  ``15,000`` needs 15,000 exactly; ranks and years are exact).
* Hedged figures ("about", "roughly", "nearly", "almost", "around", "approximately", "~", "some",
  "close to") may differ by up to 10 percent. Bounds ("over", "more than", "at least", "up to",
  "1000+") are compared by their written value: a writer repeats the source's bound.
* Percentage points may be derived: ``2.8 points`` matches when two percent/score values in the
  evidence differ by 2.8 (within rounding); "up 3 points" is checkable against two table rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Unit = Literal["usd", "eur", "gbp", "usd_per_1m", "percent", "pp", "multiplier", "tokens_per_s",
               "rank", "year", "number"]

_SCALE_WORDS = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "b": 1e9, "bn": 1e9, "t": 1e12, "tn": 1e12,
}
_ONES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20,
}
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_APPROX = re.compile(
    r"(?:\babout|\baround|\broughly|\bapproximately|\bnearly|\balmost|\bsome|\bclose to|"
    r"\bestimated|~)\s*(?:US)?[$€£]?\s*$", re.IGNORECASE,
)
APPROX_TOLERANCE = 0.10

_NUM = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_WRITTEN = re.compile(
    r"\b(?:(?:" + "|".join(_TENS) + r")(?:-(?:" + "|".join(k for k in _ONES if _ONES[k] < 10)
    + r"))?|" + "|".join(_ONES) + r"|a dozen|dozen)\b",
    re.IGNORECASE,
)
_ORD_WORD = "|".join(ORDINAL_WORDS)
_RANK_CONTEXT = re.compile(
    rf"\b(?P<a>{_ORD_WORD})(?:\s*(?:,|and|or|to|through)\s*(?:and\s+)?(?P<b>{_ORD_WORD}))?"
    rf"(?=\s+(?:place|position|spot|rank|slot)s?\b)"
    rf"|\b(?:rank(?:s|ed)?|climb(?:s|ed)?|r(?:ise|ose|isen|ises)|f(?:ell|all|alls)|"
    rf"drop(?:s|ped)?|mov(?:es|ed)|slipp(?:ed)?|slips|jump(?:s|ed)?|sits?|sat|finish(?:es|ed)?)"
    rf"\s+(?:from|to|at|in)?\s*(?P<c>{_ORD_WORD})\b"
    rf"|\b(?:from|to)\s+(?P<d>{_ORD_WORD})\s+(?:to|from)\s+(?P<e>{_ORD_WORD})\b",
    re.IGNORECASE,
)

_UNIT_SUFFIXES: tuple[tuple[re.Pattern[str], Unit], ...] = (
    (re.compile(r"\s?(?:%|\\%|percent\b|per\s?cent\b|pct\b)", re.I), "percent"),
    (re.compile(r"\s?(?:-\s?)?(?:percentage[\s-]points?|pp\b|pts?\b|points?\b)", re.I), "pp"),
    (re.compile(r"(?:\s?[x×](?![\w])|\s?-?\s?fold\b|\s(?:times)\b)", re.I), "multiplier"),
    (re.compile(r"\s?(?:output\s+|input\s+)?(?:tok(?:en)?s?\s?/\s?s(?:ec)?\b|t/s\b|tps\b|"
                r"tokens?\s+(?:per|a|/)\s*(?:second|sec|s)\b)", re.I), "tokens_per_s"),
    (re.compile(r"\s?(?:st|nd|rd|th)\b", re.I), "rank"),
)
_PER_MILLION_TOKENS = re.compile(
    r"\s?(?:/|per|a)\s*(?:1\s?M\b|1\s?million\b|million\b|M\b|mtok\b)"
    r"(?:\s*(?:input|output|blended)?\s*tokens?)?", re.I,
)
_TRAILING_CURRENCY = re.compile(r"\s(?:dollars|usd|us dollars)\b", re.I)
_CURRENCY_PREFIX = re.compile(r"(?:US\s?\$|\$|USD\s|€|EUR\s|£|GBP\s)\s?$")
_RANK_PREFIX = re.compile(r"(?:#|\bNo\.\s?|\brank(?:ed)?\s(?:No\.\s?|#)?|\bnumber\s)$", re.I)
_BOUND_SUFFIX = re.compile(r"\+")
_PREV_WORD = re.compile(r"([A-Za-z][\w.&'’-]*)\s$")
_SCALE_WORD = re.compile(r"\s?-?\s?(thousand|million|billion|trillion)\b", re.I)
_SCALE_LETTER = re.compile(r"(bn|mn|mln|tn|[kKmMbBtT])(?![A-Za-z])")
_ATTACHED_UNIT = re.compile(
    r"(?:[x×](?![A-Za-z])|(?:st|nd|rd|th)\b|(?:bn|mn|mln|tn|[kKMBT])(?![A-Za-z])|pp\b|pts?\b|"
    r"tok(?:ens)?/s\b|t/s\b|tps\b|fold\b)"
)
_HYPHEN_UNIT = re.compile(r"-(?:fold|percent|point|points|times)\b", re.I)
# Capitalised words that may open a sentence right before a figure ("About 40 companies"):
# a number after them is a figure, not a model version.
_FUNCTION_WORDS = frozenset(
    """a about above across after all almost an and any approximately around as at before below
    between both but by during each either every few for from in into just less more most much
    nearly neither no nor of on only or over per roughly since so some than that the these this
    those through to top under until up upwards via while with within without""".split()
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A normalised figure and where it was.

    ``value`` is in base units (dollars, not billions); ``text`` and ``span`` are the figure as
    written (``text == source[span[0]:span[1]]``); ``resolution`` is half a unit of the last
    written digit in base units ($100 billion: 0.5e9), the rounding a match allows;
    ``approximate`` marks a hedged figure ("about $5 billion"); ``written`` a spelled-out one.
    """

    value: float
    unit: Unit
    text: str
    span: tuple[int, int]
    resolution: float = 0.5
    approximate: bool = False
    written: bool = False

    @property
    def soft(self) -> bool:
        """A small written-out count with no unit ("two categories", "a two or three player
        market"): rhetoric far more often than a figure, so claims are not judged on it."""
        return self.written and self.unit == "number" and self.value < 10 and self.resolution == 0.5

    def describe(self) -> str:
        return f"{self.text!r} ({self.unit} {self.value:g})"


def extract_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``, in order of appearance, without overlaps."""
    found = [q for q in (_digit_quantity(text, m) for m in _NUM.finditer(text)) if q]
    found += _written_quantities(text)
    found += _ordinal_word_ranks(text)
    found.sort(key=lambda q: (q.span[0], -(q.span[1] - q.span[0])))
    kept: list[Quantity] = []
    for quantity in found:
        if not kept or quantity.span[0] >= kept[-1].span[1]:
            kept.append(quantity)
    return kept


# -- digits ----------------------------------------------------------------------------------


def _digit_quantity(text: str, match: re.Match[str]) -> Quantity | None:
    start, end = match.span()
    rank_prefix = _RANK_PREFIX.search(text, max(0, start - 12), start)
    if _inside_identifier(text, start, end):
        return None
    if not rank_prefix and _is_version_or_day(text, start, end):
        return None
    raw = match.group(0)
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    currency = _CURRENCY_PREFIX.search(text, max(0, start - 6), start)
    scale, end = _scale_suffix(text, end, allow_letter=bool(currency))
    unit: Unit = "rank"
    if currency or not rank_prefix:
        unit, end = _unit_after(text, end, currency.group(0) if currency else None)
    if unit == "number" and scale == 1 and re.fullmatch(r"(?:19|20)\d\d", raw):
        unit = "year"
    span_start = currency.start() if currency else start
    return Quantity(
        value=float(raw.replace(",", "")) * scale, unit=unit, text=text[span_start:end],
        span=(span_start, end), resolution=0.5 * 10**-decimals * scale,
        approximate=_is_hedged(text, span_start),
    )


def _is_hedged(text: str, start: int) -> bool:
    return bool(_APPROX.search(text, max(0, start - 25), start))


def _inside_identifier(text: str, start: int, end: int) -> bool:
    """Digits that belong to a name: ``GPT-5.4``, ``K2.6``, ``32B``, ``sub-1``, ``v2``, ``24/7``."""
    prev = text[start - 1] if start else " "
    if prev.isalpha() or prev in "_/\\.^~":
        return True
    if prev == "-" and start >= 2 and text[start - 2].isalnum():
        # "GPT-5.4", "GEN-1", "sub-1", "2025-12-11" inside a model id; "10-15" is a range
        return _token_has_letter(text, start)
    nxt = text[end:end + 1]
    if nxt == "/" and text[end + 1:end + 2].isdigit():
        return not _PER_MILLION_TOKENS.match(text, end)  # fractions and "24/7", not "$4.50/1M"
    if nxt.isalpha():
        return not _ATTACHED_UNIT.match(text, end)  # "32B", "3D", "5G" (but "100x", "17th")
    if nxt == "-" and text[end + 1:end + 2].isalpha():
        return not _HYPHEN_UNIT.match(text, end)  # "GPT-4-class"; "100-fold" is a unit
    return False


def _token_has_letter(text: str, start: int) -> bool:
    left = start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    return any(ch.isalpha() for ch in text[left:start])


def _is_version_or_day(text: str, start: int, end: int) -> bool:
    """``Claude Opus 4.6``, ``Llama 4``, ``Gemini 3.1 Pro`` (a number right after a capitalised
    name, with no unit) and ``April 21`` (a day of the month)."""
    prev_word = _PREV_WORD.search(text, max(0, start - 40), start)
    if not prev_word or not prev_word.group(1)[0].isupper():
        return False
    word = prev_word.group(1).lower().rstrip(".")
    raw = text[start:end]
    if word in _MONTHS:
        return "." not in raw and len(raw) <= 2
    if word in _FUNCTION_WORDS or "," in raw or re.fullmatch(r"(?:19|20)\d\d", raw):
        return False
    if _scale_suffix(text, end, allow_letter=False)[0] != 1:
        return False
    if _unit_after(text, end, None)[0] != "number":
        return False
    return "." in raw or float(raw) < 100


def _scale_suffix(text: str, end: int, *, allow_letter: bool) -> tuple[float, int]:
    """``million``/``bn``/``B`` after a number: its multiplier and where the figure ends.

    Bare ``m``/``b``/``t`` count as scales only after a currency sign (``$5b``), where they
    cannot mean metres or a model size."""
    word = _SCALE_WORD.match(text, end)
    if word:
        return _SCALE_WORDS[word.group(1).lower()], word.end()
    letters = _SCALE_LETTER.match(text, end)
    if letters and (allow_letter or letters.group(1) not in {"m", "b", "t"}):
        return _SCALE_WORDS[letters.group(1).lower()], letters.end()
    return 1.0, end


def _unit_after(text: str, end: int, currency: str | None) -> tuple[Unit, int]:
    rest = text[end:]
    if currency is not None or _TRAILING_CURRENCY.match(rest):
        unit = _currency_unit(currency)
        trailing = _TRAILING_CURRENCY.match(rest)
        if trailing:
            end += trailing.end()
            rest = text[end:]
        per_million = _PER_MILLION_TOKENS.match(rest)
        if per_million and unit == "usd":
            return "usd_per_1m", end + per_million.end()
        return unit, end
    for pattern, unit in _UNIT_SUFFIXES:
        suffix = pattern.match(rest)
        if suffix:
            return unit, end + suffix.end()
    bound = _BOUND_SUFFIX.match(rest)
    return "number", end + (bound.end() if bound else 0)


def _currency_unit(currency: str | None) -> Unit:
    if currency and ("€" in currency or "EUR" in currency):
        return "eur"
    if currency and ("£" in currency or "GBP" in currency):
        return "gbp"
    return "usd"


# -- words -----------------------------------------------------------------------------------


def _written_value(word: str) -> float:
    word = word.lower()
    if "dozen" in word:
        return 12.0
    if "-" in word:
        tens, ones = word.split("-")
        return float(_TENS[tens] + _ONES[ones])
    return float(_TENS.get(word) or _ONES[word])


def _written_quantities(text: str) -> list[Quantity]:
    """Written-out numbers: "two or three", "ten percent", "two million", "a dozen"."""
    found: list[Quantity] = []
    for match in _WRITTEN.finditer(text):
        start, end = match.span()
        value = _written_value(match.group(0))
        scale, end = _scale_suffix(text, end, allow_letter=False)
        if value == 1 and scale == 1:
            continue  # "one" is a pronoun far more often than a figure
        if scale == 1 and text[end:end + 1] == "-" and text[end + 1:end + 2].isalpha():
            continue  # "two-thirds", "three-way": not a count
        unit, end = _unit_after(text, end, None)
        if unit == "rank":
            unit = "number"
        found.append(Quantity(
            value=value * scale, unit=unit, text=text[start:end], span=(start, end),
            resolution=0.5 * scale, approximate=_is_hedged(text, start),
            written=True,
        ))
    return found


def _ordinal_word_ranks(text: str) -> list[Quantity]:
    found: list[Quantity] = []
    for match in _RANK_CONTEXT.finditer(text):
        for group in ("a", "b", "c", "d", "e"):
            word = match.group(group)
            if word:
                start, end = match.span(group)
                found.append(Quantity(value=float(ORDINAL_WORDS[word.lower()]), unit="rank",
                                      text=word, span=(start, end), written=True))
    return found


# -- matching --------------------------------------------------------------------------------

_DIMENSIONLESS = frozenset({"number", "percent", "year"})
_MONEY = frozenset({"usd", "eur", "gbp"})


def units_compatible(claimed: Unit, evidence: Unit) -> bool:
    if claimed == evidence:
        return True
    if claimed in _DIMENSIONLESS and evidence in _DIMENSIONLESS:
        return "year" not in (claimed, evidence) or {claimed, evidence} == {"year", "number"}
    if {claimed, evidence} <= {"usd", "usd_per_1m"}:
        return True
    return "number" in (claimed, evidence) and bool({claimed, evidence} & _MONEY)


def quantities_match(claimed: Quantity, evidence: Quantity) -> bool:
    """Same unit family and the same value after rounding to the coarser precision."""
    if not units_compatible(claimed.unit, evidence.unit):
        return False
    return _values_close(claimed, evidence.value, evidence.resolution)


def _values_close(claimed: Quantity, value: float, resolution: float) -> bool:
    tolerance = max(claimed.resolution, resolution) + 1e-9 * max(abs(claimed.value), abs(value))
    if claimed.approximate:
        tolerance = max(tolerance, APPROX_TOLERANCE * abs(claimed.value))
    return abs(claimed.value - value) <= tolerance


@dataclass(frozen=True, slots=True)
class NumberMatch:
    claimed: Quantity
    evidence: tuple[Quantity, ...]

    @property
    def derived(self) -> bool:
        return len(self.evidence) == 2


def find_match(claimed: Quantity, evidence: Sequence[Quantity]) -> NumberMatch | None:
    """The evidence figure(s) supporting ``claimed``: one equal figure, or for percentage points
    two percent/score figures whose difference it is."""
    for candidate in evidence:
        if quantities_match(claimed, candidate):
            return NumberMatch(claimed, (candidate,))
    if claimed.unit == "pp":
        return _derived_points(claimed, evidence)
    return None


def _derived_points(claimed: Quantity, evidence: Sequence[Quantity]) -> NumberMatch | None:
    values = [q for q in evidence if q.unit in {"percent", "number"}]
    for i, first in enumerate(values):
        for second in values[i + 1:]:
            gap = abs(first.value - second.value)
            if _values_close(claimed, gap, max(first.resolution, second.resolution) * 2):
                return NumberMatch(claimed, (first, second))
    return None


def checkable_quantities(text: str) -> list[Quantity]:
    """The figures a claim is judged on: every quantity except soft written counts."""
    return [q for q in extract_quantities(text) if not q.soft]
