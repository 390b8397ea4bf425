"""Pydantic contracts shared by every stage of the desk.

Three families live here:

* **Inputs**: the items of a day (wire, lab, paper, benchmark row, repo) and the versioned
  ``DaySnapshot`` that carries them. Snapshots are both the bundled sample days and the eval
  archive, so their format is documented in ``docs/snapshot-format.md`` and versioned by
  ``SNAPSHOT_SCHEMA_VERSION``.
* **Editorial products**: storylines, thesis, section essays, the lead essay, claims (docs/design.md §5),
  lint and judge results, and the handoff package (docs/design.md §6).
* **LLM decisions**: the structured outputs each role returns. Field order puts reasons before
  verdicts so a model argues before it decides.

Graph state stores these as JSON-native dicts (``model_dump(mode="json")``) and nodes convert at
their boundaries, so checkpoints never hold pickled pydantic objects.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator,
    model_validator,
)

SNAPSHOT_SCHEMA_VERSION = 1

ItemKind = Literal["wire", "lab", "paper", "benchmark", "repo"]
SectionName = Literal["wire", "labs", "papers", "benchmarks", "trending"]
SECTION_NAMES: tuple[SectionName, ...] = ("wire", "labs", "papers", "benchmarks", "trending")


# --------------------------------------------------------------------------------------------
# Sane values at the snapshot boundary
# --------------------------------------------------------------------------------------------

EARLIEST_YEAR, LATEST_YEAR = 1990, 2100
"""Dates and times a snapshot may hold: the years 1990 through 2100. Older or later values are
corrupt input (``0001-01-01``, ``9999-12-31``), not news; plausible values outside the issue's
window are flagged at intake instead (``out_of_window``)."""
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


class OversizeInteger(str):
    """An integer literal too long for Python's int parser, kept as its digits so the file's
    field can be named when it is refused (``agent.sources.snapshots`` reads JSON with it)."""


def _sane_year(value: dt.date) -> dt.date:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(f"{value.isoformat()} is outside the years {EARLIEST_YEAR}-{LATEST_YEAR}")
    return value


def _fits_64_bits(value: object) -> object:
    if isinstance(value, OversizeInteger) or (
            isinstance(value, int) and not isinstance(value, bool)
            and not INT64_MIN <= value <= INT64_MAX):
        digits = len(str(value).lstrip("-"))
        raise ValueError(f"an integer of {digits} digits does not fit in 64 bits")
    return value


def _oversize_integer_path(value: Any, path: str = "") -> str | None:
    """Where in a JSON-like value an integer beyond 64 bits sits, or None."""
    if isinstance(value, dict):
        found = (_oversize_integer_path(v, f"{path}.{k}" if path else str(k))
                 for k, v in value.items())
    elif isinstance(value, list):
        found = (_oversize_integer_path(v, f"{path}[{i}]") for i, v in enumerate(value))
    else:
        try:
            _fits_64_bits(value)
        except ValueError:
            return path or "(value)"
        return None
    return next((where for where in found if where is not None), None)


SaneDatetime = Annotated[dt.datetime, AfterValidator(_sane_year)]
"""A date and time between 1990 and 2100 (naive values are placed in the desk's zone at intake)."""
SaneDate = Annotated[dt.date, AfterValidator(_sane_year)]
Int64 = Annotated[int, BeforeValidator(_fits_64_bits), AfterValidator(_fits_64_bits)]
"""An integer that fits in 64 bits (what the checkpoint serialiser and SQLite can store)."""


class Model(BaseModel):
    """Base for every contract: unknown keys are errors, values are validated on assignment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------


class SourceRef(Model):
    """One place a story was reported (an item may merge several after dedup)."""

    source: str = Field(description="Human name of the outlet or feed, e.g. 'Reuters'.")
    url: str
    title: str | None = None


FlagKind = Literal[
    "prompt_injection", "html_stripped", "hidden_text", "truncated", "control_chars",
    "duplicate_id", "invalid_url", "invalid_number", "out_of_window", "empty_text",
    "shared_rank",
]
WITHHOLDING_FLAGS: frozenset[str] = frozenset({"prompt_injection", "invalid_number",
                                               "out_of_window"})
"""Flag kinds that keep an item out of the draft (``DaySnapshot.withheld``); the others are notes."""


class ItemFlag(Model):
    """Something the editor should know about an item (prompt injection, stripped HTML, ...)."""

    kind: FlagKind
    detail: str
    span: str | None = Field(default=None, description="The offending text, verbatim.")
    field: str | None = Field(default=None,
                              description="Where it was found, e.g. 'summary' or 'authors[2]'.")


class ItemBase(Model):
    id: str = Field(min_length=1, description="Stable id, unique within the day's snapshot.")
    source: str = Field(description="Outlet, lab or board that published the item.")
    url: str
    title: str
    published_at: SaneDatetime | None = Field(
        default=None, description="Publication time, timezone-aware UTC; None when undated."
    )
    first_seen_at: SaneDatetime | None = Field(
        default=None, description="When the desk first saw an undated item."
    )
    used_in_issue: bool | None = Field(
        default=None,
        description="Archive days only: whether the published issue used this item.",
    )
    also_reported_by: list[SourceRef] = Field(default_factory=list)
    flags: list[ItemFlag] = Field(default_factory=list)

    def evidence_text(self) -> str:
        """The text a claim may quote from this item (title, then body)."""
        raise NotImplementedError  # pragma: no cover - every concrete kind overrides it


class NewsItem(ItemBase):
    """A wire story or a lab announcement."""

    kind: Literal["wire", "lab"]
    summary: str = Field(default="", description="1-3 sentences of wire copy, HTML stripped.")
    org: str | None = Field(default=None, description="For lab items: the lab (OpenAI, NVIDIA...).")

    def evidence_text(self) -> str:
        return f"{self.title}. {self.summary}".strip() if self.summary else self.title


class PaperItem(ItemBase):
    kind: Literal["paper"] = "paper"
    arxiv_id: str | None = None
    category: str = Field(description="Primary arXiv category, e.g. cs.AI.")
    abstract: str
    authors: list[str] = Field(default_factory=list)

    def evidence_text(self) -> str:
        return f"{self.title}. {self.abstract}"


class BenchmarkRow(ItemBase):
    """One leaderboard row. ``board`` says which table; ``0``/unmeasured values are ``None``."""

    kind: Literal["benchmark"] = "benchmark"
    board: Literal["artificial_analysis", "swe_rebench"]
    rank: Int64 = Field(description="1 is the top; an implausible rank is flagged at intake.")
    model: str
    score: float = Field(description="Intelligence Index score, or SWE-rebench resolved percent.")
    tokens_per_s: float | None = None
    price_per_1m_usd: float | None = Field(default=None, description="Blended $ per 1M tokens.")
    sem: float | None = Field(default=None, description="SWE-rebench standard error, percent.")
    task_window: str | None = Field(default=None, description="SWE-rebench task window label.")
    index_version: str | None = Field(default=None, description="AA intelligence index version.")
    previous_rank: Int64 | None = None
    previous_score: float | None = None
    previous_date: SaneDate | None = Field(
        default=None, description="Date of the snapshot previous_rank/previous_score come from.")

    def evidence_text(self) -> str:
        if self.board == "swe_rebench":
            text = (
                f"SWE-rebench rank {self.rank}: {self.model} resolved {self.score:g}% "
                f"({self.score:g} percent) of tasks."
            )
        else:
            speed = (
                f", {self.tokens_per_s:g} output tokens per second"
                if self.tokens_per_s is not None
                else ""
            )
            price = (
                f", ${self.price_per_1m_usd:.2f} per 1M tokens blended"
                if self.price_per_1m_usd is not None
                else ""
            )
            text = (
                f"Artificial Analysis Intelligence Index rank {self.rank}: {self.model}, "
                f"score {self.score:g}{speed}{price}."
            )
        return text + self._movement_text()

    def _movement_text(self) -> str:
        """Movement is stored data, so a claim about it quotes text that exists in the item."""
        if self.previous_rank is None or self.previous_rank == self.rank:
            return ""
        when = f" on {self.previous_date.isoformat()}" if self.previous_date else ""
        score = f", score {self.previous_score:g}" if self.previous_score is not None else ""
        return f" Previous rank {self.previous_rank}{when}{score}."


class RepoItem(ItemBase):
    kind: Literal["repo"] = "repo"
    full_name: str = Field(description="owner/repo")
    description: str = ""
    language: str | None = None
    stars_today: Int64 | None = None
    stars_total: Int64 | None = None

    def evidence_text(self) -> str:
        stars = f" {self.stars_today} stars today." if self.stars_today is not None else ""
        desc = f" {self.description}" if self.description else ""
        return f"GitHub trending: {self.full_name}:{desc}{stars}".strip()


Item = Annotated[Union[NewsItem, PaperItem, BenchmarkRow, RepoItem], Field(discriminator="kind")]


class SourceHealth(Model):
    """Typed result of one source fetch (docs/design.md §8: one dead source never stops the draft)."""

    source: str
    status: Literal[
        "ok", "not_modified", "degraded", "rate_limited", "blocked", "schema_error",
        "network_error", "failed", "snapshot",
    ]
    item_count: Int64 = 0
    latency_ms: float | None = None
    error: str | None = None
    required: bool = False
    fetched_at: SaneDatetime | None = None


class PublishedIssue(Model):
    """The issue as it actually went out, in structured form (archive days only)."""

    date: SaneDate
    masthead: str = "The Inference Report"
    lead_essay: list[str] = Field(min_length=1, description="Lead essay paragraphs, verbatim.")
    byline: str = "Grant Calloway"
    papers_heading: str = Field(description="'Research Papers' or 'Research Papers — Focused'.")
    paper_ids: list[str]
    aa_ids: list[str] = Field(description="Artificial Analysis rows shown, in rank order.")
    swe_ids: list[str] = Field(description="SWE-rebench rows shown, in rank order.")
    trending_ids: list[str] = Field(default_factory=list)
    notes: str = ""


class WithheldItem(Model):
    """An item the intake boundary kept out of the draft (``agent.sources.intake``).

    It is never drafted from, shown to a model or cited; it is kept so the editor sees it first,
    with what was wrong. ``item`` holds its fields after normalisation (JSON-native; a number
    that was not finite or not plausible is ``null`` and its flag says what it was).
    """

    id: str
    kind: str
    reasons: list[FlagKind] = Field(min_length=1, description="The withholding flag kinds.")
    item: dict[str, Any]

    @field_validator("item")
    @classmethod
    def _storable(cls, item: dict[str, Any]) -> dict[str, Any]:
        where = _oversize_integer_path(item)
        if where is not None:
            raise ValueError(f"{where}: an integer that does not fit in 64 bits")
        return item

    @property
    def flags(self) -> list[ItemFlag]:
        return [ItemFlag.model_validate(f) for f in self.item.get("flags", [])]

    @property
    def title(self) -> str:
        return str(self.item.get("title", ""))


class DaySnapshot(Model):
    """Everything the desk knew on a morning. Versioned; see docs/snapshot-format.md."""

    schema_version: Literal[1] = SNAPSHOT_SCHEMA_VERSION
    date: SaneDate
    timezone: str = "America/New_York"
    gathered_at: SaneDatetime
    origin: Literal["archive", "live", "fixture"] = "archive"
    items: list[Item]
    sources: list[SourceHealth] = Field(default_factory=list)
    published: PublishedIssue | None = None
    notes: str = ""
    withheld: list[WithheldItem] = Field(
        default_factory=list,
        description="Items kept out of the draft at intake (quarantined, impossible, stale).")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        try:
            zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{name!r} is not an IANA time zone") from None
        return name

    @field_validator("items")
    @classmethod
    def _unique_ids(cls, items: list[ItemBase]) -> list[ItemBase]:
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                raise ValueError(f"duplicate item id {item.id!r}")
            seen.add(item.id)
        return items

    def by_id(self) -> dict[str, ItemBase]:
        return {item.id: item for item in self.items}

    def of_kind(self, *kinds: ItemKind) -> list[ItemBase]:
        return [item for item in self.items if item.kind in kinds]

    def board(self, board: str) -> list[BenchmarkRow]:
        rows = [i for i in self.items if isinstance(i, BenchmarkRow) and i.board == board]
        return sorted(rows, key=lambda r: r.rank)


# --------------------------------------------------------------------------------------------
# Editorial products
# --------------------------------------------------------------------------------------------


class Storyline(Model):
    id: str
    label: str = Field(description="Short headline for the cluster.")
    item_ids: list[str] = Field(min_length=1)
    kinds: list[ItemKind]
    salience: float = Field(description="Higher is more important; see agent/nodes/curate.py.")
    salience_reasons: list[str] = Field(default_factory=list)


class ThesisCandidate(Model):
    statement: str = Field(description="One sentence: who gains or loses leverage, and why.")
    reasoning: str = Field(description="Why the day's evidence supports this thesis.")
    supporting_item_ids: list[str]
    evidence_score: float = Field(ge=0, le=1, description="Share of strong sourced support.")
    novelty_score: float = Field(ge=0, le=1, description="1 = unlike recent issues' theses.")
    fit_score: float = Field(ge=0, le=1, description="Fit with the house's recurring concerns.")
    score_reasons: list[str] = Field(
        default_factory=list, description="Why each score: the items counted as evidence, the "
        "closest recent thesis, the house concerns the thesis engages.")

    @property
    def total(self) -> float:
        return round(0.45 * self.evidence_score + 0.3 * self.novelty_score + 0.25 * self.fit_score, 4)


class Thesis(Model):
    candidates: list[ThesisCandidate] = Field(min_length=1)
    chosen_index: int = Field(ge=0)
    reasons: str = Field(description="Why the chosen candidate beat the others.")

    @property
    def chosen(self) -> ThesisCandidate:
        return self.candidates[self.chosen_index]


class SectionEssay(Model):
    """A section's short essay plus its structured body (tables, papers, repos)."""

    section: SectionName
    heading: str
    paragraphs: list[str] = Field(default_factory=list)
    signed_by: str | None = None
    item_ids: list[str] = Field(default_factory=list, description="Items shown, in order.")
    selection_reasons: dict[str, str] = Field(
        default_factory=dict, description="item_id -> why it was chosen (papers)."
    )
    attribution: str | None = Field(default=None, description="Required data credit line.")
    version: int = 1
    generated_by: str = Field(description="'baseline' or provider:model.")


class EssayOutline(Model):
    reasoning: str
    paragraph_plans: list[str] = Field(min_length=1, max_length=5)


class LeadEssay(Model):
    paragraphs: list[str] = Field(min_length=1, description="The house writes 1-5; more is a "
                                  "lint finding on the editor's text, never a refusal.")
    byline: str = "Grant Calloway"
    outline: EssayOutline | None = None
    version: int = 1
    generated_by: str


BASELINE_AUTHOR = "baseline"
"""``generated_by`` of text from the no-LLM baseline writer (and a role's model id when no model)."""
EDITOR_AUTHOR = "editor"
"""``generated_by`` of text the human editor wrote: checked, never rewritten."""

ClaimKind = Literal["number", "fact", "quote", "analysis"]
ClaimStatus = Literal["supported", "partial", "unsupported", "not_checkable"]


class ClaimSource(Model):
    item_id: str
    url: str
    quote: str = Field(description="Verbatim text from the item that supports the claim.")


class ClaimCheck(Model):
    name: Literal[
        "quote_present", "numbers_match", "entities_present", "item_exists", "entailment",
        "lexical_support",
    ]
    passed: bool
    detail: str


class Claim(Model):
    id: str
    section: Literal["essay", "wire", "labs", "papers", "benchmarks", "trending"]
    paragraph: int = Field(ge=0)
    span: tuple[int, int] = Field(description="Character offsets of the claim in its paragraph.")
    text: str
    kind: ClaimKind
    sources: list[ClaimSource] = Field(default_factory=list)
    status: ClaimStatus = "not_checkable"
    checks: list[ClaimCheck] = Field(default_factory=list)
    nearest_source_text: str | None = Field(
        default=None, description="For unsupported/partial claims: closest evidence text."
    )


class LintViolation(Model):
    id: str
    scope: Literal["sentence", "paragraph", "document"]
    message: str
    span: str | None = None
    paragraph: int | None = None


class CriterionScore(Model):
    id: str
    reasons: str
    score: int = Field(ge=1, le=5)


class JudgeResult(Model):
    criteria: list[CriterionScore]
    judged_by: str

    @property
    def minimum(self) -> int:
        return min(c.score for c in self.criteria)

    @property
    def mean(self) -> float:
        return sum(c.score for c in self.criteria) / len(self.criteria)


class CritiqueRound(Model):
    round: int = Field(ge=0)
    violations: list[LintViolation]
    judge: JudgeResult | None = None
    judge_unavailable: str | None = Field(
        default=None, description="Why the LLM judge gave no scores (the lints alone gated).")
    passed: bool
    action: Literal["accept", "revise", "stop_max_rounds", "stop_budget"]
    guard_rejections: list[str] = Field(default_factory=list)
    essay_version: int | None = Field(default=None, description="The essay version judged.")
    kept_round: int | None = Field(
        default=None, description="When the loop stops unaccepted: the round whose essay is "
        "kept, the best-scoring one (fewest lint findings, then the judge's lowest and mean "
        "scores), which may be an earlier round than the last.")

    def rank(self) -> tuple[int, int, float]:
        """Higher is better: fewer lint findings, then the judge's minimum, then its mean."""
        judged = (self.judge.minimum, self.judge.mean) if self.judge else (0, 0.0)
        return (-len(self.violations), *judged)


class RevisionRecord(Model):
    """One pass of the revise node: why it ran, whether its text was kept, and what the guard saw."""

    round: int = Field(ge=1)
    trigger: Literal["critique", "editor_notes"]
    targets: list[str] = Field(description="Failed lint ids / criteria, or the editor's notes.")
    accepted: bool
    guard_rejections: list[str] = Field(default_factory=list)
    note: str | None = None
    generated_by: str


class Problem(Model):
    """A recorded, typed problem (never a string swallowed into a draft field)."""

    node: str
    kind: str
    message: str
    recoverable: bool = True


DecisionType = Literal["accept", "edit", "response", "ignore", "regen", "restore"]
TrackedSection = Literal["thesis", "essay", "wire", "labs", "papers", "benchmarks", "trending"]
TRACKED_SECTIONS: tuple[TrackedSection, ...] = ("thesis", "essay", *SECTION_NAMES)
"""Sections whose every version is kept (``desk history``, ``desk restore``)."""
PROSE_SECTIONS: tuple[str, ...] = ("essay", "wire", "labs")
"""Sections an editor reads, and may rewrite, as prose."""


class EditorDecision(Model):
    """What the editor answered at the review interrupt: every editor action is one of these,
    given to the paused graph as ``Command(resume=...)``.

    ``accept`` publishes; ``response`` (notes) asks for a revision; ``edit`` replaces the lead
    essay with the editor's paragraphs (checked, never rewritten); ``regen`` rewrites one section
    (``section``: essay, essay.pN, thesis, wire, labs, papers, benchmarks, trending; ``note``
    guides it); ``restore`` brings back ``version`` of ``section``; ``ignore`` ends the run.
    Agent Inbox's replies (accept / edit / response / ignore HumanResponses) are translated into
    this model by ``agent.nodes.inbox``.
    """

    type: DecisionType
    id: str | None = Field(default=None, description="Set by the desk; links the action log "
                           "row to the decision the graph took (recovery after a crash).")
    draft_version: int | None = Field(default=None, description="The draft it answers.")
    notes: str | None = None
    edited_paragraphs: list[str] | None = None
    section: str | None = None
    note: str | None = None
    version: int | None = None
    accept_unsupported: list[str] | None = Field(
        default=None, description="Claim ids the editor publishes although they are "
        "unsupported or quote a flagged item (the approve gate); recorded with the decision.")
    args: str | dict | None = Field(default=None, description="Agent Inbox's raw args.")
    editor: str = "editor"
    at: dt.datetime | None = None

    @model_validator(mode="after")
    def _complete(self) -> "EditorDecision":
        if self.type == "response" and not (self.notes or "").strip():
            raise ValueError("a response needs notes")
        if self.type == "edit" and not [p for p in self.edited_paragraphs or [] if p.strip()]:
            raise ValueError("an edit needs the edited paragraphs")
        if self.type in ("regen", "restore") and not self.section:
            raise ValueError(f"a {self.type} needs the section")
        if self.type == "restore" and (self.version is None or self.version < 1):
            raise ValueError("a restore needs the version number (from 1)")
        return self

    def same_request(self, other: "EditorDecision") -> bool:
        """The same action asked twice (a command run again after a crash)."""
        keys = ("type", "notes", "edited_paragraphs", "section", "note", "version",
                "accept_unsupported")
        return all(getattr(self, k) == getattr(other, k) for k in keys)


class SectionVersionRecord(Model):
    """One version of a tracked section, kept in the run's state (the record) and mirrored to
    the run store for ``desk history``."""

    section: TrackedSection
    version: int = Field(ge=1)
    origin: str = Field(description="draft, revision, notes revision, editor edit, "
                        "regen <target>, restore v<N>.")
    draft_version: int = Field(description="The draft whose handoff first showed it.")
    content: dict
    provenance: list | dict | None = None
    editor: str | None = None
    decision_id: str | None = None
    created_at: str


class ReworkOutcome(Model):
    """What a regen or restore did, for the CLI and the review page."""

    decision_id: str | None
    target: str
    changed: list[str] = Field(description="Tracked sections that got a new version.")
    explanation: str
    notices: list[str] = Field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Handoff package (docs/design.md §6): review.json and run.json
# --------------------------------------------------------------------------------------------


class ClaimSummary(Model):
    supported: int = 0
    partial: int = 0
    unsupported: int = 0
    not_checkable: int = 0


class ReviewReport(Model):
    """review.json: what the editor should look at, worst first."""

    date: dt.date
    baseline: bool = Field(description="True when the no-LLM baseline writer drafted this.")
    flagged_items: list[dict] = Field(
        default_factory=list, description="Items with flags, the ones withheld from the draft first.")
    thesis: Thesis | None
    lint: list[LintViolation]
    judge: JudgeResult | None
    rounds: list[CritiqueRound]
    revisions: list[RevisionRecord] = Field(default_factory=list)
    claims_needing_attention: list[Claim] = Field(description="Unsupported, then partial.")
    claim_summary: ClaimSummary
    source_problems: list[SourceHealth] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)
    open_questions: list[str] = Field(default_factory=list)
    editor_decisions: list[EditorDecision] = Field(default_factory=list)


