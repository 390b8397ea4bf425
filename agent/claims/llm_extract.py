"""The LLM claim extractor: atomic claims with kinds and verbatim citations, through the router.

One ``extractor`` call per section (every paragraph at once, within the per-draft call budget
of DESIGN §7). The model sees the paragraphs and the BM25 candidate items, delimited as data
(``prompts/claims_extract.md``), and answers a ``ClaimExtraction``. Its output is then held to
the same rules as any source text:

* a citation of an unknown item, or whose quote is not a substring of the item after
  normalisation, is dropped and recorded as a ``Problem`` (instructor's citation validator);
* a claim is anchored to the paragraph sentence it names (exactly, else the closest sentence by
  fuzzy match), so its span points into the draft;
* a claim labelled ``analysis`` that states a figure becomes ``number`` (figures are always
  checked);
* a sentence the model skipped gets the deterministic extractor's claim, also recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from agent.claims.attribute import ItemIndex
from agent.claims.decisions import ClaimExtraction, ExtractedClaim
from agent.claims.extract import SectionId, extract_claims
from agent.claims.numbers import checkable_quantities
from agent.llm.base import LLMRequest, PromptBlock
from agent.llm.router import LLMRouter
from agent.llm.prompting import data_block, escape_data, render
from agent.schemas import Claim, ClaimSource, ItemBase, Problem
from agent.text import contains_quote, normalize_for_match, split_sentences

NODE = "claims"
PROMPT = "claims_extract.md"


@dataclass
class ExtractionResult:
    claims: list[Claim]
    problems: list[Problem] = field(default_factory=list)


def llm_extract_claims(
    router: LLMRouter,
    section: SectionId,
    paragraphs: Sequence[str],
    index: ItemIndex,
    *,
    id_prefix: str,
    candidates_per_sentence: int = 4,
    max_items: int = 20,
) -> ExtractionResult:
    items = candidate_items(paragraphs, index, per_sentence=candidates_per_sentence,
                            limit=max_items)
    decision = router.call(extraction_request(section, paragraphs, items), ClaimExtraction)
    result = ExtractionResult(claims=[])
    counters: dict[int, int] = {}
    for extracted in decision.claims:
        claim = _to_claim(extracted, section, paragraphs, index, id_prefix, counters, result)
        if claim is not None:
            result.claims.append(claim)
    _fill_skipped_sentences(section, paragraphs, index, id_prefix, result)
    return result


def candidate_items(paragraphs: Sequence[str], index: ItemIndex, *, per_sentence: int,
                    limit: int) -> list[ItemBase]:
    """The union of every sentence's BM25 candidates, best score first, at most ``limit``."""
    best: dict[str, tuple[float, ItemBase]] = {}
    for paragraph in paragraphs:
        for _, _, sentence in split_sentences(paragraph):
            for item, score in index.candidates(sentence, per_sentence):
                if score > best.get(item.id, (0.0, item))[0]:
                    best[item.id] = (score, item)
    ranked = sorted(best.values(), key=lambda pair: -pair[0])
    return [item for _, item in ranked[:limit]]


def extraction_request(section: SectionId, paragraphs: Sequence[str],
                       items: Sequence[ItemBase]) -> LLMRequest:
    blocks = "\n".join(f'<paragraph index="{i}">\n{escape_data(p)}\n</paragraph>'
                       for i, p in enumerate(paragraphs))
    return LLMRequest(
        role="extractor", node=NODE,
        system=[PromptBlock(text=render(PROMPT, part="instructions"), cache=True)],
        user=render(PROMPT, part="data", section=section, paragraphs=blocks,
                    data=data_block(items)),
        max_tokens=4096,
    )


def _to_claim(extracted: ExtractedClaim, section: SectionId, paragraphs: Sequence[str],
              index: ItemIndex, id_prefix: str, counters: dict[int, int],
              result: ExtractionResult) -> Claim | None:
    if extracted.paragraph >= len(paragraphs):
        result.problems.append(_problem("unknown_paragraph", f"claim {extracted.text!r} names "
                                        f"paragraph {extracted.paragraph}, which does not exist"))
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


def _fill_skipped_sentences(section: SectionId, paragraphs: Sequence[str], index: ItemIndex,
                            id_prefix: str, result: ExtractionResult) -> None:
    covered = {(c.paragraph, c.span) for c in result.claims}
    for fallback in extract_claims(section, paragraphs, index, id_prefix=id_prefix):
        if not any(p == fallback.paragraph and _overlaps(s, fallback.span) for p, s in covered):
            result.claims.append(fallback)
            result.problems.append(_problem(
                "sentence_skipped", f"the extractor skipped {fallback.text!r}; "
                "the deterministic extractor's claim was used"))
    result.claims.sort(key=lambda c: (c.paragraph, c.span[0]))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _problem(kind: str, message: str) -> Problem:
    return Problem(node=NODE, kind=kind, message=message, recoverable=True)
