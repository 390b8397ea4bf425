"""Configuration from ``config/*.toml`` (secrets never live here: keys come from the environment)."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agent.errors import DeskError
from agent.paths import CONFIG_DIR, REPO_ROOT

M = TypeVar("M", bound=BaseModel)


class ConfigError(DeskError):
    """A configuration file is missing or invalid."""


class EditorialConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    masthead: str = "The Inference Report"
    byline: str = "Grant Calloway"
    section_writer: str = "Sloane Duvall"
    timezone: str = "America/New_York"
    min_words: int = 330
    max_words: int = 700
    max_paragraphs: int = 5
    max_revision_rounds: int = 2
    judge_threshold: int = Field(default=4, ge=1, le=5,
                                 description="Every LLM criterion must score at least this.")
    papers_per_issue: int = 6
    benchmark_rows: int = 5
    trending_repos: int = 8
    recent_issues_for_novelty: int = 3
    essay_storylines: int = Field(default=18, ge=1, description=(
        "The lead essay's prompt carries the news of this many leading storylines (plus every "
        "item a section shows or the thesis cites)."))


class PathsConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    published_issues: str = Field(
        default="prompts/published",
        description="Published issues the prompts may show (exemplars, novelty, the critic's "
        "context), relative to the repository root; issues the desk publishes are added under "
        "<data dir>/published.")


class DeskConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    editorial: EditorialConfig = Field(default_factory=EditorialConfig)
    paths: PathsConfig = Field(default_factory=PathsConfig)

    def published_dir(self) -> Path:
        """The configured published issues, resolved against the repository root."""
        configured = Path(self.paths.published_issues).expanduser()
        return configured if configured.is_absolute() else REPO_ROOT / configured


def read_toml(name: str, config_dir: Path | None = None) -> dict:
    path = (config_dir or CONFIG_DIR) / name
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"configuration file {path} is missing") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"configuration file {path} is not valid TOML: {error}") from None


def load_toml_model(name: str, model: type[M], config_dir: Path | None = None) -> M:
    """``config/<name>`` validated into ``model``; any problem is one ConfigError line."""
    try:
        return model.model_validate(read_toml(name, config_dir))
    except ValidationError as error:
        raise ConfigError(f"config/{name} is invalid: {error}") from None


@lru_cache(maxsize=4)
def load_desk_config(config_dir: Path | None = None) -> DeskConfig:
    return load_toml_model("desk.toml", DeskConfig, config_dir)
