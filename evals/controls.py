"""Controls built from the published issues (evals notes, "Controls that prove a metric is valid").

* **gold**: the issue published that day, scored against its own day (leave-one-out wherever a
  metric uses a house reference: the voice centroid never contains the essay being scored).
* **shuffled**: the gold essay with its paragraphs deranged (every paragraph moves; a
  one-paragraph essay has its sentences deranged instead). Order-sensitive metrics must drop;
  bag-of-words ones will not, which shows what each metric can see.
* **wrong_day**: another day's published essay scored against this day's inputs and gold.
  Grounding and coverage must collapse; voice should barely move.

These essays were not produced by the graph, so their claims come from the same deterministic
extractor and offline verifier the graph uses without a key (``agent.claims``), run against the
day's label-free snapshot.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

from agent.schemas import Claim
from evals.metrics.base import Candidate, EvalDay, SystemName

T = TypeVar("T")


def essay_claims(paragraphs: list[str], day: EvalDay) -> list[Claim]:
    from agent.claims.extract import extract_claims
    from agent.claims.verify import verify_claims

    extracted = extract_claims("essay", paragraphs, day.item_index, id_prefix="essay")
    return verify_claims(extracted, day.unlabelled)


def _from_published(system: SystemName, paragraphs: list[str], day: EvalDay,
                    text_day: EvalDay) -> Candidate:
    return Candidate(system=system, date=day.date, text_date=text_day.date,
                     paragraphs=paragraphs, byline=text_day.published.byline,
                     claims=essay_claims(paragraphs, day))


def gold(day: EvalDay) -> Candidate:
    return _from_published("gold", list(day.published.lead_essay), day, day)


def shuffled(day: EvalDay) -> Candidate:
    return _from_published("shuffled", shuffle_essay(list(day.published.lead_essay),
                                                     seed=day.date.toordinal()), day, day)


def wrong_day(day: EvalDay, other: EvalDay) -> Candidate:
    return _from_published("wrong_day", list(other.published.lead_essay), day, other)


def wrong_day_source(days: Sequence[EvalDay], day: EvalDay) -> EvalDay | None:
    """The next archived day, cyclically (deterministic); None when the archive has one day."""
    others = [d for d in days if d.date != day.date]
    if not others:
        return None
    later = [d for d in others if d.date > day.date]
    return min(later, key=lambda d: d.date) if later else min(others, key=lambda d: d.date)


def shuffle_essay(paragraphs: list[str], *, seed: int) -> list[str]:
    """Paragraphs deranged; a single paragraph has its sentences deranged instead."""
    if len(paragraphs) > 1:
        return derange(paragraphs, random.Random(seed))
    from agent.text import split_sentences

    sentences = [s for _, _, s in split_sentences(paragraphs[0])]
    return [" ".join(derange(sentences, random.Random(seed)))] if len(sentences) > 1 else paragraphs


def derange(values: Sequence[T], rng: random.Random) -> list[T]:
    """A permutation in which no position keeps its element (values assumed distinct)."""
    order = list(range(len(values)))
    if len(order) < 2:
        return list(values)
    while True:
        rng.shuffle(order)
        if all(position != index for position, index in enumerate(order)):
            return [values[index] for index in order]
