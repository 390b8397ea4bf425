"""What must stop an approval: unsupported claims, and publishable text that came from an item the
intake boundary withheld (a quarantined injection, an impossible number, a stale date).

``publishable_problems(claims, snapshot)`` is what the approve gate asks. Every claim section is
publishable (claims are only extracted from the prose that would go out). A claim is a
*flagged-text hit* when it

* cites a withheld item;
* repeats a run of ``SHINGLE_WORDS`` words of a withheld item's text (quoting it);
* names something only a withheld item names (paraphrasing it: "VN-Reason" when the only item
  that mentions VN-Reason is the quarantined press release); or
* itself reads as an instruction to a model (``agent.sources.safety``), wherever it came from
  (an editor's paste, a model that followed an injection).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from agent.claims.entities import EntityExtractor, entity_haystack, entity_present, normalize_name
from agent.schemas import Claim, DaySnapshot, WithheldItem
from agent.sources.safety import injection_flags
from agent.text import normalize_for_match, words

SHINGLE_WORDS = 6
_NOT_TEXT = frozenset({"flags", "url", "id", "kind", "board", "published_at", "first_seen_at"})


@dataclass(frozen=True)
class FlaggedTextHit:
    """Publishable text that came from a withheld item (or is itself an injection)."""

    claim_id: str
    section: str
    item_id: str | None
    reason: str
    text: str


@dataclass(frozen=True)
class _WithheldText:
    item_id: str
    text: str
    shingles: frozenset[tuple[str, ...]]
    haystack: str


def publishable_problems(claims: Sequence[Claim], snapshot: DaySnapshot
                         ) -> tuple[list[Claim], list[FlaggedTextHit]]:
    """(unsupported claims, flagged-text hits) of the publishable text, in claim order."""
    unsupported = [c for c in claims if c.status == "unsupported"]
    withheld = [_withheld_text(w) for w in snapshot.withheld]
    kept_haystacks = [entity_haystack(item) for item in snapshot.items]
    extractor = EntityExtractor.from_items(snapshot.items)
    hits: list[FlaggedTextHit] = []
    for claim in claims:
        hits += _hits(claim, withheld, kept_haystacks, extractor)
    return unsupported, hits


def _hits(claim: Claim, withheld: Sequence[_WithheldText], kept: Sequence[str],
          extractor: EntityExtractor) -> list[FlaggedTextHit]:
    found: list[FlaggedTextHit] = []
    cited = {s.item_id for s in claim.sources}
    shingles = _shingles(claim.text)
    names = [e for e in extractor.extract(claim.text)
             if not any(entity_present(e, haystack) for haystack in kept)]
    for item in withheld:
        shared = shingles & item.shingles
        only_there = [e.text for e in names if entity_present(e, item.haystack)]
        if item.item_id in cited:
            found.append(_hit(claim, item.item_id, "cites a withheld item", claim.text))
        elif shared:
            found.append(_hit(claim, item.item_id, "repeats text of a withheld item",
                              " ".join(sorted(shared)[0])))
        elif only_there:
            found.append(_hit(claim, item.item_id, "names what only a withheld item names",
                              ", ".join(only_there)))
    for flag in injection_flags(claim.text, claim.id):
        found.append(_hit(claim, None, f"reads as an instruction to a model ({flag.detail})",
                          flag.span or claim.text))
    return found


def _hit(claim: Claim, item_id: str | None, reason: str, text: str) -> FlaggedTextHit:
    return FlaggedTextHit(claim_id=claim.id, section=claim.section, item_id=item_id,
                          reason=reason, text=text)


def _withheld_text(withheld: WithheldItem) -> _WithheldText:
    texts = list(_strings(withheld.item))
    texts += [f.span for f in withheld.flags if f.span]
    joined = " . ".join(texts)
    return _WithheldText(item_id=withheld.id, text=joined,
                         shingles=frozenset().union(*(_shingles(t) for t in texts)),
                         haystack=normalize_name(joined))


def _strings(value: object, key: str = "") -> Iterable[str]:
    """Every source string of a withheld item's fields (nested ones too)."""
    if key in _NOT_TEXT:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, key)


def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    tokens = words(normalize_for_match(text))
    return frozenset(tuple(tokens[i:i + SHINGLE_WORDS])
                     for i in range(len(tokens) - SHINGLE_WORDS + 1))