class NodeTiming(Model):
    node: str
    seconds: float
    count: int = 1


class RunReport(Model):
    """run.json: models, tokens, cost, time per node, versions."""

    date: dt.date
    thread_id: str
    baseline: bool
    models: dict[str, str] = Field(description="role -> provider:model, or 'baseline'.")
    llm_calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    cost_usd: float = 0.0
    degradations: list[str] = Field(default_factory=list)
    node_timings: list[NodeTiming] = Field(default_factory=list)
    elapsed_s: float = 0.0
    versions: dict[str, str] = Field(default_factory=dict)
    snapshot_sha256: str | None = None


# --------------------------------------------------------------------------------------------
# LLM decisions (structured outputs; reasons before verdicts)
# --------------------------------------------------------------------------------------------


class SectionEssayDecision(Model):
    """Writer output for the wire and labs section essays."""

    reasoning: str = Field(description="Which stories matter most today and how they connect.")
    item_ids: list[str] = Field(description="Items the paragraph uses, most important first.")
    paragraph: str = Field(description="One paragraph in the house voice, 90-200 words.")


class PaperPick(Model):
    item_id: str
    reason: str = Field(description="Why this paper fits the day's storylines.")


class PaperSelection(Model):
    reasoning: str
    picks: list[PaperPick] = Field(min_length=1, max_length=6)


