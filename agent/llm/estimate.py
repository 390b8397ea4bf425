"""Pre-flight cost estimate of a live draft, printed before the first paid call.

The plan (``config/models.toml [[estimate]]``: groups of calls of a draft without revisions that
share a static prefix) is priced on the models the router gives each role. The expected figure
counts only the cache hits the provider would grant: a prefix at or above the model's minimum
cacheable length (config/model_capabilities.toml), written by the first call of a group on that
model and read by the later ones, never by calls that start together. The upper figure assumes
no cache hit at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from agent.llm.base import ROLES, Role, Usage
from agent.llm.pricing import PriceTable
from agent.llm.router import LLMRouter
from agent.llm.settings import PlannedCalls, load_models_config


class RoleEstimate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Role
    model_id: str
    calls: int
    prompt_tokens: int
    cached_prompt_tokens: int
    output_tokens: int
    usd_expected: float | None
    usd_uncached: float | None


class CostEstimate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    roles: list[RoleEstimate]
    calls: int
    prompt_tokens: int
    cached_prompt_tokens: int
    output_tokens: int
    usd_expected: float
    usd_uncached: float
    unpriced_models: list[str]
    budget_tokens: int | None = None
    budget_usd: float | None = None

    @property
    def over_budget(self) -> bool:
        over_tokens = (self.budget_tokens is not None
                       and self.prompt_tokens + self.output_tokens > self.budget_tokens)
        return over_tokens or (self.budget_usd is not None and self.usd_expected > self.budget_usd)

    def summary(self) -> str:
        """One line for the terminal."""
        line = (f"pre-flight estimate: {self.calls} LLM calls, ~{self.prompt_tokens:,} prompt "
                f"(~{self.cached_prompt_tokens:,} from the cache) + ~{self.output_tokens:,} output "
                f"tokens, ~${self.usd_expected:.3f} with prompt caching "
                f"(${self.usd_uncached:.3f} without)")
        if self.unpriced_models:
            line += f"; no price for {', '.join(self.unpriced_models)}"
        caps = [f"{self.budget_tokens:,} tokens" if self.budget_tokens else "",
                f"${self.budget_usd:.2f}" if self.budget_usd else ""]
        if any(caps):
            line += f"; run cap {' / '.join(c for c in caps if c)}"
        if self.over_budget:
            line += " (over the cap: revision rounds will be skipped and the verifier degraded)"
        return line


def estimate_run_cost(router: LLMRouter, plan: Sequence[PlannedCalls] | None = None, *,
                      prices: PriceTable | None = None,
                      config_dir: Path | None = None) -> CostEstimate:
    """Estimate a draft's calls, tokens and dollars on the router's models (baseline: free)."""
    plan = plan if plan is not None else load_models_config(config_dir).estimate
    prices = prices or router.prices or PriceTable.load(config_dir)
    usage = planned_usage(router, plan)
    roles = [_role_estimate(router, role, *usage[role], prices) for role in ROLES if role in usage]
    unpriced = sorted({r.model_id for r in roles if r.usd_expected is None})
    budget = router.budget
    return CostEstimate(
        roles=roles, calls=sum(r.calls for r in roles),
        prompt_tokens=sum(r.prompt_tokens for r in roles),
        cached_prompt_tokens=sum(r.cached_prompt_tokens for r in roles),
        output_tokens=sum(r.output_tokens for r in roles),
        usd_expected=round(sum(r.usd_expected or 0.0 for r in roles), 6),
        usd_uncached=round(sum(r.usd_uncached or 0.0 for r in roles), 6),
        unpriced_models=unpriced,
        budget_tokens=budget.max_tokens if budget else None,
        budget_usd=budget.max_usd if budget else None,
    )


def planned_usage(router: LLMRouter,
                  plan: Sequence[PlannedCalls]) -> dict[Role, tuple[int, Usage]]:
    """Per role with a model: (calls, expected usage with the cache hits the API would grant)."""
    totals: dict[Role, tuple[int, Usage]] = {}
    for group in plan:
        written: set[str] = set()
        for role in group.roles:
            model = router.models.get(role)
            if model is None:
                continue
            minimum = model.profile.capabilities.min_cache_tokens
            cacheable = group.prefix_tokens > 0 and group.prefix_tokens >= minimum
            usage = _call_usage(group, cacheable=cacheable,
                                read=cacheable and model.model_id in written)
            if cacheable and not group.parallel:
                written.add(model.model_id)
            calls, so_far = totals.get(role, (0, Usage()))
            totals[role] = (calls + 1, so_far + usage)
    return totals


def _call_usage(group: PlannedCalls, *, cacheable: bool, read: bool) -> Usage:
    prefix = min(group.prefix_tokens, group.prompt_tokens) if cacheable else 0
    return Usage(input_tokens=group.prompt_tokens - prefix, output_tokens=group.output_tokens,
                 cache_read_tokens=prefix if read else 0,
                 cache_write_tokens=0 if read else prefix)


def _role_estimate(router: LLMRouter, role: Role, calls: int, expected: Usage,
                   prices: PriceTable) -> RoleEstimate:
    model = router.models[role]
    if model is None:
        raise LookupError(f"{role} runs on the baseline; nothing to estimate")
    prompt = expected.input_tokens + expected.cache_read_tokens + expected.cache_write_tokens
    uncached = Usage(input_tokens=prompt, output_tokens=expected.output_tokens)
    return RoleEstimate(
        role=role, model_id=model.model_id, calls=calls, prompt_tokens=prompt,
        cached_prompt_tokens=expected.cache_read_tokens, output_tokens=expected.output_tokens,
        usd_expected=prices.cost(model.provider, model.model, expected),
        usd_uncached=prices.cost(model.provider, model.model, uncached),
    )
