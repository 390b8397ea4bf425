"""Tier 1 grounding: does the essay say only what the day's inputs support?

* ``unsupported_numbers_strict``: share of the essay's figures (``agent.claims.numbers``: units,
  scale and rounding normalised; soft written counts like "two or three" excluded) that no item
  cited by a claim covering that figure contains. A figure no claim covers is unsupported.
* ``unsupported_numbers_lenient``: the same, but any item of the day may contain the figure.
* ``entity_precision``: share of the essay's named entities that occur in the day's inputs
  (gold scores below 100 percent: the house brings outside context).
* ``claim_support_rate``: share of the essay's checkable claims (kind other than ``analysis``)
  that the offline verifier marks ``supported``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from evals.metrics.base import Candidate, EvalDay, MetricSpec, MetricValues, rate

if TYPE_CHECKING:
    from agent.claims.numbers import Quantity

SPECS: tuple[MetricSpec, ...] = (
    MetricSpec(name="unsupported_numbers_strict", reference="free", family="grounding", tier=1,
               higher_is_better=False, must_beat=("wrong_day",),
               description="Figures not found in an item cited for them (share)."),
    MetricSpec(name="unsupported_numbers_lenient", reference="free", family="grounding", tier=1,
               higher_is_better=False, must_beat=("wrong_day",),
               description="Figures not found in any of the day's items (share)."),
    MetricSpec(name="entity_precision", family="grounding", tier=1, higher_is_better=True,
               reference="free",
               must_beat=("wrong_day",),
               description="Named entities that occur in the day's items (share)."),
    MetricSpec(name="claim_support_rate", family="grounding", tier=1, higher_is_better=True,
               reference="free",
               must_beat=("wrong_day",),
               description="Checkable essay claims verified as supported (share)."),
)


def score(candidate: Candidate, day: EvalDay) -> MetricValues:
    strict, lenient, total = _number_support(candidate, day)
    return {
        "unsupported_numbers_strict": rate(total - strict, total),
        "unsupported_numbers_lenient": rate(total - lenient, total),
        "entity_precision": entity_precision(candidate, day),
        "claim_support_rate": claim_support_rate(candidate),
    }


def _number_support(candidate: Candidate, day: EvalDay) -> tuple[int, int, int]:
    """(supported by cited items, supported by any item, all figures) over the essay."""
    from agent.claims.numbers import checkable_quantities, find_match

    strict = lenient = total = 0
    for index, paragraph in enumerate(candidate.paragraphs):
        for quantity in checkable_quantities(paragraph):
            total += 1
            cited = _cited_quantities(candidate, day, index, quantity)
            strict += find_match(quantity, cited) is not None
            lenient += find_match(quantity, day.all_quantities) is not None
    return strict, lenient, total


def _cited_quantities(candidate: Candidate, day: EvalDay, paragraph: int,
                      quantity: Quantity) -> list[Quantity]:
    """Figures of the items cited by the essay claims whose span covers ``quantity``."""
    start = quantity.span[0]
    cited = {source.item_id
             for claim in candidate.essay_claims
             if claim.paragraph == paragraph and claim.span[0] <= start < claim.span[1]
             for source in claim.sources}
    return [q for item_id in sorted(cited) for q in day.quantities_by_item.get(item_id, [])]


def entity_precision(candidate: Candidate, day: EvalDay) -> float | None:
    from agent.claims.entities import entity_present

    entities = day.extractor.extract(candidate.text)
    found = sum(entity_present(entity, day.haystack) for entity in entities)
    return rate(found, len(entities))


def claim_support_rate(candidate: Candidate) -> float | None:
    checkable = [c for c in candidate.essay_claims if c.kind != "analysis"]
    return rate(sum(c.status == "supported" for c in checkable), len(checkable))
