"""The approve gate: what in the publishable text the editor must see before it goes out.

Nothing unsupported is silently published: approval is refused while a claim of the issue is
unsupported or rests on a flagged item (one that tried to instruct the model), unless the editor
accepts those claims explicitly (``EditorDecision.accept_unsupported``, kept in the action log).
"""

from __future__ import annotations

from collections.abc import Sequence

from agent.claims.publishable import publishable_problems
from agent.schemas import Claim, DaySnapshot
from agent.text import clip


def approval_blockers(claims: Sequence[Claim], snapshot: DaySnapshot) -> list[Claim]:
    """Claims that stop an approval, in claim order: unsupported ones, and any that carries text
    of a withheld item (cites it, repeats its words, names what only it names, or itself reads
    as an instruction to a model; ``agent.claims.publishable``)."""
    unsupported, hits = publishable_problems(claims, snapshot)
    blocking = {c.id for c in unsupported} | {hit.claim_id for hit in hits}
    return [claim for claim in claims if claim.id in blocking]


def uncovered(blockers: Sequence[Claim], accepted: Sequence[str] | None) -> list[Claim]:
    """The blockers the editor did not accept (``["*"]`` accepts every one)."""
    if accepted and "*" in accepted:
        return []
    return [claim for claim in blockers if claim.id not in set(accepted or ())]


def describe(claims: Sequence[Claim], limit: int = 8) -> str:
    shown = "; ".join(f'{c.id} "{clip(c.text, 90)}"' for c in claims[:limit])
    more = f"; and {len(claims) - limit} more" if len(claims) > limit else ""
    return shown + more

