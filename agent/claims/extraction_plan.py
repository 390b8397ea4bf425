"""How a section's prose is cut into extraction requests, and which items each request offers.

A unit of work is a paragraph (``Passage``); units run as parallel requests, so the claims stage
costs about one paragraph's output time, and each request's output budget is sized from the words
it carries. When the configured number of requests is smaller than the number of paragraphs,
neighbouring paragraphs share a request (balanced by words). A request whose answer does not fit
is split again: a group into its paragraphs' halves, a paragraph into halves of its sentences.

Candidate items are chosen per sentence (the best few BM25 matches of each sentence, their union
per request), so a sentence whose best source ranks low for the essay as a whole is still
offered its own best items.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from agent.claims.attribute import ItemIndex
from agent.schemas import ItemBase
from agent.text import split_sentences


@dataclass(frozen=True)
class Passage:
    """A paragraph, or a run of its sentences, sent to the extractor under its real index."""

    paragraph: int
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())

    def sentences(self) -> list[str]:
        return [sentence for _, _, sentence in split_sentences(self.text)]

    def halves(self) -> tuple[Passage, Passage] | None:
        spans = split_sentences(self.text)
        if len(spans) < 2:
            return None
        cut = spans[len(spans) // 2][0]
        return (Passage(self.paragraph, self.text[:cut].strip()),
                Passage(self.paragraph, self.text[cut:].strip()))


@dataclass(frozen=True)
class ExtractionUnit:
    """The passages one extraction request carries."""

    passages: tuple[Passage, ...]

    @property
    def words(self) -> int:
        return sum(passage.words for passage in self.passages)

    @property
    def paragraphs(self) -> frozenset[int]:
        return frozenset(passage.paragraph for passage in self.passages)

    def split(self) -> tuple[ExtractionUnit, ExtractionUnit] | None:
        """Two smaller units with the same text, or None for a single sentence."""
        if len(self.passages) > 1:
            middle = len(self.passages) // 2
            return ExtractionUnit(self.passages[:middle]), ExtractionUnit(self.passages[middle:])
        halves = self.passages[0].halves()
        return (ExtractionUnit((halves[0],)), ExtractionUnit((halves[1],))) if halves else None

    def describe(self) -> str:
        numbers = sorted(self.paragraphs)
        return (f"paragraph {numbers[0]}" if len(numbers) == 1
                else f"paragraphs {numbers[0]}-{numbers[-1]}")


def plan_units(paragraphs: Sequence[str], max_requests: int = 0) -> list[ExtractionUnit]:
    """One unit per non-empty paragraph; with ``max_requests``, neighbours grouped into at most
    that many units of about equal words."""
    units = [ExtractionUnit((Passage(i, text),)) for i, text in enumerate(paragraphs)
             if text.strip()]
    if not max_requests or len(units) <= max_requests:
        return units
    return _grouped(units, max_requests)


def _grouped(units: list[ExtractionUnit], groups: int) -> list[ExtractionUnit]:
    """Contiguous groups: each unit joins the group its word midpoint falls in."""
    total = sum(unit.words for unit in units) or 1
    buckets: dict[int, list[Passage]] = {}
    before = 0
    for unit in units:
        bucket = min(int(groups * (before + unit.words / 2) / total), groups - 1)
        buckets.setdefault(bucket, []).extend(unit.passages)
        before += unit.words
    return [ExtractionUnit(tuple(passages)) for _, passages in sorted(buckets.items())]


def candidate_items(unit: ExtractionUnit, index: ItemIndex, *,
                    per_sentence: int) -> list[ItemBase]:
    """The union of each sentence's ``per_sentence`` best items, best score first."""
    best: dict[str, tuple[float, ItemBase]] = {}
    for passage in unit.passages:
        for sentence in passage.sentences():
            for item, score in index.candidates(sentence, per_sentence):
                if score > best.get(item.id, (0.0, item))[0]:
                    best[item.id] = (score, item)
    return [item for _, item in sorted(best.values(), key=lambda pair: -pair[0])]
