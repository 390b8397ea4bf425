"""The editor's reading order for the ledger, and its counts (docs/design.md §5: unsupported first)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from agent.schemas import Claim, ClaimStatus, ClaimSummary

_ATTENTION: dict[ClaimStatus, int] = {"unsupported": 0, "partial": 1}


def attention_order(claims: Iterable[Claim]) -> list[Claim]:
    """Unsupported claims, then partial ones, then the rest; each group keeps its order."""
    return sorted(claims, key=lambda claim: _ATTENTION.get(claim.status, 2))


def needing_attention(claims: Iterable[Claim]) -> list[Claim]:
    """Only the unsupported and partial claims, unsupported first (review.json)."""
    return [claim for claim in attention_order(claims) if claim.status in _ATTENTION]


def summarize(claims: Sequence[Claim]) -> ClaimSummary:
    counts = {status: sum(1 for claim in claims if claim.status == status)
              for status in ("supported", "partial", "unsupported", "not_checkable")}
    return ClaimSummary(**counts)
