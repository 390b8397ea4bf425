"""What a source adapter returns, and the typed result the gatherer collects per source."""

from __future__ import annotations

from dataclasses import dataclass, field

from agent.schemas import Item, SourceHealth

# Statuses that mean "this source gave us nothing usable today".
FAILED_STATUSES: frozenset[str] = frozenset(
    {"rate_limited", "blocked", "schema_error", "network_error", "failed"}
)


@dataclass
class SourceOutcome:
    """An adapter's successful answer: items plus non-fatal problems (which mean ``degraded``)."""

    items: list[Item]
    warnings: list[str] = field(default_factory=list)


@dataclass
class SourceResult:
    """One source's health and items, as the gatherer records it."""

    health: SourceHealth
    items: list[Item]

    @property
    def failed(self) -> bool:
        return self.health.status in FAILED_STATUSES
