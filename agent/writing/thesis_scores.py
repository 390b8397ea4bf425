"""Scores of a thesis candidate that mean what they say, each with the reasons the editor sees.

* **evidence**: the distinct cited items that carry a checkable figure (money, percent, count,
  score) and name something the thesis (or its reasoning) names. Listing ids is not evidence:
  an unknown id, an item without a figure or an item about something else adds nothing.
  ``EVIDENCE_ITEMS`` such items score 1.
* **novelty**: against the recent issues' theses, on *what is claimed*: the named entities and
  the claim's content words (stemmed), without the house's own thesis vocabulary ("X while Y,
  a split that reveals Z" is how the house argues, not what it argued). 1 minus the closest
  recent thesis's similarity.
* **fit**: which of the house's recurring concerns the thesis engages (control of compute, chips,
  power and capital; distribution and lock-in; cost structure against capability; who captures
  the margin; labour and governance), named in the reasons. Two concerns score 1.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from agent.claims.entities import EntityExtractor, normalize_name
from agent.claims.numbers import extract_quantities
from agent.schemas import ItemBase
from agent.writing.overlap import content_words

EVIDENCE_ITEMS = 3
FIT_CONCERNS = 2
HOUSE_FORM_WORDS = frozenset(content_words(
    "while split reveals reveal revealing gaining gains gain losing loses lose leverage real "
    "actual actually really where lies lie who why now no longer anymore not it is determined "
    "question story underneath moving shift shifting"))
"""The house's thesis template and its stock verbs: shared by every house thesis by design."""
CONCERNS: dict[str, tuple[str, ...]] = {
    "control of compute, chips, power and capital": (
        "compute", "chip", "silicon", "gpu", "power", "energy", "capital", "data center",
        "datacenter", "fab", "capacity", "infrastructure", "billion", "invest", "spending",
        "memory", "ram", "supply"),
    "distribution and lock-in": (
        "distribution", "lock-in", "locks in", "lock in", "channel", "platform", "bundl",
        "default", "integrat", "partnership", "ecosystem", "stickiness", "switching"),
    "cost structure against capability": (
        "cost", "pricing", "price", "margin", "cheap", "expensive", "per token", "efficien",
        "economics", "revenue", "capability", "benchmark"),
    "who captures the value": (
        "captur", "value", "control", "leverage", "consolidat", "monopol", "own", "depend",
        "acquir", "winner"),
    "labour and governance": (
        "worker", "job", "labor", "labour", "layoff", "regulat", "law", "liabilit", "safety",
        "security", "govern", "policy", "court", "surveillance", "backlash"),
}


@dataclass(frozen=True)
class Score:
    value: float
    reason: str


def evidence(statement: str, reasoning: str, cited: Sequence[str],
             items: Mapping[str, ItemBase]) -> Score:
    """Distinct cited items with a checkable figure that name what the thesis names."""
    known = [items[i] for i in dict.fromkeys(cited) if i in items]
    extractor = EntityExtractor.from_items(known)
    named = {normalize_name(e.text) for e in extractor.extract(f"{statement} {reasoning}")}
    counted, skipped = [], []
    for item in known:
        text = item.evidence_text()
        has_figure = any(not q.soft for q in extract_quantities(text))
        on_topic = any(_mentions(text, name) for name in named)
        (counted if has_figure and on_topic else skipped).append(item.id)
    unknown = len([i for i in dict.fromkeys(cited) if i not in items])
    reason = (f"evidence: {len(counted)} distinct cited item(s) with a checkable figure on the "
              f"thesis's subjects ({', '.join(counted) or 'none'})")
    if skipped:
        reason += f"; not counted (no figure, or about something else): {', '.join(skipped)}"
    if unknown:
        reason += f"; {unknown} cited id(s) not in today's items"
    return Score(round(min(len(counted) / EVIDENCE_ITEMS, 1.0), 3), reason)


def _mentions(text: str, name: str) -> bool:
    return bool(re.search(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", normalize_name(text)))


def claim_terms(thesis: str, extractor: EntityExtractor) -> tuple[frozenset[str], frozenset[str]]:
    """(entities, content words) of a thesis, without the house's thesis vocabulary."""
    entities = frozenset(normalize_name(e.text) for e in extractor.extract(thesis))
    return entities, content_words(thesis) - HOUSE_FORM_WORDS


def similarity(a: str, b: str, extractor: EntityExtractor) -> float:
    """Shared entities and claim words of two theses (Jaccard, entities weighted as much as
    every other word together: who the claim is about is half of what it says)."""
    ents_a, words_a = claim_terms(a, extractor)
    ents_b, words_b = claim_terms(b, extractor)
    jaccard = lambda x, y: len(x & y) / len(x | y) if x | y else 0.0  # noqa: E731
    if not ents_a and not ents_b:
        return jaccard(words_a, words_b)
    return 0.5 * jaccard(ents_a, ents_b) + 0.5 * jaccard(words_a, words_b)


def novelty(statement: str, recent: Sequence[str]) -> Score:
    if not recent:
        return Score(1.0, "novelty: no recent issue to compare with")
    extractor = EntityExtractor()
    closest = max(range(len(recent)), key=lambda i: similarity(statement, recent[i], extractor))
    value = 1.0 - similarity(statement, recent[closest], extractor)
    return Score(round(value, 3), f"novelty: closest recent thesis shares "
                                  f"{1 - value:.0%} of its entities and claim words "
                                  f"(\"{recent[closest][:80]}\")")


def fit(statement: str, reasoning: str) -> Score:
    text = f"{statement} {reasoning}".lower()
    engaged = [name for name, terms in CONCERNS.items() if any(t in text for t in terms)]
    reason = (f"fit: engages {', '.join(engaged)}" if engaged
              else "fit: engages none of the house's recurring concerns")
    return Score(round(min(len(engaged) / FIT_CONCERNS, 1.0), 3), reason)
