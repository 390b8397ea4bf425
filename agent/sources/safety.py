"""Source text is data, never instructions (DESIGN §8): clean it and flag what the editor must see.

* ``clean_text`` strips markup (script/style with their content), unescapes entities, removes
  control and invisible formatting characters (bidi overrides, zero-width spaces) and collapses
  whitespace, returning the flags for what it removed.
* ``flag_item`` / ``flag_items`` clean an item's title and body fields and add a
  ``prompt_injection`` flag when the text addresses a model with instructions. A field longer
  than ``MAX_CHARS`` is cut at a sentence (or word) boundary and flagged ``truncated``: one
  runaway entry must not swell every prompt and stall the sentence splitter. They are
  idempotent: a second pass changes nothing, so snapshots can be screened any number of times.

Injection patterns are deliberately narrow. News about models routinely says "instructions",
"system prompt" or "ignore"; what marks an injection is the imperative addressed to the reader
("Ignore all previous instructions ...") at the start of a clause, or tokens no headline contains
(``<|im_start|>``, "[INST]"). The benign and hostile examples in tests/sources/test_safety.py are
the calibration set for any change here.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from typing import TypeVar

from agent.schemas import Item, ItemBase, ItemFlag
from agent.sources.normalize import collapse_whitespace, has_entity, has_markup, html_to_text

# Start of text or of a clause, then optional politeness and an optional address to the model.
_CLAUSE = r"(?:^|(?<=[.!?:;\n>\]\)])\s*|\s[-–—]\s*)"
_ADDRESS = (r"(?:(?:please|kindly|now|also|and)\s+)?"
            r"(?:(?:dear\s+)?(?:ai|assistant|model|llm|chatbot|agent|gpt|claude|bot)s?\s*[,:]\s*)?")
_EARLIER = r"(?:previous|prior|above|earlier|preceding|foregoing|original)"
_ORDERS = r"(?:instructions?|prompts?|directions|directives|rules|guidelines|context|messages)"


@dataclass(frozen=True)
class _Pattern:
    name: str
    regex: re.Pattern[str]


def _imperative(name: str, body: str) -> _Pattern:
    return _Pattern(name, re.compile(_CLAUSE + _ADDRESS + body, re.I))


def _anywhere(name: str, body: str) -> _Pattern:
    return _Pattern(name, re.compile(body, re.I))


INJECTION_PATTERNS: tuple[_Pattern, ...] = (
    _imperative("ignore previous instructions",
                rf"(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+)?(?:of\s+)?(?:the\s+|your\s+|these\s+)?"
                rf"(?:{_EARLIER}\s+)?{_ORDERS}"),
    _imperative("disregard the above",
                rf"(?:ignore|disregard|forget)\s+(?:all\s+of\s+|everything\s+)?(?:the\s+)?{_EARLIER}\b"),
    _imperative("role reassignment", r"you\s+are\s+now\s+(?:an?\s+|the\s+|in\s+|no\s+longer\b)"),
    _imperative("from now on", r"from\s+now\s+on,?\s+you\s+(?:are|will|must|should)\b"),
    _imperative("new instructions", r"(?:new|updated|real)\s+instructions?\s*:"),
    _imperative("system role marker", r"system\s*(?:prompt\s*)?:\s*\S"),
    _imperative("do not tell the reader",
                r"do\s+not\s+(?:mention|reveal|tell|disclose)\b.{0,40}\b(?:user|editor|reader)s?\b"),
    _anywhere("prompt exfiltration",
              r"\b(?:reveal|print|repeat|output|leak|show\s+me)\s+(?:your|the)\s+"
              r"(?:system\s+prompt|hidden\s+instructions|initial\s+instructions)"),
    _anywhere("as an AI language model",
              r"\bas\s+an?\s+ai\s+(?:language\s+)?model,?\s+you\s+(?:must|should|will|are\s+required)"),
    _anywhere("addressed to an AI reader",
              r"\bif\s+you\s+are\s+an?\s+(?:ai|llm|large\s+language\s+model|language\s+model|"
              r"assistant|chatbot)\b(?:\s+(?:reading|summari[sz]ing|processing))?"),
    _anywhere("when summarising this", r"\bwhen\s+summari[sz]ing\s+(?:this|the\s+following)\b"),
    _anywhere("chat-template token",
              r"<\|(?:im_start|im_end|system|endoftext|eot_id|start_header_id)\|>|\[/?INST\]"
              r"|<<\s*SYS\s*>>"),
    _anywhere("jailbreak persona",
              r"\byou\s+are\s+(?:now\s+)?(?:DAN|jailbroken|in\s+developer\s+mode)\b"),
)

# Every pattern above needs one of these words; texts without any skip the pattern scan.
_TRIGGERS = re.compile(
    r"ignore|disregard|forget|override|you\s+are|from\s+now|instruction|system|do\s+not|reveal|"
    r"print|repeat|output|leak|show\s+me|as\s+an?\s+ai|if\s+you|summari|<\||\[/?inst|<<\s*sys",
    re.I,
)
_BODY_FIELDS = ("summary", "abstract", "description")
# Longest text kept per field. The archive's longest: title 118, summary 332, abstract 1,913
# (arXiv caps abstracts at 1,920) and description 166 characters.
MAX_CHARS = {"title": 300, "model": 200, "summary": 4000, "abstract": 4000, "description": 4000}
ItemT = TypeVar("ItemT", bound=ItemBase)


def _is_removable_char(char: str) -> bool:
    if char in "\n\t":
        return False
    category = unicodedata.category(char)
    return category in ("Cc", "Cf", "Co", "Cs")


def clean_text(raw: str) -> tuple[str, list[ItemFlag]]:
    """Plain, single-line text from ``raw`` and the flags for what had to be removed.

    Markup and entities are peeled until none is left (feeds double-escape), so the result is a
    fixed point: ``clean_text`` of it returns it unchanged with no flags.
    """
    flags: list[ItemFlag] = []
    text, stripped = _peel_markup(raw)
    if stripped:
        flags.append(ItemFlag(kind="html_stripped", detail="markup removed", span=raw[:200]))
    removed = [] if text.isprintable() else [c for c in text if _is_removable_char(c)]
    if removed:
        text = "".join(c for c in text if not _is_removable_char(c))
        codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in removed}))
        detail = f"{len(removed)} control/invisible character(s) removed: {codes}"
        flags.append(ItemFlag(kind="control_chars", detail=detail))
    return collapse_whitespace(text), flags


def _peel_markup(text: str, max_rounds: int = 4) -> tuple[str, bool]:
    stripped = False
    for _ in range(max_rounds):
        if has_markup(text):
            text, stripped = html_to_text(text), True
        elif has_entity(text):
            text = html.unescape(text)
        else:
            break
    return text, stripped


def injection_flags(text: str, field: str) -> list[ItemFlag]:
    """One ``prompt_injection`` flag per injected passage (overlapping matches count once)."""
    flags: list[ItemFlag] = []
    if not _TRIGGERS.search(text):
        return flags
    claimed: list[tuple[int, int]] = []
    for pattern in INJECTION_PATTERNS:
        match = pattern.regex.search(text)
        if match is None or any(match.start() < end and start < match.end()
                                for start, end in claimed):
            continue
        claimed.append(match.span())
        flags.append(ItemFlag(kind="prompt_injection", detail=f"{field}: {pattern.name}",
                              span=match.group(0).strip()))
    return flags


def flag_item(item: ItemT) -> ItemT:
    """``item`` with cleaned text fields and any new flags (idempotent)."""
    updates: dict[str, str] = {}
    new_flags: list[ItemFlag] = []
    for field in ("title", "model", *_BODY_FIELDS):
        value = getattr(item, field, None)
        if not isinstance(value, str) or not value:
            continue
        cleaned, flags = clean_text(value)
        cleaned, cut = truncate(cleaned, MAX_CHARS[field])
        flags += cut
        if cleaned != value:
            updates[field] = cleaned
        new_flags += [f.model_copy(update={"detail": f"{field}: {f.detail}"}) for f in flags]
        new_flags += injection_flags(cleaned, field)
    flags = _merge_flags(item.flags, new_flags)
    if not updates and len(flags) == len(item.flags):
        return item
    return item.model_copy(update={**updates, "flags": flags})


def truncate(text: str, limit: int) -> tuple[str, list[ItemFlag]]:
    """``text`` cut to at most ``limit`` characters, ending a sentence when one ends in the
    second half, else a word; with a ``truncated`` flag when anything was cut."""
    if len(text) <= limit:
        return text, []
    kept = text[:limit]
    sentence_end = kept.rfind(". ")
    if sentence_end >= limit // 2:
        kept = kept[:sentence_end + 1]
    elif " " in kept:
        kept = kept.rsplit(" ", 1)[0]
    detail = f"{len(text):,} characters cut to {len(kept):,}"
    return kept, [ItemFlag(kind="truncated", detail=detail)]


def flag_items(items: list[Item]) -> list[Item]:
    return [flag_item(item) for item in items]


def _merge_flags(existing: list[ItemFlag], new: list[ItemFlag]) -> list[ItemFlag]:
    merged = list(existing)
    seen = {(f.kind, f.detail, f.span) for f in existing}
    for flag in new:
        key = (flag.kind, flag.detail, flag.span)
        if key not in seen:
            seen.add(key)
            merged.append(flag)
    return merged
