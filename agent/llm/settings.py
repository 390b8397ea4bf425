"""``config/models.toml``: the model per role and provider family, budgets, retries, estimates."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from agent.config import load_toml_model
from agent.llm.base import Role
from agent.llm.retry import RetryPolicy

Family = Literal["anthropic", "openai"]
Effort = Literal["low", "medium", "high", "xhigh", "max"]
Provider = Literal["anthropic", "openai", "openai-compatible"]
PROVIDERS: tuple[Provider, ...] = ("anthropic", "openai", "openai-compatible")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FamilyModels(_Section):
    """Model ids of one provider family, per role, plus the cheaper model budgets fall back to."""

    writer: str
    critic: str
    extractor: str
    verifier: str
    economy: str = Field(description="The cheaper model the verifier moves to at a budget cap.")
    effort: Effort | None = Field(
        default=None, description="Thinking/reasoning effort; None leaves the model's default.")

    def for_role(self, role: Role) -> str:
        return str(getattr(self, role))


class BothKeys(_Section):
    """Which family serves each role when both keys exist (critic apart from the writer)."""

    writer: Family = "anthropic"
    critic: Family = "openai"
    extractor: Family = "anthropic"
    verifier: Family = "anthropic"

    def for_role(self, role: Role) -> Family:
        family: Family = getattr(self, role)
        return family


class CompatibleSettings(_Section):
    base_url: str = Field(default="", description=(
        "Used when OPENAI_COMPATIBLE_BASE_URL is unset (then OPENAI_BASE_URL)."))
    economy: str = Field(default="", description="Cheaper local model for a budget cap, if any.")


class BudgetSettings(_Section):
    max_tokens: int | None = Field(default=None, gt=0)
    max_usd: float | None = Field(default=None, gt=0)


class StructuredSettings(_Section):
    max_reasks: int = Field(default=2, ge=0)


class ClaimsCalls(_Section):
    """How the claims calls are cut and how many output tokens each gets (``[claims]``)."""

    extraction_tokens_per_word: float = Field(
        default=8.6, gt=0, description="Output tokens per word of prose extracted (measured).")
    extraction_overhead_tokens: int = Field(default=200, ge=0)
    entailment_tokens_per_claim: int = Field(default=90, gt=0)
    entailment_overhead_tokens: int = Field(default=100, ge=0)
    headroom: float = Field(default=1.5, ge=1.0, description="Budget over the expected output.")
    candidates_per_sentence: int = Field(default=3, ge=1)
    max_extraction_requests: int = Field(
        default=2, ge=0, description="Parallel extraction requests; 0 = one per paragraph.")
    entailment_max_claims: int = Field(default=80, ge=1, description="Claims per batch.")

    def extraction_budget(self, words: int) -> int:
        expected = words * self.extraction_tokens_per_word + self.extraction_overhead_tokens
        return round(expected * self.headroom)

    def entailment_budget(self, claims: int) -> int:
        expected = claims * self.entailment_tokens_per_claim + self.entailment_overhead_tokens
        return round(expected * self.headroom)


class PlannedCalls(_Section):
    """Calls of a draft without revisions that share one static prefix (pre-flight estimate).

    ``roles`` lists one role per call, in order; calls on the same model read the prefix the first
    one wrote, unless they run in ``parallel`` (each starts before any has written), and only if
    the prefix reaches the model's minimum cacheable length."""

    what: str
    roles: list[Role] = Field(min_length=1)
    parallel: bool = False
    prompt_tokens: int = Field(ge=0, description="Per call, static prefix included.")
    prefix_tokens: int = Field(ge=0, description="Per call: the static prefix marked for caching.")
    output_tokens: int = Field(ge=0, description="Per call, thinking included.")


class ModelsConfig(_Section):
    families: dict[Family, FamilyModels]
    both_keys: BothKeys = Field(default_factory=BothKeys)
    openai_compatible: CompatibleSettings = Field(default_factory=CompatibleSettings)
    budget: BudgetSettings = Field(default_factory=BudgetSettings)
    retry: RetryPolicy = Field(default_factory=RetryPolicy)
    structured: StructuredSettings = Field(default_factory=StructuredSettings)
    claims: ClaimsCalls = Field(default_factory=ClaimsCalls)
    estimate: list[PlannedCalls] = Field(default_factory=list)

    def family_of(self, provider: str) -> FamilyModels | None:
        """The family settings of ``provider`` (None for openai-compatible servers)."""
        return next((models for name, models in self.families.items() if name == provider), None)


@lru_cache(maxsize=4)
def load_models_config(config_dir: Path | None = None) -> ModelsConfig:
    return load_toml_model("models.toml", ModelsConfig, config_dir)
