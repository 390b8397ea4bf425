"""``config/sources.toml``: global fetch settings plus one ``[[source]]`` table per source.

Parser-specific settings live in each source's ``options`` table and are validated by the
parser's own options model (``agent.sources.registry.load_sources_config``) when the file is loaded, so a typo in
the config fails at start-up rather than at 6 a.m. in the middle of a fetch.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from agent.config import load_toml_model
from agent.schemas import ItemKind

SOURCES_FILE = "sources.toml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourcesSettings(_Strict):
    """Settings shared by every source."""

    contact: str = Field(description="Contact address sent in the User-Agent (politeness).")
    user_agent_product: str = "inference-desk/0.1"
    project_url: str | None = Field(default=None, description="Optional page about the bot.")
    cutoff_hour: int = Field(default=6, ge=0, le=23,
                             description="Issue D covers [D-1 cutoff, D cutoff) in the desk's time zone "
                             "(editorial.timezone in config/desk.toml).")
    cache_freshness_minutes: float = Field(
        default=180, ge=0, description="A cached body younger than this is reused unfetched.")
    default_timeout_s: float = Field(default=20, gt=0)
    retries: int = Field(default=2, ge=0, le=5, description="Retries after the first attempt.")
    max_retry_after_s: float = Field(default=60, ge=0,
                                     description="A longer Retry-After gives up instead.")
    max_summary_chars: int = Field(default=600, ge=80)
    first_seen_retention_days: int = Field(default=30, ge=1)


    @property
    def user_agent(self) -> str:
        about = f"+{self.project_url}; " if self.project_url else ""
        return f"{self.user_agent_product} ({about}contact: {self.contact})"


class SourceSpec(_Strict):
    """One configured source."""

    name: str = Field(min_length=1, description="Human name; becomes the items' `source`.")
    kind: ItemKind
    parser: str = Field(description="Key in agent.sources.registry.PARSERS.")
    url: str
    org: str | None = Field(default=None, description="The lab, for lab sources.")
    required: bool = False
    enabled: bool = True
    timeout_s: float | None = Field(default=None, gt=0)
    options: dict[str, Any] = Field(default_factory=dict)


class SourcesConfig(_Strict):
    settings: SourcesSettings
    sources: list[SourceSpec] = Field(alias="source", default_factory=list)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("sources")
    @classmethod
    def _unique_names(cls, sources: list[SourceSpec]) -> list[SourceSpec]:
        names = [s.name for s in sources]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"duplicate source names: {', '.join(duplicates)}")
        return sources

    def enabled(self) -> list[SourceSpec]:
        return [s for s in self.sources if s.enabled]

    def timeout_for(self, spec: SourceSpec) -> float:
        return spec.timeout_s or self.settings.default_timeout_s


def read_sources_config(config_dir: Path | None = None) -> SourcesConfig:
    """``config/sources.toml`` validated as a catalog; ``registry.load_sources_config`` also
    validates each parser's options (what callers want)."""
    return load_toml_model(SOURCES_FILE, SourcesConfig, config_dir)
