"""The rubric file (``prompts/rubric.toml``) as pydantic models, loaded once per path.

The rubric is versioned data: deterministic lints (``[[lints]]``: gates, what a program can decide
without ever flagging a published essay), deterministic signals (``[[signals]]``: measurements
shown to the LLM critic, never gates, for rules a program cannot decide safely) and anchored 1-5
criteria (``[[criteria]]``: what the critic judges, each with calibration notes that show how the
published essays score against the anchors). Which Python function implements each lint or
signal is decided in ``agent.rubric.checks``; this module only validates the file's shape.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from agent.config import ConfigError, read_toml
from agent.paths import PROMPTS_DIR

LintScope = Literal["sentence", "paragraph", "document"]
REQUIRED_ANCHORS = frozenset({1, 3, 5})
SCORE_RANGE = range(1, 6)
_ID_PATTERN = r"^[a-z][a-z0-9_]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LintRule(_Strict):
    """A deterministic check (a lint or a signal): the house rule, why it exists, and its
    calibrated parameters."""

    id: str = Field(pattern=_ID_PATTERN)
    scope: LintScope
    message: str = Field(min_length=1, description="One line shown to the editor and the reviser.")
    description: str = Field(min_length=1, description="The house-voice rule and why it exists.")
    params: dict[str, Any] = Field(default_factory=dict,
                                   description="Thresholds and phrase lists; validated per check.")


class CalibrationNote(_Strict):
    """How one published essay scores on a criterion as its anchors are written, and why.

    Notes are for the people who edit the anchors; they are never rendered into a prompt (they
    describe issues published after some replay days)."""

    date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    score: int = Field(ge=min(SCORE_RANGE), le=max(SCORE_RANGE))
    note: str = Field(min_length=1, description="Which anchor the essay meets, and why.")


class Criterion(_Strict):
    """An anchored 1-5 question for the LLM critic (G-Eval / Prometheus style)."""

    id: str = Field(pattern=_ID_PATTERN)
    name: str = Field(min_length=1)
    question: str = Field(min_length=1)
    anchors: dict[int, str] = Field(description="Score -> what an essay at that score looks like.")
    calibration: list[CalibrationNote] = Field(default_factory=list)

    @field_validator("anchors")
    @classmethod
    def _anchors_cover_the_scale(cls, anchors: dict[int, str]) -> dict[int, str]:
        outside = sorted(score for score in anchors if score not in SCORE_RANGE)
        if outside:
            raise ValueError(f"anchor scores must be within 1-5, got {outside}")
        missing = sorted(REQUIRED_ANCHORS - anchors.keys())
        if missing:
            raise ValueError(f"anchors for scores {missing} are missing (1, 3 and 5 are required)")
        if any(not text.strip() for text in anchors.values()):
            raise ValueError("anchor texts must not be empty")
        return dict(sorted(anchors.items()))

    @field_validator("calibration")
    @classmethod
    def _one_note_per_essay(cls, notes: list[CalibrationNote]) -> list[CalibrationNote]:
        dates = [note.date for note in notes]
        duplicates = sorted({d for d in dates if dates.count(d) > 1})
        if duplicates:
            raise ValueError(f"more than one calibration note for {', '.join(duplicates)}")
        return notes


class Rubric(_Strict):
    version: str = Field(pattern=r"^\d+\.\d+$")
    description: str = ""
    lints: list[LintRule] = Field(min_length=1)
    signals: list[LintRule] = Field(default_factory=list,
                                    description="Shown to the critic, never gates.")
    criteria: list[Criterion] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_are_unique(self) -> Rubric:
        for kind, ids in (("lint or signal", [r.id for r in [*self.lints, *self.signals]]),
                          ("criterion", [c.id for c in self.criteria])):
            duplicates = sorted({i for i in ids if ids.count(i) > 1})
            if duplicates:
                raise ValueError(f"duplicate {kind} ids: {', '.join(duplicates)}")
        return self

    def lint(self, lint_id: str) -> LintRule:
        for rule in self.lints:
            if rule.id == lint_id:
                return rule
        raise KeyError(lint_id)

    def signal(self, signal_id: str) -> LintRule:
        for rule in self.signals:
            if rule.id == signal_id:
                return rule
        raise KeyError(signal_id)

    def criterion(self, criterion_id: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)


def default_rubric_path() -> Path:
    return PROMPTS_DIR / "rubric.toml"


def load_rubric(path: Path | None = None) -> Rubric:
    """The rubric at ``path`` (default ``prompts/rubric.toml``), parsed and validated once."""
    return _load_rubric_cached((path or default_rubric_path()).resolve())


@lru_cache(maxsize=8)
def _load_rubric_cached(path: Path) -> Rubric:
    raw = read_toml(path.name, path.parent)
    try:
        return Rubric.model_validate(raw)
    except ValidationError as error:
        raise ConfigError(f"rubric file {path} is invalid: {_summarise(error)}") from None


def _summarise(error: ValidationError) -> str:
    parts = []
    for problem in error.errors():
        where = ".".join(str(part) for part in problem["loc"]) or "(top level)"
        parts.append(f"{where}: {problem['msg']}")
    return "; ".join(parts)
