"""Hand-written replay days: every structured answer the desk's graph asks a model for on one sample
day, written by hand in the manner of a careful model and stored as ``tests/replay/days/<date>.json``.

The file is validated against the pipeline's own contracts (``agent.schemas`` and
``agent.claims.decisions``); an unknown key anywhere is an error, so a renamed field fails loudly
instead of being ignored. Claims extraction is keyed by paragraph text and entailment verdicts by
claim text (the pipeline assigns claim ids), so the same file serves a whole-essay extraction and a
per-paragraph one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Final, Literal, get_args

from pydantic import Field, model_validator

from agent.claims.decisions import EntailmentLabel, ExtractedClaim
from agent.schemas import (
    EssayDraftDecision, JudgeDecision, Model, PaperSelection, RevisionDecision,
    SectionEssayDecision, ThesisProposals,
)

DAYS_DIR = Path(__file__).resolve().parent / "days"
Label = Literal["hand-written answers in the manner of a careful model; not recorded from any API"]
LABEL: Final[str] = get_args(Label)[0]

AnswerKey = tuple[str, ...]
"""One answer of a day file: ``("thesis",)``, ``("critique", "1")``, ``("claims_verify", text)``."""


class ParagraphClaims(Model):
    """The extractor's answer for one paragraph (``ClaimExtraction`` restricted to it)."""

    reasoning: str
    claims: list[ExtractedClaim] = Field(min_length=1)


class Verdict(Model):
    """The verifier's answer for one claim (``EntailmentVerdict`` without the pipeline's id)."""

    reasoning: str
    verdict: EntailmentLabel


class ReplayDay(Model):
    date: dt.date
    label: Label
    desk_wire: SectionEssayDecision
    desk_labs: SectionEssayDecision
    desk_papers: PaperSelection
    thesis: ThesisProposals
    draft: EssayDraftDecision
    critique: list[JudgeDecision] = Field(min_length=1, description="One per critique round.")
    revise: list[RevisionDecision] = Field(description="One per revision the critique asks for.")
    claims_extract: dict[str, ParagraphClaims] = Field(description="Paragraph text -> claims.")
    claims_verify: dict[str, Verdict] = Field(description="Claim text -> entailment verdict.")

    @model_validator(mode="after")
    def _consistent(self) -> ReplayDay:
        if len(self.critique) != len(self.revise) + 1:
            raise ValueError(f"{len(self.critique)} critique rounds for {len(self.revise)} "
                             "revisions: every revision is judged again")
        final = self.essay_versions[-1]
        if list(self.claims_extract) != final:
            raise ValueError("claims_extract must be keyed by the final essay's paragraphs, "
                             "in order")
        for index, (paragraph, answer) in enumerate(self.claims_extract.items()):
            for claim in answer.claims:
                if claim.paragraph != index or claim.sentence not in paragraph:
                    raise ValueError(f"claim {claim.text!r} does not come from paragraph {index} "
                                     f"(its sentence {claim.sentence!r})")
        return self

    @property
    def essay_versions(self) -> list[list[str]]:
        """The lead essay as drafted, then after each revision."""
        return [self.draft.paragraphs, *(revision.paragraphs for revision in self.revise)]

    @property
    def final_essay(self) -> list[str]:
        return self.essay_versions[-1]

    def answer_keys(self) -> set[AnswerKey]:
        """Every answer the file holds; a run must use each of them (no stale entries)."""
        keys: set[AnswerKey] = {("desk_wire",), ("desk_labs",), ("desk_papers",), ("thesis",),
                                ("draft",)}
        keys |= {("critique", str(n)) for n in range(len(self.critique))}
        keys |= {("revise", str(n)) for n in range(len(self.revise))}
        keys |= {("claims_extract", text) for text in self.claims_extract}
        keys |= {("claims_verify", text) for text in self.claims_verify}
        return keys


def day_path(date: str, days_dir: Path = DAYS_DIR) -> Path:
    return days_dir / f"{date}.json"


def available_days(days_dir: Path = DAYS_DIR) -> list[str]:
    """Dates with a day file, in order."""
    return sorted(path.stem for path in days_dir.glob("*.json"))


def load_day(date: str, days_dir: Path = DAYS_DIR) -> ReplayDay:
    """The validated day file for ``date`` (``pydantic.ValidationError`` says what is wrong)."""
    day = ReplayDay.model_validate_json(day_path(date, days_dir).read_text(encoding="utf-8"))
    if day.date.isoformat() != date:
        raise ValueError(f"{day_path(date, days_dir)} holds the answers for {day.date}")
    return day
