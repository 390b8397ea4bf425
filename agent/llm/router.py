"""Role routing: which model serves writer / critic / extractor / verifier, and the bookkeeping
around every call (replay after a crash, budget caps, the ledger).

Nodes ask ``router.has(role)`` and fall back to the deterministic baseline when it is False, so a
machine without keys still drafts end to end.
"""

from __future__ import annotations

import time
from typing import TypeVar

from pydantic import BaseModel

from agent.llm.base import ROLES, ChatModel, LLMRequest, Role, TokenCallback
from agent.llm.ledger import CallRecord, Ledger, LedgerTotals, MemoryLedger

T = TypeVar("T", bound=BaseModel)

BASELINE = "baseline"


class LLMRouter:
    def __init__(
        self,
        models: dict[Role, ChatModel | None] | None = None,
        *,
        ledger: Ledger | None = None,
        run_id: str = "run",
        on_token: TokenCallback | None = None,
        budget: "Budget | None" = None,
    ) -> None:
        self.models: dict[Role, ChatModel | None] = {role: None for role in ROLES}
        self.models.update(models or {})
        self.ledger: Ledger = ledger if ledger is not None else MemoryLedger()
        self.run_id = run_id
        self.on_token = on_token
        self.budget = budget
        self.degradations: list[str] = []

    # -- what is available ------------------------------------------------------------------
    def has(self, role: Role) -> bool:
        return self.models.get(role) is not None

    @property
    def is_baseline(self) -> bool:
        return all(model is None for model in self.models.values())

    def model_id(self, role: Role) -> str:
        model = self.models.get(role)
        return model.model_id if model is not None else BASELINE

    def describe(self) -> dict[str, str]:
        return {role: self.model_id(role) for role in ROLES}

    def budget_exhausted(self) -> bool:
        """True once the run's token or dollar cap is reached (callers degrade, never crash)."""
        if self.budget is None:
            return False
        return self.budget.exhausted(self.ledger.totals(self.run_id))

    def note_degradation(self, what: str) -> None:
        if what not in self.degradations:
            self.degradations.append(what)

    # -- the call ---------------------------------------------------------------------------
    def call(self, request: LLMRequest, schema: type[T]) -> T:
        model = self.models.get(request.role)
        if model is None:
            raise LookupError(f"no model configured for role {request.role!r}; use the baseline")
        request = request.model_copy(update={"schema_name": schema.__name__})
        fingerprint = request.fingerprint(model.model_id)
        replay = self.ledger.find_completed(self.run_id, fingerprint)
        if replay is not None:
            # A crashed run resumes without paying for a call it already completed.
            return schema.model_validate_json(replay.response_text)
        started = time.perf_counter()
        result = model.structured(request, schema, on_token=self.on_token)
        self.ledger.record(
            CallRecord(
                run_id=self.run_id, node=request.node, role=request.role,
                provider=model.provider, model=model.model, fingerprint=fingerprint,
                input_tokens=result.usage.input_tokens, output_tokens=result.usage.output_tokens,
                cache_read_tokens=result.usage.cache_read_tokens,
                cache_write_tokens=result.usage.cache_write_tokens,
                latency_s=time.perf_counter() - started, attempts=result.attempts,
                transport_attempts=result.transport_attempts,
                response_text=result.parsed.model_dump_json(),
            )
        )
        return result.parsed


class Budget:
    """Per-run caps; ``None`` means no cap."""

    def __init__(self, *, max_tokens: int | None = None, max_usd: float | None = None) -> None:
        self.max_tokens = max_tokens
        self.max_usd = max_usd

    def exhausted(self, totals: LedgerTotals) -> bool:
        tokens = totals.input_tokens + totals.output_tokens
        if self.max_tokens is not None and tokens >= self.max_tokens:
            return True
        return self.max_usd is not None and totals.cost_usd >= self.max_usd
