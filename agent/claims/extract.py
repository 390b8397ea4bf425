"""The deterministic claim extractor (the baseline path, and the fallback for any sentence an LLM
extractor skipped): one claim per sentence, tagged and attributed.

Kinds, first match wins:

* ``quote``: the sentence quotes someone (a quotation of two or more words in straight or curly
  double quotes);
* ``number``: it states a figure (``agent.claims.numbers``);
* ``fact``: it names an entity (``agent.claims.entities``);
* ``analysis``: none of those: interpretation, a thesis, a topic sentence ("The constraint is
  silicon."). Analysis claims are counted, not verified, and cite nothing.

Spans are character offsets into the paragraph (``paragraph[start:end] == claim.text``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Literal

from agent.claims.attribute import ItemIndex, attribute, best_quote
from agent.claims.entities import EntityExtractor
from agent.claims.numbers import checkable_quantities
from agent.schemas import Claim, ClaimKind, ClaimSource, ItemBase
from agent.text import split_sentences

SectionId = Literal["essay", "wire", "labs", "papers", "benchmarks", "trending"]  # Claim.section
SourcedSentence = tuple[str, str | None]
"""A sentence and the id of the item it was written from (``None``/``""``: no known source)."""

_QUOTATION = re.compile(r'"([^"]+)"|“([^”]+)”')


def quotations(text: str) -> list[str]:
    """Quoted passages of two or more words (single scare-quoted words are not quotes)."""
    found = [a or b for a, b in _QUOTATION.findall(text)]
    return [q.strip() for q in found if len(q.split()) >= 2]


def classify(sentence: str, entities: EntityExtractor) -> ClaimKind:
    if quotations(sentence):
        return "quote"
    if checkable_quantities(sentence):
        return "number"
    if entities.extract(sentence):
        return "fact"
    return "analysis"


def extract_claims(
    section: SectionId, paragraphs: Sequence[str], index: ItemIndex, *, id_prefix: str
) -> list[Claim]:
    """Every sentence of ``paragraphs`` as a claim, attributed against ``index``'s items."""
    claims: list[Claim] = []
    for p, paragraph in enumerate(paragraphs):
        for s, (start, end, sentence) in enumerate(split_sentences(paragraph)):
            kind = classify(sentence, index.entities)
            sources = attribute(sentence, index) if kind != "analysis" else []
            claims.append(Claim(id=f"{id_prefix}.p{p}.s{s}", section=section, paragraph=p,
                                span=(start, end), text=sentence, kind=kind, sources=sources))
    return claims


def claims_from_known_sources(
    section: SectionId,
    paragraphs: Sequence[Sequence[SourcedSentence]],
    items: Mapping[str, ItemBase],
    *,
    id_prefix: str,
    index: ItemIndex | None = None,
    joiner: str = " ",
) -> list[Claim]:
    """Claims for a writer that knows where each sentence came from (the baseline writer).

    ``paragraphs[p]`` lists paragraph ``p``'s sentences in order, each with the id of the item
    it was written from; the paragraph text is the sentences joined by ``joiner`` (how the
    writer assembles it), which is what the spans point into. A sentence with a known item is
    never ``analysis`` (it reports that item), and the known item is cited first
    with its best verbatim quote; with an ``index``, further items are added when the sentence
    names figures or entities its own item lacks, and sentences without a known item are
    attributed by retrieval. An unknown item id is kept as a citation so verification reports
    it (``item_exists`` fails) instead of hiding it.
    """
    entities = index.entities if index is not None else EntityExtractor.from_items(items.values())
    claims: list[Claim] = []
    for p, sentences in enumerate(paragraphs):
        cursor = 0
        for s, (sentence, item_id) in enumerate(sentences):
            start = cursor
            cursor = start + len(sentence) + len(joiner)
            kind = classify(sentence, entities)
            if kind == "analysis" and item_id:
                kind = "fact"  # lifted from a known item: a report of it, not the desk's view
            sources = _known_sources(sentence, item_id, items, index) if kind != "analysis" else []
            claims.append(Claim(id=f"{id_prefix}.p{p}.s{s}", section=section, paragraph=p,
                                span=(start, start + len(sentence)), text=sentence, kind=kind,
                                sources=sources))
    return claims


def _known_sources(
    sentence: str, item_id: str | None, items: Mapping[str, ItemBase], index: ItemIndex | None
) -> list[ClaimSource]:
    item = items.get(item_id) if item_id else None
    if item_id and item is None:
        return [ClaimSource(item_id=item_id, url="", quote="")]
    if index is not None:
        return attribute(sentence, index, first=[item] if item is not None else [])
    if item is None:
        return []
    quote = best_quote(sentence, item)
    return [ClaimSource(item_id=item.id, url=item.url, quote=quote)] if quote else []