class ThesisProposal(Model):
    statement: str = Field(description="First sentence of the essay: who gains or loses leverage.")
    reasoning: str = Field(description="Which items support it and what their figures show.")
    supporting_item_ids: list[str] = Field(
        description="Distinct items whose figures support the thesis (ids from the data).")
    fit_reasoning: str = Field(description="Which of the house's recurring concerns it engages "
                               "and how; the desk scores fit from the concerns named.")


class ThesisProposals(Model):
    reasoning: str
    candidates: list[ThesisProposal] = Field(min_length=3, max_length=3)


class EssayDraftDecision(Model):
    """The lead essay in one answer: the plan first (reasons before the text), then the essay."""

    reasoning: str = Field(description="How the essay argues the thesis from the day's "
                           "evidence, and how it follows the style guide.")
    paragraph_plans: list[str] = Field(min_length=1, max_length=5, description=(
        "One line per paragraph: its topic sentence and the items and figures it uses."))
    paragraphs: list[str] = Field(min_length=1, max_length=5)


class RevisionDecision(Model):
    reasoning: str = Field(description="What failed and how this revision fixes it.")
    paragraphs: list[str] = Field(min_length=1, max_length=5)


class JudgeDecision(Model):
    criteria: list[CriterionScore] = Field(min_length=1)
