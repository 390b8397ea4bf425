"""Shared vocabulary of the eval suite: what is scored (a ``Candidate``), the archived day it is
scored against (``EvalDay``), and how a metric declares itself (``MetricSpec``).

Every metric scores the *lead essay* (plus its claims); the controls built from published issues
have no sections, so essay-level scoring is the only comparison that is fair to all rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from agent.schemas import Claim, DaySnapshot, ItemBase, PublishedIssue, SectionEssay

if TYPE_CHECKING:
    from agent.claims.attribute import ItemIndex
    from agent.claims.entities import Entity, EntityExtractor
    from agent.claims.numbers import Quantity

SystemName = Literal["agent", "baseline", "gold", "shuffled", "wrong_day"]
ControlName = Literal["baseline", "shuffled", "wrong_day"]
CONTROLS: tuple[ControlName, ...] = ("baseline", "shuffled", "wrong_day")
SYSTEM_ORDER: tuple[SystemName, ...] = ("agent", "baseline", "gold", "shuffled", "wrong_day")
Family = Literal["grounding", "coverage", "structure", "voice", "rubric", "judge"]
Reference = Literal["gold", "house", "free"]
NEWS_KINDS = frozenset({"wire", "lab"})
MetricValues = dict[str, float | None]


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MetricSpec(Frozen):
    """A metric's identity and what it must be able to see.

    ``must_beat`` lists the controls the gold issue has to outrank for the metric to earn its
    place (evals notes, "Controls that prove a metric is valid"): grounding and coverage must
    collapse on the wrong day; voice must separate the house from the baseline writer and is
    expected *not* to move on another day's issue; only order-sensitive metrics must drop when
    paragraphs are shuffled.
    """

    name: str
    family: Family
    reference: Reference = Field(
        description="What it compares with: 'gold', the issue published that day (the gold row "
        "wins it trivially); 'house', the other published issues, leave-one-out (never the day "
        "under test); 'free', nothing (reference-free).")
    tier: Literal[1, 2]
    higher_is_better: bool
    must_beat: tuple[ControlName, ...]
    description: str
    trend_only: bool = Field(default=False,
                             description="Reported as a trend line, never a verdict.")
    diagnostic: bool = Field(default=False, description="About the judge, not the draft.")


class Candidate(BaseModel):
    """One essay to score against one archived day: a replayed draft or a control."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    system: SystemName
    date: dt.date = Field(description="The day it is scored against (inputs and gold).")
    text_date: dt.date = Field(description="The day whose essay it is (differs for wrong_day).")
    paragraphs: list[str]
    byline: str | None
    claims: list[Claim]
    sections: dict[str, SectionEssay] | None = Field(
        default=None, description="Graph drafts only: the section desks' output.")
    markdown: str | None = Field(default=None, description="Graph drafts only: draft.md.")
    claims_error: str | None = Field(
        default=None, description="Why claims.json failed validation, if it did.")

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def essay_claims(self) -> list[Claim]:
        return [claim for claim in self.claims if claim.section == "essay"]

    @property
    def from_graph(self) -> bool:
        return self.sections is not None


@dataclass
class EvalDay:
    """One archived day: the snapshot with its gold labels, and derived lookups (cached)."""

    snapshot: DaySnapshot
    path: Path

    @property
    def date(self) -> dt.date:
        return self.snapshot.date

    @property
    def published(self) -> PublishedIssue:
        if self.snapshot.published is None:  # the loader only admits days with an issue
            raise ValueError(f"archive day {self.date} has no published issue")
        return self.snapshot.published

    @cached_property
    def items(self) -> dict[str, ItemBase]:
        return self.snapshot.by_id()

    @cached_property
    def kinds(self) -> dict[str, str]:
        """Item id -> kind (wire, lab, paper, benchmark, repo)."""
        return {item.id: item.kind for item in self.snapshot.items}

    @cached_property
    def unlabelled(self) -> DaySnapshot:
        """The snapshot as a drafter sees it: gold labels removed."""
        from agent.sources.snapshots import strip_labels

        return strip_labels(self.snapshot)

    @cached_property
    def item_index(self) -> ItemIndex:
        """The claims attributor's index over the unlabelled items (built once per day)."""
        from agent.claims.attribute import ItemIndex

        return ItemIndex(list(self.unlabelled.items))

    @cached_property
    def gold_news_ids(self) -> frozenset[str]:
        return frozenset(i.id for i in self.snapshot.items
                         if i.used_in_issue and i.kind in NEWS_KINDS)

    @cached_property
    def extractor(self) -> EntityExtractor:
        from agent.claims.entities import EntityExtractor

        return EntityExtractor.from_items(self.snapshot.items)

    @cached_property
    def haystack(self) -> str:
        """Every item's normalised text and names: where an input entity can be found."""
        from agent.claims.entities import entity_haystack

        return " . ".join(entity_haystack(item) for item in self.snapshot.items)

    @cached_property
    def quantities_by_item(self) -> dict[str, list[Quantity]]:
        from agent.claims.numbers import extract_quantities

        return {item.id: extract_quantities(item.evidence_text()) for item in self.snapshot.items}

    @cached_property
    def all_quantities(self) -> list[Quantity]:
        return [q for found in self.quantities_by_item.values() for q in found]

    @cached_property
    def storyline_of(self) -> dict[str, str]:
        """News item id -> its storyline, as the desk's curate step clusters the day."""
        from agent.schemas import NewsItem
        from agent.writing.storylines import build_storylines

        news = [i for i in self.unlabelled.items if isinstance(i, NewsItem)]
        stories = build_storylines(news, now=self.snapshot.gathered_at)
        return {item_id: story.id for story in stories for item_id in story.item_ids}

    @cached_property
    def gold_lead_ids(self) -> set[str]:
        """News items the published issue's first claim-bearing sentence cites."""
        from agent.claims.extract import extract_claims
        from agent.claims.verify import verify_claims
        from evals.metrics.division import lead_news_ids

        claims = verify_claims(extract_claims("essay", list(self.published.lead_essay),
                                              self.item_index, id_prefix="essay"),
                               self.unlabelled)
        return lead_news_ids(claims, self.kinds)

    @cached_property
    def gold_entities(self) -> list[Entity]:
        """Entities of the published essay that the day's inputs contain (reachable ones)."""
        from agent.claims.entities import entity_present

        found = self.extractor.extract("\n\n".join(self.published.lead_essay))
        return [entity for entity in found if entity_present(entity, self.haystack)]


def rate(part: int, whole: int) -> float | None:
    """``part / whole``, or None when there is nothing to measure."""
    return part / whole if whole else None
