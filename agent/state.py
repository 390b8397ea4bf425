"""Graph state: what a run knows and has decided, JSON-native so a checkpoint holds plain data.

Code reads state through the typed accessors at the end of this module, never by poking at
keys. The day's snapshot is not in state (it would be copied into every checkpoint): state keeps
its id and the run store keeps it once (``DeskContext.snapshot``). Section versions and editor
decisions are reducer-kept histories: the run's own record of what changed, who asked for it,
and in which draft the editor first saw it.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, TypeAdapter
from typing_extensions import TypedDict

from agent.schemas import (
    Claim, EditorDecision, LeadEssay, SectionEssay, SectionVersionRecord, Storyline, Thesis,
)

RunStatus = Literal["drafting", "awaiting_review", "published", "ignored", "drafted"]
"""drafting -> awaiting_review (paused for the editor) -> published | ignored; ``drafted`` ends
a ``--no-review`` run or an eval replay."""


def merge_dicts(left: dict[str, Any], right: dict[str, Any]) -> dict[str, Any]:
    """Reducer for keyed results written by parallel section desks."""
    return {**left, **right}


class DeskInput(TypedDict, total=False):
    """What starts a run (the input form LangGraph Studio shows)."""

    date: str
    """Issue date, ISO format (YYYY-MM-DD); omitted: today in the desk's time zone."""
    source: dict[str, Any]
    """How to gather: {"kind": "snapshot", "path": "..."}, {"kind": "sample"} or {"kind": "live"}
    (the default)."""
    review: bool
    """False for --no-review runs and eval replays: end after the package is written."""


class DeskOutput(TypedDict, total=False):
    """What a client gets back: where the run stands and the handoff package itself."""

    date: str
    status: RunStatus
    draft_version: int
    package: dict[str, str]
    """File name -> content of the latest handoff package (and final.md/final.html once
    published), so a client of LangGraph Server needs no access to the server's disk; all but
    ``sources.json`` (the day's snapshot, kept once in the run store, not in every checkpoint)."""
    package_dir: str


class DeskState(TypedDict, total=False):
    date: str
    source: dict[str, Any]
    review: bool
    snapshot_id: str
    """The day's normalised snapshot (the text of record), stored once in the run store."""
    recent_issues: list[dict[str, Any]]
    """Issues published before the day ({date, lead_essay}) for novelty and the critic."""
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
    stale_claims: list[str] | None
    """Sections whose claims the next claims pass re-checks; None means every section."""
    versions: Annotated[list[dict[str, Any]], operator.add]
    """Every version of every tracked section (SectionVersionRecord), in the order made."""
    editor_decisions: Annotated[list[dict[str, Any]], operator.add]
    pending_decision: dict[str, Any] | None
    """The decision being acted on, from editor_review until the next draft is assembled."""
    review_error: str | None
    """Why the editor's last reply could not be acted on (shown when the review asks again)."""
    rework: dict[str, Any] | None
    """What the last regen/restore did (ReworkOutcome), for the CLI and the review page."""
    package: dict[str, str]
    package_dir: str
    problems: Annotated[list[dict[str, Any]], operator.add]
    timings: Annotated[list[dict[str, Any]], operator.add]
    draft_version: int
    started_at: float
    """Wall-clock start of the current drafting pass (for run.json's elapsed time)."""
    status: RunStatus


# -- typed accessors: state is JSON-native; code reads it through these --------------------------

_claims = TypeAdapter(list[Claim])
_versions = TypeAdapter(list[SectionVersionRecord])
_decisions = TypeAdapter(list[EditorDecision])


def dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")


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


def versions_of(state: DeskState, section: str | None = None) -> list[SectionVersionRecord]:
    found = _versions.validate_python(state.get("versions", []))
    return [v for v in found if section is None or v.section == section]


def decisions_of(state: DeskState) -> list[EditorDecision]:
    return _decisions.validate_python(state.get("editor_decisions", []))


def pending_decision_of(state: DeskState) -> EditorDecision | None:
    pending = state.get("pending_decision")
    return EditorDecision.model_validate(pending) if pending else None


def draft_version_of(state: DeskState) -> int:
    return int(state.get("draft_version") or 0)


def status_of(state: DeskState) -> RunStatus | None:
    return state.get("status")
