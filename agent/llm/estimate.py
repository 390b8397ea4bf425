"""Pre-flight cost estimate of a live draft, printed before the first paid call.

The plan (calls and tokens per role for a draft without revisions) comes from
``config/models.toml [estimate]``; each role is priced on the model the router gives it. The
expected figure assumes the static prefix is written to the cache by a role's first call and read
by the rest; the upper figure assumes no cache hit at all.
"""

from __future__ import annotations

from collections.abc import Mapping
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
    output_tokens: int
    usd_expected: float | None
    usd_uncached: float | None


class CostEstimate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    roles: list[RoleEstimate]
    calls: int
    prompt_tokens: int
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
        line = (f"pre-flight estimate: {self.calls} LLM calls, ~{self.prompt_tokens:,} prompt + "
                f"~{self.output_tokens:,} output tokens, ~${self.usd_expected:.3f} with prompt "
                f"caching (${self.usd_uncached:.3f} without)")
        if self.unpriced_models:
            line += f"; no price for {', '.join(self.unpriced_models)}"
        caps = [f"{self.budget_tokens:,} tokens" if self.budget_tokens else "",
                f"${self.budget_usd:.2f}" if self.budget_usd else ""]
        if any(caps):
            line += f"; run cap {' / '.join(c for c in caps if c)}"
        return line


def estimate_run_cost(router: LLMRouter, plan: Mapping[Role, PlannedCalls] | None = None, *,
                      prices: PriceTable | None = None,
                      config_dir: Path | None = None) -> CostEstimate:
    """Estimate a draft's calls, tokens and dollars on the router's models (baseline: free)."""
    plan = plan if plan is not None else load_models_config(config_dir).estimate
    prices = prices or router.prices or PriceTable.load(config_dir)
    roles = [_estimate_role(router, role, plan[role], prices)
             for role in ROLES if role in plan and router.has(role)]
    unpriced = sorted({r.model_id for r in roles if r.usd_expected is None})
    budget = router.budget
    return CostEstimate(
        roles=roles, calls=sum(r.calls for r in roles),
        prompt_tokens=sum(r.prompt_tokens for r in roles),
        output_tokens=sum(r.output_tokens for r in roles),
        usd_expected=round(sum(r.usd_expected or 0.0 for r in roles), 6),
        usd_uncached=round(sum(r.usd_uncached or 0.0 for r in roles), 6),
        unpriced_models=unpriced,
        budget_tokens=budget.max_tokens if budget else None,
        budget_usd=budget.max_usd if budget else None,
    )


def _estimate_role(router: LLMRouter, role: Role, planned: PlannedCalls,
                   prices: PriceTable) -> RoleEstimate:
    model = router.models[role]
    if model is None:
        raise LookupError(f"{role} runs on the baseline; nothing to estimate")
    calls, cached = planned.calls, min(planned.cached_prompt_tokens, planned.prompt_tokens)
    output = calls * planned.output_tokens
    uncached = Usage(input_tokens=calls * planned.prompt_tokens, output_tokens=output)
    expected = Usage(
        input_tokens=calls * (planned.prompt_tokens - cached), output_tokens=output,
        cache_write_tokens=cached if calls else 0,
        cache_read_tokens=max(calls - 1, 0) * cached,
    )
    return RoleEstimate(
        role=role, model_id=model.model_id, calls=calls,
        prompt_tokens=calls * planned.prompt_tokens, output_tokens=output,
        usd_expected=prices.cost(model.provider, model.model, expected),
        usd_uncached=prices.cost(model.provider, model.model, uncached),
    )
