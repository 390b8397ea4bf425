"""Offline verification of claims against the day's items (docs/design.md §5), with the checks that decided.

Checks (``ClaimCheck.name``):

* ``item_exists``: every cited item id is in the snapshot, and none is withheld (an item the
  intake boundary quarantined is never support, whatever it says).
* ``quote_present``: every source quote occurs verbatim (after whitespace/quote normalisation) in
  its item, and every quotation inside the claim text occurs in a cited item. Quotes are read as
  the model saw the item: HTML entities of the prompt's data block ("&amp;") are undone first.
* ``numbers_match``: every figure in the claim matches a figure of a cited item after unit
  normalisation and the rounding rules of ``agent.claims.numbers``.
* ``entities_present``: every named entity of the claim (``agent.claims.entities``) occurs in a
  cited item's text or in its own names (outlet, lab, model, repository, authors).
* ``lexical_support``: the cited items say something of what the claim says (run when the claim
  has at least ``MIN_PREDICATE_WORDS`` content words besides its names and figures). It fails
  when a claim without figures shares *none* of those words with its sources (the source names
  the company, but not what the claim says about it), or when another item of the day holds the
  claim's words, IDF-weighted over the day's items, ``MISATTRIBUTION_MARGIN`` better than the
  cited items do (the claim cites the wrong story). It also fails, whatever the claim's length,
  when a cited item holds none of the claim's figures, names or specific words (only generic
  ones such as "Labs", "AI", "today"). Lexical overlap never makes a claim pass.

Decision table (first row that applies wins):

====  ======================================================================  =============
row   condition                                                               status
====  ======================================================================  =============
D1    an ``analysis`` claim without figures (figures are always checked)      not_checkable
D2    no cited item exists (nothing cited, or every id unknown), or a cited   unsupported
      item is withheld (quarantined at intake)
D3    a quote is not verbatim in its item, or a quotation in the claim is     unsupported
      in no cited item
D4    a figure matches nothing in the cited items                             unsupported
D5    names are missing and no other name and no figure of the claim is       unsupported
      found
D6    names are missing, but other names or the figures are found             partial
D7    ``lexical_support`` failed                                              partial
D8    nothing checkable (no figures, names or quotations) and the claim is   not_checkable
      not itself verbatim in a cited item
D9    some cited ids are unknown (the cited items that exist pass)            partial
D10   otherwise (including a claim with nothing else to check that occurs     supported
      verbatim in a cited item, as the baseline writer's lifted sentences do)
====  ======================================================================  =============

Why these rows: a wrong figure or an invented quote is the error an editor must never publish,
so it is unsupported however much else matches. A missing name is often a paraphrase or outside
context (a partial the editor glances at), unless nothing of the claim is in the source at all
(then the citation is wrong). Lexical evidence is weak, so it can only make a claim partial.
``nearest_source_text`` is filled for partial and unsupported claims: the best-supporting window
over *all* of the day's items, as "[item-id] text".

The thresholds were set on the four archive days, which are also what the perturbation suite
(``evals/claims_perturbation.py``) reports on: there is no held-out day yet.

An LLM entailment check (``verify_with_llm``, in ``agent.claims.entail``) can only add failures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from agent.claims.attribute import ClaimNeeds, ItemIndex, evidence_quantities, specific_terms
from agent.claims.entities import entity_present
from agent.claims.extract import quotations
from agent.claims.lexical import content_terms
from agent.claims.numbers import Quantity, find_match
from agent.llm.prompting import as_source_text
from agent.schemas import Claim, ClaimCheck, ClaimStatus, DaySnapshot, ItemBase
from agent.sources.intake import is_withheld
from agent.text import contains_quote

MIN_PREDICATE_WORDS = 3
MISATTRIBUTION_MARGIN = 0.35


@dataclass
class VerificationContext:
    """The day's items with their BM25 index and entity gazetteer, built once per snapshot, and
    the ids of the items withheld at intake."""

    items: Mapping[str, ItemBase]
    index: ItemIndex
    withheld: frozenset[str] = frozenset()

    @classmethod
    def build(cls, items: Mapping[str, ItemBase],
              withheld: Iterable[str] = ()) -> VerificationContext:
        usable = {i: item for i, item in items.items() if not is_withheld(item)}
        blocked = frozenset(withheld) | {i for i in items if i not in usable}
        return cls(items=usable, index=ItemIndex(usable.values()), withheld=blocked)


@dataclass
class _Evidence:
    """The cited items that exist, and what was wrong with the citation list."""

    items: list[ItemBase]
    missing_ids: list[str]
    withheld_ids: list[str]


def verify_claims(claims: Iterable[Claim], snapshot: DaySnapshot, *,
                  index: ItemIndex | None = None) -> list[Claim]:
    """Every claim verified against ``snapshot`` (pass the day's ``index`` if already built)."""
    context = VerificationContext.build(snapshot.by_id(), (w.id for w in snapshot.withheld))
    if index is not None:
        context.index = index
    return [verify_claim(claim, context.items, context=context) for claim in claims]


def verify_claim(
    claim: Claim, items: Mapping[str, ItemBase], *, context: VerificationContext | None = None
) -> Claim:
    """``claim`` with its offline checks, status and (when flagged) nearest source text."""
    context = context or VerificationContext.build(items)
    needs = context.index.needs(claim.text)
    evidence = _cited(claim, context)
    if claim.kind == "analysis" and not needs.quantities and not evidence.withheld_ids:
        return claim.model_copy(update={"status": "not_checkable", "checks": [],
                                        "nearest_source_text": None})
    missing = missing_entities(needs, evidence.items, context.index)
    checks = _run_checks(claim, needs, evidence, missing, context)
    status = decide(checks, needs, has_quotations=bool(quotations(claim.text)),
                    entities_found=len(needs.entities) - len(missing),
                    verbatim=any(contains_quote(i.evidence_text(), as_source_text(claim.text))
                                 for i in evidence.items),
                    cites_withheld=bool(evidence.withheld_ids))
    flagged = status in ("partial", "unsupported")
    nearest = nearest_text(claim.text, context.index) if flagged else None
    return claim.model_copy(update={"status": status, "checks": checks,
                                    "nearest_source_text": nearest})


def _cited(claim: Claim, context: VerificationContext) -> _Evidence:
    items = context.items
    present = [items[s.item_id] for s in claim.sources if s.item_id in items]
    withheld = [s.item_id for s in claim.sources if s.item_id in context.withheld]
    missing = [s.item_id for s in claim.sources
               if s.item_id not in items and s.item_id not in context.withheld]
    return _Evidence(items=present, missing_ids=missing, withheld_ids=withheld)


def _run_checks(claim: Claim, needs: ClaimNeeds, evidence: _Evidence, missing: list[str],
                context: VerificationContext) -> list[ClaimCheck]:
    checks = [_item_exists(claim, evidence)]
    if not evidence.items or evidence.withheld_ids:
        return checks
    checks.append(_quote_present(claim, evidence))
    if needs.quantities:
        checks.append(_numbers_match(needs.quantities, evidence))
    if needs.entities:
        checks.append(_entities_present(needs, missing))
    support = _lexical_support(claim, needs, evidence, context.index)
    if support is not None:
        checks.append(support)
    return checks


def _item_exists(claim: Claim, evidence: _Evidence) -> ClaimCheck:
    if not claim.sources:
        return ClaimCheck(name="item_exists", passed=False, detail="the claim cites no item")
    if evidence.withheld_ids:
        return ClaimCheck(name="item_exists", passed=False, detail=(
            f"cites item(s) withheld at intake (quarantined): {', '.join(evidence.withheld_ids)}"))
    if evidence.missing_ids:
        return ClaimCheck(name="item_exists", passed=False,
                          detail=f"unknown item id(s): {', '.join(evidence.missing_ids)}")
    return ClaimCheck(name="item_exists", passed=True,
                      detail=f"{len(evidence.items)} cited item(s) found")


def _quote_present(claim: Claim, evidence: _Evidence) -> ClaimCheck:
    texts = {item.id: item.evidence_text() for item in evidence.items}
    problems = [f"quote not in {s.item_id}: {s.quote!r}" for s in claim.sources
                if s.item_id in texts
                and not contains_quote(texts[s.item_id], as_source_text(s.quote))]
    problems += [f"quotation not in the cited items: {q!r}" for q in quotations(claim.text)
                 if not any(contains_quote(text, as_source_text(q)) for text in texts.values())]
    if problems:
        return ClaimCheck(name="quote_present", passed=False, detail="; ".join(problems))
    return ClaimCheck(name="quote_present", passed=True, detail="every quote is verbatim")


def _numbers_match(quantities: Sequence[Quantity], evidence: _Evidence) -> ClaimCheck:
    figures = [q for item in evidence.items for q in evidence_quantities(item.evidence_text())]
    found, missing = [], []
    for quantity in quantities:
        match = find_match(quantity, figures)
        if match is None:
            missing.append(quantity.text)
        elif match.derived:
            found.append(f"{quantity.text} = {match.evidence[0].text} - {match.evidence[1].text}")
        else:
            found.append(f"{quantity.text} = {match.evidence[0].text}")
    if missing:
        detail = f"not in the cited items: {', '.join(missing)}"
        if found:
            detail += f" (matched: {', '.join(found)})"
        return ClaimCheck(name="numbers_match", passed=False, detail=detail)
    return ClaimCheck(name="numbers_match", passed=True, detail="; ".join(found))


def _entities_present(needs: ClaimNeeds, missing: list[str]) -> ClaimCheck:
    if missing:
        return ClaimCheck(name="entities_present", passed=False,
                          detail=f"not in the cited items: {', '.join(missing)}")
    names = ", ".join(e.text for e in needs.entities)
    return ClaimCheck(name="entities_present", passed=True, detail=f"found: {names}")


def predicate_terms(text: str, needs: ClaimNeeds) -> set[str]:
    """What the claim says about its names and figures: its content words without them."""
    named = " ".join([*(e.text for e in needs.entities), *(q.text for q in needs.quantities)])
    drop = set(content_terms(named))
    return {t for t in content_terms(text) if t not in drop and not t.replace(".", "").isdigit()}


def _lexical_support(claim: Claim, needs: ClaimNeeds, evidence: _Evidence,
                     index: ItemIndex) -> ClaimCheck | None:
    """The sources must say something of what the claim says, and no other item of the day may
    say it much better. None when the claim says too little beyond its names to judge."""
    idle = _idle_sources(claim, needs, evidence, index)
    if idle:
        return ClaimCheck(name="lexical_support", passed=False, detail=(
            f"{', '.join(idle)} share(s) only generic words with the claim "
            "(no figure, name or specific word of it)"))
    predicate = predicate_terms(claim.text, needs)
    if len(predicate) < MIN_PREDICATE_WORDS:
        return None
    cited_terms = frozenset().union(*(index.item_terms(item) for item in evidence.items))
    if not needs.quantities and index.weights.coverage(predicate, cited_terms) == 0:
        return ClaimCheck(name="lexical_support", passed=False, detail=(
            "the cited items share none of what the claim says beyond its names"))
    words = set(content_terms(claim.text))
    cited = index.weights.coverage(words, cited_terms)
    cited_ids = {item.id for item in evidence.items}
    for item, _ in index.candidates(claim.text, k=5):
        other = index.weights.coverage(words, index.item_terms(item))
        if item.id not in cited_ids and other - cited >= MISATTRIBUTION_MARGIN:
            return ClaimCheck(name="lexical_support", passed=False,
                              detail=f"{item.id} matches the claim far better than the cited "
                                     f"items ({other:.0%} vs {cited:.0%} of its weighted words)")
    return ClaimCheck(name="lexical_support", passed=True,
                      detail=f"the cited items hold {cited:.0%} of the claim's weighted words")


def _idle_sources(claim: Claim, needs: ClaimNeeds, evidence: _Evidence,
                  index: ItemIndex) -> list[str]:
    """Cited items that hold nothing of the claim but generic words ("Labs", "AI", "today")."""
    terms = specific_terms(claim.text)
    idle = []
    for item in evidence.items:
        haystack = index.haystack(item)
        figures = evidence_quantities(item.evidence_text())
        if (any(entity_present(e, haystack) for e in needs.entities)
                or any(find_match(q, figures) for q in needs.quantities)
                or terms & index.item_terms(item)
                or contains_quote(item.evidence_text(), as_source_text(claim.text))):
            continue
        idle.append(item.id)
    return idle


def missing_entities(needs: ClaimNeeds, items: Sequence[ItemBase], index: ItemIndex) -> list[str]:
    haystacks = [index.haystack(item) for item in items]
    return [e.text for e in needs.entities
            if not any(entity_present(e, haystack) for haystack in haystacks)]


def decide(checks: Sequence[ClaimCheck], needs: ClaimNeeds, *, has_quotations: bool,
           entities_found: int, verbatim: bool, cites_withheld: bool = False) -> ClaimStatus:
    """Rows D2-D10 of the decision table in the module docstring."""
    by_name = {check.name: check for check in checks}

    def failed(name: str) -> bool:
        return name in by_name and not by_name[name].passed

    if cites_withheld or "quote_present" not in by_name:  # quotes are checked whenever a cited item exists
        return "unsupported"  # D2
    if failed("quote_present") or failed("numbers_match"):
        return "unsupported"  # D3, D4
    if failed("entities_present"):
        return "partial" if needs.quantities or entities_found else "unsupported"  # D6, D5
    if failed("lexical_support"):
        return "partial"  # D7
    if not (needs.quantities or needs.entities or has_quotations or verbatim):
        return "not_checkable"  # D8
    return "partial" if failed("item_exists") else "supported"  # D9, D10


def nearest_text(text: str, index: ItemIndex) -> str | None:
    """The best-supporting window over all items, as "[item-id] text" (for flagged claims)."""
    nearest = index.nearest(text)
    return f"[{nearest[0].id}] {nearest[1].text}" if nearest else None
