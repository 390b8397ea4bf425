"""How figures are written: 'percent' spelled out, money as '$100 billion'."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from pydantic import Field

from agent.rubric.checks.common import quoted, sentence_finding
from agent.rubric.checks.registry import Finding, LintParams, register
from agent.rubric.document import EssayDocument
from agent.rubric.phrases import find_phrases

_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_PERCENT_SIGN = re.compile(rf"(?:{_NUMBER}\s?)?%")


class PercentParams(LintParams):
    other_forms: tuple[str, ...] = Field(description="Spellings other than 'percent' to flag.")


@register("percent_format", scope="sentence", params=PercentParams)
def percent_format(doc: EssayDocument, params: PercentParams) -> Iterator[Finding]:
    for sentence in doc.sentences:
        found = _PERCENT_SIGN.findall(sentence.text) + find_phrases(sentence.text, params.other_forms)
        if found:
            yield sentence_finding(sentence, f"{quoted(found)}: write the number, then 'percent'")


class MoneyParams(LintParams):
    abbreviations: dict[str, str] = Field(
        min_length=1, description="Suffix after a $ amount -> the word to write instead.")
    units: tuple[str, ...] = Field(min_length=1, description="Spelled-out scale words.")


@register("money_format", scope="sentence", params=MoneyParams)
def money_format(doc: EssayDocument, params: MoneyParams) -> Iterator[Finding]:
    patterns = _money_patterns(tuple(sorted(params.abbreviations.items())), params.units)
    for sentence in doc.sentences:
        found = [m.group(0) for pattern in patterns for m in pattern.finditer(sentence.text)]
        if found:
            yield sentence_finding(sentence, f"{quoted(found)}: {_suggestion(found[0], params)}")


@lru_cache(maxsize=4)
def _money_patterns(abbreviations: tuple[tuple[str, str], ...],
                    units: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    suffixes = "|".join(sorted((re.escape(s) for s, _ in abbreviations), key=len, reverse=True))
    scale = "|".join(re.escape(u) for u in units)
    return (
        re.compile(rf"\$\s?{_NUMBER}\s?(?:{suffixes})(?![\w])"),  # $5B, $5 bn
        re.compile(rf"\$\s?{_NUMBER}\s+(?:{'|'.join(u.capitalize() for u in units)})\b"),  # $5 Billion
        re.compile(rf"(?<![\w$.]){_NUMBER}\s+(?:(?:{scale})\s+)?(?:US\s+|U\.S\.\s+)?dollars\b",
                   re.IGNORECASE),  # 5 billion dollars
        re.compile(rf"(?<![\w])(?:USD|US\$|U\.S\.\s?\$)\s?{_NUMBER}(?:\s+(?:{scale}))?"),  # USD 5
    )


def _suggestion(found: str, params: MoneyParams) -> str:
    amount = re.search(_NUMBER, found)
    tail = found[amount.end():].strip() if amount else ""
    unit = params.abbreviations.get(tail) or next(
        (u for u in params.units if u in found.lower()), "")
    figure = amount.group(0) if amount else found
    return f"write '${figure}{' ' + unit if unit else ''}'"
