"""LLM entailment on top of offline verification (offline checks never get weaker).

With a ``verifier`` model configured, ``verify_with_llm`` asks whether each claim's cited items
state it (``prompts/claims_entail.md``, the items delimited as data) and adds an ``entailment``
check. The verdict can only keep or lower a status:

==============  ===========  ==============  ===========
offline status  entailed     not_found       contradicted
==============  ===========  ==============  ===========
supported       supported    partial         unsupported
partial         partial      partial         unsupported
not_checkable*  supported    partial         unsupported
unsupported     (not asked: nothing can raise it)
==============  ===========  ==============  ===========

\\* only non-analysis claims that cite existing items; ``analysis`` claims are never asked.
A not_checkable claim has no offline *failure* (nothing offline could test it), so an entailed
verdict is the only evidence there is. Claims are sent in batches of at most
``[claims] entailment_max_claims``, each with an output budget sized for its verdicts; a batch
whose verdicts do not fit even the larger retry budget is split in two and asked again. A claim
the model gives no verdict for, or whose batch failed for good (the verifier unavailable, a
rejected or invalid answer), keeps its offline result; a ``Problem`` is recorded, and a failed
batch is also a router degradation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property

from agent.claims.attribute import ItemIndex
from agent.claims.decisions import EntailmentDecision, EntailmentLabel, EntailmentVerdict
from agent.claims.verify import nearest_text
from agent.errors import LLMError, OutputTruncatedError
from agent.llm.base import LLMRequest, PromptBlock
from agent.llm.degrade import degradation_note, failure_line
from agent.llm.prompting import data_block, escape_data, render
from agent.llm.router import LLMRouter
from agent.llm.settings import ClaimsCalls, load_models_config
from agent.schemas import Claim, ClaimCheck, ClaimStatus, ItemBase, Problem

NODE = "claims"
PROMPT = "claims_entail.md"

Verdicts = dict[str, EntailmentVerdict | None]
"""Claim id -> verdict; ``None`` when the claim's batch failed for good."""

_COMBINED: dict[tuple[ClaimStatus, EntailmentLabel], ClaimStatus] = {
    ("supported", "entailed"): "supported",
    ("supported", "not_found"): "partial",
    ("supported", "contradicted"): "unsupported",
    ("partial", "entailed"): "partial",
    ("partial", "not_found"): "partial",
    ("partial", "contradicted"): "unsupported",
    ("not_checkable", "entailed"): "supported",
    ("not_checkable", "not_found"): "partial",
    ("not_checkable", "contradicted"): "unsupported",
}


def combine(offline: ClaimStatus, verdict: EntailmentLabel) -> ClaimStatus:
    """The table of the module docstring; an unsupported claim stays unsupported."""
    return _COMBINED.get((offline, verdict), "unsupported")


def verify_with_llm(
    router: LLMRouter,
    claims: Sequence[Claim],
    items: Mapping[str, ItemBase],
    *,
    problems: list[Problem] | None = None,
    settings: ClaimsCalls | None = None,
) -> list[Claim]:
    """``claims`` (already verified offline) with an entailment check where one can apply."""
    if not router.has("verifier"):
        return list(claims)
    settings = settings or load_models_config().claims
    problems = problems if problems is not None else []
    asked = [claim for claim in claims if _askable(claim, items)]
    verdicts: Verdicts = {}
    size = settings.entailment_max_claims
    for start in range(0, len(asked), size):
        verdicts.update(check_batch(router, asked[start:start + size], items, settings, problems))
    nearest = _LazyNearest(items)
    result = []
    for claim in claims:
        verdict = verdicts.get(claim.id)
        if verdict is None:
            if claim in asked and claim.id not in verdicts:  # a failed batch is reported once
                problems.append(Problem(node=NODE, kind="no_verdict", message=(
                    f"the verifier gave no verdict for claim {claim.id}; offline result kept")))
            result.append(claim)
            continue
        result.append(_apply(claim, verdict, nearest))
    return result


def check_batch(router: LLMRouter, batch: Sequence[Claim], items: Mapping[str, ItemBase],
                settings: ClaimsCalls, problems: list[Problem]) -> Verdicts:
    """Verdicts for one batch: halves when its answer cannot fit; ``None`` for each claim of a
    batch that failed for good (reported once, here)."""
    try:
        decision = router.call(entailment_request(batch, items, settings), EntailmentDecision)
    except OutputTruncatedError as error:
        if len(batch) < 2:
            return _failed(router, batch, error, problems)
        middle = len(batch) // 2
        return {**check_batch(router, batch[:middle], items, settings, problems),
                **check_batch(router, batch[middle:], items, settings, problems)}
    except LLMError as error:
        return _failed(router, batch, error, problems)
    wanted = {claim.id for claim in batch}
    return {v.claim_id: v for v in decision.verdicts if v.claim_id in wanted}


def _failed(router: LLMRouter, batch: Sequence[Claim], error: LLMError,
            problems: list[Problem]) -> Verdicts:
    router.note_degradation(
        degradation_note("the entailment verifier", error, "offline results kept"))
    problems.append(Problem(node=NODE, kind="verifier_failed", message=(
        f"the verifier model failed for {len(batch)} claim(s) ({failure_line(error)}); "
        "their offline results are kept")))
    return dict.fromkeys((claim.id for claim in batch), None)


def _askable(claim: Claim, items: Mapping[str, ItemBase]) -> bool:
    return (claim.kind != "analysis" and claim.status != "unsupported"
            and any(source.item_id in items for source in claim.sources))


def entailment_request(claims: Sequence[Claim], items: Mapping[str, ItemBase],
                       settings: ClaimsCalls | None = None) -> LLMRequest:
    cited = dict.fromkeys(s.item_id for c in claims for s in c.sources if s.item_id in items)
    claim_blocks = "\n".join(_claim_block(claim) for claim in claims)
    return LLMRequest(
        role="verifier", node=NODE,
        system=[PromptBlock(text=render(PROMPT, part="instructions"), cache=True)],
        user=render(PROMPT, part="data", claims=claim_blocks,
                    data=data_block(items[i] for i in cited)),
        max_tokens=(settings or load_models_config().claims).entailment_budget(len(claims)),
    )


def _claim_block(claim: Claim) -> str:
    cites = escape_data(" ".join(source.item_id for source in claim.sources))
    return f'<claim id="{escape_data(claim.id)}" cites="{cites}">{escape_data(claim.text)}</claim>'


class _LazyNearest:
    """The day's index, built only if a verdict downgrades a claim that had no nearest text."""

    def __init__(self, items: Mapping[str, ItemBase]) -> None:
        self._items = items

    @cached_property
    def index(self) -> ItemIndex:
        return ItemIndex(self._items.values())

    def text(self, claim_text: str) -> str | None:
        return nearest_text(claim_text, self.index)


def _apply(claim: Claim, verdict: EntailmentVerdict, nearest: _LazyNearest) -> Claim:
    check = ClaimCheck(name="entailment", passed=verdict.verdict == "entailed",
                       detail=f"{verdict.verdict}: {verdict.reasoning}")
    status = combine(claim.status, verdict.verdict)
    nearest_source = claim.nearest_source_text
    if status in ("partial", "unsupported") and nearest_source is None:
        nearest_source = nearest.text(claim.text)
    return claim.model_copy(update={"status": status, "checks": [*claim.checks, check],
                                    "nearest_source_text": nearest_source})
