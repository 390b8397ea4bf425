"""The LLM claim extractor: atomic claims with kinds and verbatim citations, through the router.

The section is cut into units (``agent.claims.extraction_plan``: a paragraph each, or neighbours
grouped when the call budget is smaller), sent as parallel ``extractor`` requests, each in a copy
of the caller's context so the router's crash-replay scope is the node's. Each request's output
budget comes from the words it carries (``[claims]`` in config/models.toml, sized from a measured
extraction). An answer that does not fit even the larger retry budget is split and asked again,
down to single sentences. A unit whose model call fails for good (unavailable, rejected,
invalid, a single sentence too long) falls back to the offline extractor: a ``Problem`` and a
router degradation say so.

The model's output is then held to the same rules as any source text:

* a citation of an unknown item, or whose quote is not a substring of the item after
  normalisation, is dropped and recorded as a ``Problem`` (instructor's citation validator);
* a claim is anchored to the paragraph sentence it names (exactly, else the closest sentence by
  fuzzy match), so its span points into the draft;
* a claim labelled ``analysis`` that states a figure becomes ``number`` (figures are always
  checked);
* a sentence the model skipped gets the deterministic extractor's claim, also recorded.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

from rapidfuzz import fuzz

from agent.claims.attribute import ItemIndex
from agent.claims.decisions import ClaimExtraction, ExtractedClaim
from agent.claims.extract import SectionId, extract_claims
from agent.claims.extraction_plan import ExtractionUnit, candidate_items, plan_units
from agent.claims.numbers import checkable_quantities
from agent.errors import LLMError, OutputTruncatedError
from agent.llm.base import LLMRequest, PromptBlock
from agent.llm.degrade import degradation_note, failure_line
from agent.llm.prompting import as_source_text, data_block, escape_data, render
from agent.llm.router import LLMRouter
from agent.llm.settings import ClaimsCalls, load_models_config
from agent.schemas import Claim, ClaimSource, ItemBase, Problem
from agent.text import contains_quote, normalize_for_match, split_sentences

NODE = "claims"
PROMPT = "claims_extract.md"
T = TypeVar("T")


@dataclass
class ExtractionResult:
    claims: list[Claim]
    problems: list[Problem] = field(default_factory=list)


@dataclass
class UnitOutcome:
    """What one unit's requests produced; ``offline`` lists the units left to the fallback."""

    claims: list[tuple[ExtractionUnit, ExtractedClaim]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    offline: list[ExtractionUnit] = field(default_factory=list)

    def extend(self, other: UnitOutcome) -> None:
        self.claims += other.claims
        self.problems += other.problems
        self.offline += other.offline


def llm_extract_claims(
    router: LLMRouter,
    section: SectionId,
    paragraphs: Sequence[str],
    index: ItemIndex,
    *,
    id_prefix: str,
    settings: ClaimsCalls | None = None,
) -> ExtractionResult:
    """Claims of ``paragraphs`` from the extractor model, with the offline extractor filling
    every sentence the model did not cover (skipped, or in a unit whose call failed)."""
    settings = settings or load_models_config().claims
    units = plan_units(paragraphs, settings.max_extraction_requests)
    # Candidates are chosen here, in the caller's thread: the BM25 index is not shared across
    # threads; the workers only wait on HTTP.
    tasks = [_unit_task(router, section, unit, candidate_items(
        unit, index, per_sentence=settings.candidates_per_sentence), settings) for unit in units]
    outcome = UnitOutcome()
    for unit_outcome in in_parallel(tasks):
        outcome.extend(unit_outcome)
    result = ExtractionResult(claims=[], problems=list(outcome.problems))
    counters: dict[int, int] = {}
    for unit, extracted in outcome.claims:
        claim = _to_claim(extracted, unit, section, paragraphs, index, id_prefix, counters, result)
        if claim is not None:
            result.claims.append(claim)
    _fill_uncovered(section, paragraphs, index, id_prefix, result, offline=outcome.offline)
    return result


def in_parallel(tasks: Sequence[Callable[[], T]]) -> list[T]:
    """Run ``tasks`` at once, each in a copy of this context; results in task order."""
    if len(tasks) < 2:
        return [task() for task in tasks]
    with ThreadPoolExecutor(max_workers=len(tasks), thread_name_prefix="claims") as pool:
        futures = [pool.submit(contextvars.copy_context().run, task) for task in tasks]
        return [future.result() for future in futures]


def _unit_task(router: LLMRouter, section: SectionId, unit: ExtractionUnit,
               items: list[ItemBase], settings: ClaimsCalls) -> Callable[[], UnitOutcome]:
    return lambda: extract_unit(router, section, unit, items, settings)


def extract_unit(router: LLMRouter, section: SectionId, unit: ExtractionUnit,
                 items: list[ItemBase], settings: ClaimsCalls) -> UnitOutcome:
    """One request for ``unit``; split in two when the answer cannot fit, offline on failure."""
    try:
        decision = router.call(extraction_request(section, unit, items, settings),
                               ClaimExtraction)
        return UnitOutcome(claims=[(unit, claim) for claim in decision.claims])
    except OutputTruncatedError as error:
        halves = unit.split()
        if halves is None:
            return _offline(router, unit, error)
        outcome = UnitOutcome()
        for half in halves:
            outcome.extend(extract_unit(router, section, half, items, settings))
        return outcome
    except LLMError as error:
        return _offline(router, unit, error)


def _offline(router: LLMRouter, unit: ExtractionUnit, error: LLMError) -> UnitOutcome:
    router.note_degradation(
        degradation_note("the claims extractor", error, "offline extractor used"))
    message = (f"the extractor model failed for {unit.describe()} ({failure_line(error)}); "
               "the offline extractor's claims are used there")
    return UnitOutcome(problems=[_problem("extractor_failed", message)], offline=[unit])


def extraction_request(section: SectionId, unit: ExtractionUnit, items: Sequence[ItemBase],
                       settings: ClaimsCalls) -> LLMRequest:
    blocks = "\n".join(f'<paragraph index="{p.paragraph}">\n{escape_data(p.text)}\n</paragraph>'
                       for p in unit.passages)
    return LLMRequest(
        role="extractor", node=NODE,
        system=[PromptBlock(text=render(PROMPT, part="instructions"), cache=True)],
        user=render(PROMPT, part="data", section=section, paragraphs=blocks,
                    data=data_block(items)),
        max_tokens=settings.extraction_budget(unit.words),
    )


def _to_claim(extracted: ExtractedClaim, unit: ExtractionUnit, section: SectionId,
              paragraphs: Sequence[str], index: ItemIndex, id_prefix: str,
              counters: dict[int, int], result: ExtractionResult) -> Claim | None:
    if extracted.paragraph not in unit.paragraphs:
        result.problems.append(_problem("unknown_paragraph", f"claim {extracted.text!r} names "
                                        f"paragraph {extracted.paragraph}, which was not sent"))
        return None
    span = locate_sentence(paragraphs[extracted.paragraph], extracted.sentence)
    sources = [s for s in (_validated(c.item_id, c.quote, extracted.text, index, result)
                           for c in extracted.citations) if s is not None]
    kind = extracted.kind
    if kind == "analysis" and checkable_quantities(extracted.text):
        kind = "number"
    number = counters.get(extracted.paragraph, 0)
    counters[extracted.paragraph] = number + 1
    return Claim(id=f"{id_prefix}.p{extracted.paragraph}.c{number}", section=section,
                 paragraph=extracted.paragraph, span=span, text=extracted.text, kind=kind,
                 sources=sources)


def _validated(item_id: str, quote: str, claim_text: str, index: ItemIndex,
               result: ExtractionResult) -> ClaimSource | None:
    item = index.get(item_id)
    if item is None:
        result.problems.append(_problem("unknown_item", f"citation of unknown item {item_id!r} "
                                        f"dropped for claim {claim_text!r}"))
        return None
    quote = as_source_text(quote)  # the model copied it from the prompt's escaped data block
    if not contains_quote(item.evidence_text(), quote):
        result.problems.append(_problem("quote_not_found", f"quote {quote!r} is not in {item_id}; "
                                        f"citation dropped for claim {claim_text!r}"))
        return None
    return ClaimSource(item_id=item.id, url=item.url, quote=quote)


def locate_sentence(paragraph: str, sentence: str) -> tuple[int, int]:
    """Offsets of ``sentence`` in ``paragraph``: exact, else the closest sentence (fuzzy)."""
    start = paragraph.find(sentence)
    if start >= 0 and sentence:
        return start, start + len(sentence)
    spans = split_sentences(paragraph) or [(0, len(paragraph), paragraph)]
    target = normalize_for_match(sentence)
    best = max(spans, key=lambda s: fuzz.ratio(normalize_for_match(s[2]), target))
    return best[0], best[1]


def _fill_uncovered(section: SectionId, paragraphs: Sequence[str], index: ItemIndex,
                    id_prefix: str, result: ExtractionResult, *,
                    offline: Sequence[ExtractionUnit]) -> None:
    """The offline extractor's claim for every sentence no model claim covers. Sentences of a
    unit that fell back were reported with it; any other gap is a sentence the model skipped."""
    covered = {(c.paragraph, c.span) for c in result.claims}
    fallen = _spans_of(offline, paragraphs)
    for fallback in extract_claims(section, paragraphs, index, id_prefix=id_prefix):
        if any(p == fallback.paragraph and _overlaps(s, fallback.span) for p, s in covered):
            continue
        result.claims.append(fallback)
        if not any(p == fallback.paragraph and _overlaps(s, fallback.span) for p, s in fallen):
            result.problems.append(_problem(
                "sentence_skipped", f"the extractor skipped {fallback.text!r}; "
                "the deterministic extractor's claim was used"))
    result.claims.sort(key=lambda c: (c.paragraph, c.span[0]))


def _spans_of(units: Sequence[ExtractionUnit],
              paragraphs: Sequence[str]) -> list[tuple[int, tuple[int, int]]]:
    spans = []
    for unit in units:
        for passage in unit.passages:
            start = max(paragraphs[passage.paragraph].find(passage.text), 0)
            spans.append((passage.paragraph, (start, start + len(passage.text))))
    return spans


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _problem(kind: str, message: str) -> Problem:
    return Problem(node=NODE, kind=kind, message=message, recoverable=True)
