"""Role routing: which model serves writer / critic / extractor / verifier, and the bookkeeping
around every call (replay after a crash, budget caps, cost, the ledger).

Nodes ask ``router.has(role)`` and fall back to the deterministic baseline when it is False, so a
machine without keys still drafts end to end. Once the run's token or dollar cap is reached,
``enforce_budget()`` is True (nodes stop revising) and the verifier moves to the configured
cheaper model; both are recorded in ``degradations`` and the ledger's run row. Nothing is refused:
a cap degrades the run, it never crashes it or loses the draft.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from contextvars import ContextVar
from typing import TypeVar

from pydantic import BaseModel

from agent.errors import (
    LLMError,
    OutputTruncatedError,
    ProviderUnavailableError,
    StructuredOutputError,
)
from agent.llm.base import ROLES, ChatModel, LLMRequest, Role, TokenCallback, Usage
from agent.persistence.ledger import (
    CallOutcome,
    CallRecord,
    Ledger,
    LedgerTotals,
    MemoryLedger,
    RunInfo,
)
from agent.llm.pricing import PriceTable
from agent.schemas import BASELINE_AUTHOR

T = TypeVar("T", bound=BaseModel)

DEGRADED_ROLE: Role = "verifier"

current_task: ContextVar[str] = ContextVar("current_task", default="")
"""The graph task making calls (set by ``agent.nodes.timing.timed``). LangGraph task ids are
deterministic, so a task re-run after a crash has the same id as the one that died: its calls
replay from the ledger, while an identical request in a *later* task (a second critique of an
unchanged essay) is a new call."""


class LLMRouter:
    def __init__(
        self,
        models: dict[Role, ChatModel | None] | None = None,
        *,
        ledger: Ledger | None = None,
        run_id: str = "run",
        on_token: TokenCallback | None = None,
        budget: Budget | None = None,
        prices: PriceTable | None = None,
        fallbacks: dict[Role, ChatModel] | None = None,
    ) -> None:
        self.models: dict[Role, ChatModel | None] = {role: None for role in ROLES}
        self.models.update(models or {})
        self.ledger: Ledger = ledger if ledger is not None else MemoryLedger()
        self.run_id = run_id
        self.on_token = on_token
        self.budget = budget
        self.prices = prices
        self.fallbacks: dict[Role, ChatModel] = dict(fallbacks or {})
        """The cheaper model a role moves to when the budget is reached (the verifier's)."""
        self.degradations: list[str] = []
        self._lock = threading.Lock()
        self._budget_applied = False
        self._occurrences: Counter[str] = Counter()

    # -- what is available ------------------------------------------------------------------
    def has(self, role: Role) -> bool:
        return self.models.get(role) is not None

    @property
    def is_baseline(self) -> bool:
        return all(model is None for model in self.models.values())

    def model_id(self, role: Role) -> str:
        model = self.models.get(role)
        return model.model_id if model is not None else BASELINE_AUTHOR

    def describe(self) -> dict[str, str]:
        return {role: self.model_id(role) for role in ROLES}

    def totals(self) -> LedgerTotals:
        return self.ledger.totals(self.run_id)

    def enforce_budget(self) -> bool:
        """Apply the run's caps: once the token or dollar cap is reached, degrade (the verifier
        moves to the economy model, the degradation is recorded) and return True, so callers
        stop spending (no more revision rounds); never raises."""
        if self.budget is None:
            return False
        reason = self.budget.exceeded(self.totals())
        if reason is None:
            return False
        self._apply_budget_degradation(reason)
        return True

    def note_degradation(self, what: str) -> None:
        with self._lock:
            if what in self.degradations:
                return
            self.degradations.append(what)
        self.save_run_info()

    def save_run_info(self) -> None:
        """Record the role -> model map and degradations beside the run's calls."""
        self.ledger.save_run(RunInfo(run_id=self.run_id, models=self.describe(),
                                     degradations=list(self.degradations)))

    # -- the call ---------------------------------------------------------------------------
    def call(self, request: LLMRequest, schema: type[T]) -> T:
        self.enforce_budget()  # switches the verifier before it is chosen below
        model = self.models.get(request.role)
        if model is None:
            raise LookupError(f"no model configured for role {request.role!r}; use the baseline")
        request = request.model_copy(update={"schema_name": schema.__name__})
        fingerprint = self._replay_key(request.fingerprint(model.model_id))
        replay = self.ledger.find_completed(self.run_id, fingerprint)
        if replay is not None:
            # A crashed run resumes without paying for a call it already completed.
            return schema.model_validate_json(replay.response_text)
        started = time.perf_counter()
        try:
            result = model.structured(request, schema, on_token=self.on_token)
        except LLMError as error:  # every failure leaves a ledger row, then goes to the caller
            self._record_failure(request, model, fingerprint, started, error)
            raise
        self.ledger.record(self._record(
            request, model, fingerprint, result.usage, started, attempts=result.attempts,
            transport_attempts=result.transport_attempts,
            response_text=result.parsed.model_dump_json(),
        ))
        return result.parsed

    def _replay_key(self, request_fingerprint: str) -> str:
        """Task scope + request + how many identical requests this task already made."""
        scoped = f"{current_task.get()}|{request_fingerprint}"
        with self._lock:
            self._occurrences[scoped] += 1
            return f"{scoped}|{self._occurrences[scoped]}"

    def _record(self, request: LLMRequest, model: ChatModel, fingerprint: str, usage: Usage,
                started: float, **fields: object) -> CallRecord:
        cost = self.prices.cost(model.provider, model.model, usage) if self.prices else None
        return CallRecord(
            run_id=self.run_id, node=request.node, role=request.role, provider=model.provider,
            model=model.model, fingerprint=fingerprint, input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens, cache_read_tokens=usage.cache_read_tokens,
            cache_write_tokens=usage.cache_write_tokens,
            latency_s=time.perf_counter() - started, cost_usd=cost or 0.0,
            cost_known=cost is not None, **fields,  # type: ignore[arg-type]
        )

    def _record_failure(self, request: LLMRequest, model: ChatModel, fingerprint: str,
                        started: float, error: LLMError) -> None:
        usage, attempts = Usage(), 1
        if isinstance(error, (StructuredOutputError, OutputTruncatedError)):
            usage = Usage.model_validate(error.usage)  # the cut-off or invalid turns were billed
        if isinstance(error, StructuredOutputError):
            attempts = error.attempts
        elif isinstance(error, OutputTruncatedError):
            attempts = len(error.budgets)
        self.ledger.record(self._record(request, model, fingerprint, usage, started,
                                        attempts=attempts, outcome=failure_outcome(error),
                                        error=str(error)))

    def _apply_budget_degradation(self, reason: str) -> None:
        with self._lock:
            if self._budget_applied:
                return
            self._budget_applied = True
            current = self.models.get(DEGRADED_ROLE)
            cheaper = self.fallbacks.get(DEGRADED_ROLE)
            if current is None:
                note = reason
            elif cheaper is None or cheaper.model_id == current.model_id:
                note = f"{reason}: {DEGRADED_ROLE} stays on {current.model_id} (no cheaper model)"
            else:
                self.models[DEGRADED_ROLE] = cheaper
                note = (f"{reason}: {DEGRADED_ROLE} switched from {current.model_id} "
                        f"to {cheaper.model_id}")
        self.note_degradation(note)


def failure_outcome(error: LLMError) -> CallOutcome:
    """The ledger's outcome of a failed call (a cut-off answer is output that cannot be used)."""
    if isinstance(error, ProviderUnavailableError):
        return "unavailable"
    if isinstance(error, (StructuredOutputError, OutputTruncatedError)):
        return "invalid_output"
    return "rejected"


class Budget:
    """Per-run caps; ``None`` means no cap. Tokens count input, output and cache reads/writes."""

    def __init__(self, *, max_tokens: int | None = None, max_usd: float | None = None) -> None:
        self.max_tokens = max_tokens
        self.max_usd = max_usd

    def exceeded(self, totals: LedgerTotals) -> str | None:
        """Which cap the run has reached, as a stable phrase, or None."""
        if self.max_tokens is not None and totals.tokens >= self.max_tokens:
            return f"token budget reached (cap {self.max_tokens:,} tokens)"
        if self.max_usd is not None and totals.cost_usd >= self.max_usd:
            return f"dollar budget reached (cap ${self.max_usd:.2f})"
        return None

    def exhausted(self, totals: LedgerTotals) -> bool:
        return self.exceeded(totals) is not None
