"""Graph state. Every value is JSON-native (dicts from ``model_dump(mode="json")``) so the SQLite
checkpointer stores plain data; nodes convert to the pydantic contracts in ``agent.schemas`` at
their boundaries (the typed accessors at the end of this module)."""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict

from pydantic import BaseModel, TypeAdapter

from agent.schemas import Claim, DaySnapshot, LeadEssay, SectionEssay, Storyline, Thesis


def merge_dicts(left: dict[str, Any], right: dict[str, Any]) -> dict[str, Any]:
    """Reducer for keyed results written by parallel section desks."""
    return {**left, **right}


class DeskInput(TypedDict, total=False):
    date: str
    """Issue date, ISO format."""
    source: dict[str, Any]
    """How to gather: {"kind": "snapshot", "path": "..."} or {"kind": "live"}."""
    review: bool
    """False for --no-review runs and eval replays: end after the package is written."""


class DeskState(TypedDict, total=False):
    date: str
    source: dict[str, Any]
    review: bool
    snapshot: dict[str, Any]
    """The day's DaySnapshot, with archive labels (published issue, used flags) removed."""
    recent_issues: list[dict[str, Any]]
    """Earlier published issues ({date, lead_essay}) for novelty and exemplars; never today's."""
    previous_snapshot_date: str | None
    storylines: list[dict[str, Any]]
    sections: Annotated[dict[str, dict[str, Any]], merge_dicts]
    """Section name -> SectionEssay; written in parallel by the section desks."""
    section_sources: Annotated[dict[str, list[list[list[str]]]], merge_dicts]
    """Baseline sections: per paragraph, per sentence, [sentence, item id it came from]."""
    thesis: dict[str, Any]
    essay: dict[str, Any]
    """The current LeadEssay."""
    essay_plan: dict[str, Any] | None
    """Baseline only: paragraphs and reserve sentences as [text, item_id] pairs (provenance)."""
    critique_rounds: Annotated[list[dict[str, Any]], operator.add]
    revision: int
    """Automatic revision rounds since the draft or the editor's last action."""
    revisions: Annotated[list[dict[str, Any]], operator.add]
    claims: list[dict[str, Any]]
    editor_decisions: Annotated[list[dict[str, Any]], operator.add]
    pending_decision: dict[str, Any] | None
    problems: Annotated[list[dict[str, Any]], operator.add]
    timings: Annotated[list[dict[str, Any]], operator.add]
    draft_version: int
    started_at: float
    """Wall-clock start of the current drafting pass (for run.json's elapsed time)."""
    status: str
    """drafting | awaiting_review | published | ignored | drafted (no-review runs)."""


# -- typed accessors: state is JSON-native; code reads it through these --------------------------

_claims = TypeAdapter(list[Claim])


def dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")


def snapshot_of(state: DeskState) -> DaySnapshot:
    return DaySnapshot.model_validate(state["snapshot"])


def storylines_of(state: DeskState) -> list[Storyline]:
    return [Storyline.model_validate(s) for s in state.get("storylines", [])]


def sections_of(state: DeskState) -> dict[str, SectionEssay]:
    return {name: SectionEssay.model_validate(s) for name, s in state.get("sections", {}).items()}


def thesis_of(state: DeskState) -> Thesis | None:
    return Thesis.model_validate(state["thesis"]) if state.get("thesis") else None


def essay_of(state: DeskState) -> LeadEssay:
    return LeadEssay.model_validate(state["essay"])


def claims_of(state: DeskState) -> list[Claim]:
    return _claims.validate_python(state.get("claims", []))
