"""The baseline writer: deterministic, extractive, clearly labelled, no LLM (DESIGN §3 "No key?").

Like Lead-3 in summarisation research, it is the floor every model-backed draft must beat. Every
sentence it writes is either lifted from one of the day's items (so the claims ledger can cite that
item with a verbatim quote) or is a short framing sentence built only from names in those items.
The only rewriting it does is the house's number style (``10%`` -> ``10 percent``, ``$5B`` ->
``$5 billion``), which the claims checker normalises back. It never takes a sentence, a name or a
row from an item the intake boundary withheld (``agent.sources.intake.is_withheld``): such items
are not in the snapshot's items, and the writer skips any that reaches it anyway.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from rapidfuzz import fuzz

from agent.config import EditorialConfig
from agent.errors import NoNewsError
from agent.schemas import (
    BASELINE_AUTHOR,
    BenchmarkRow, ItemBase, LeadEssay, NewsItem, PaperItem, RepoItem, SectionEssay, Storyline,
    Thesis, ThesisCandidate,
)
from agent.sources.intake import is_withheld
from agent.sources.movement import Mover, movers
from agent.text import split_sentences, word_count

ItemT = TypeVar("ItemT", bound=ItemBase)
BASELINE_NOTICE = (
    "Drafted by the no-LLM baseline writer: extractive sentences from the day's items. "
    "Configure a model key for an argued draft in the house voice."
)
HOUSE_CONCERNS = (
    "compute", "chip", "silicon", "power", "capital", "billion", "infrastructure", "margin",
    "distribution", "control", "lock-in", "pricing", "cost", "enterprise", "agent", "inference",
    "data center", "leverage", "supply", "regulat", "security", "workers", "open",
)


RESERVE_ITEMS = 40  # items whose sentences a paragraph may refill from (a busy day has thousands)


@dataclass
class Sentence:
    text: str
    item_id: str = ""  # "" for framing sentences that cite nothing (analysis)


@dataclass
class EssayPlan:
    """Paragraphs as sentences with provenance, plus unused candidates to refill from."""

    paragraphs: list[list[Sentence]]
    reserves: list[list[Sentence]] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [" ".join(s.text for s in para) for para in self.paragraphs if para]

    def sources(self) -> list[list[str]]:
        return [[s.item_id for s in para] for para in self.paragraphs if para]


# -- house number style ----------------------------------------------------------------------

_MONEY_ABBREV = re.compile(r"\$(\d+(?:\.\d+)?)\s?(bn|b|B|mn|m|M|tn|t|T)\b")
_SCALE = {"b": "billion", "bn": "billion", "m": "million", "mn": "million", "t": "trillion",
          "tn": "trillion"}


def house_numbers(text: str) -> str:
    text = _MONEY_ABBREV.sub(lambda m: f"${m.group(1)} {_SCALE[m.group(2).lower()]}", text)
    text = re.sub(r"(\d)\s?%", r"\1 percent", text)
    return text


def _sentence(text: str) -> str:
    text = house_numbers(" ".join(text.split()))
    return text if text.endswith((".", "!", "?", '"', "”")) else f"{text}."


def usable(items: Iterable[ItemT]) -> list[ItemT]:
    """The items the writer may draw from: none that intake withheld."""
    return [item for item in items if not is_withheld(item)]


def lede_sentences(item: ItemBase, limit: int = 2) -> list[Sentence]:
    """The first sentences of an item's summary, house-styled, with provenance."""
    if is_withheld(item):
        return []
    body = getattr(item, "summary", "") or ""
    sentences = [s for _, _, s in split_sentences(body)][:limit] or [item.title]
    return [Sentence(_sentence(s), item.id) for s in sentences if word_count(s) >= 6]


def _names(items: Sequence[ItemBase], limit: int = 3) -> str:
    """"Anthropic, Apple and Amazon": the subjects of the given items, in order."""
    from agent.claims.entities import EntityExtractor
    from agent.writing.storylines import lead_entity

    extractor = EntityExtractor.from_items(items)
    names: list[str] = []
    for item in items:
        name = lead_entity(item, extractor)
        if name and name not in names:
            names.append(name)
    names = names[:limit] or ["several companies"]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


# -- sections --------------------------------------------------------------------------------


def news_section(
    section: str, items: Sequence[NewsItem], storylines: Sequence[Storyline],
    config: EditorialConfig,
) -> tuple[SectionEssay, list[list[list[str]]]]:
    """Wire or labs: a framing sentence, then the ledes of the top stories (one per storyline)."""
    chosen = _top_per_storyline(usable(items), storylines, limit=4)
    heading = "From the Wire" if section == "wire" else "AI Labs"
    if not chosen:
        return SectionEssay(section=section, heading=heading, generated_by=BASELINE_AUTHOR), []
    frame = (f"Today's wire runs through {_names(chosen)}." if section == "wire"
             else f"Lab announcements today came from {_names(chosen)}.")
    sentences = [Sentence(frame)] + [s for item in chosen for s in lede_sentences(item, 1)]
    essay = SectionEssay(
        section=section, heading=heading, paragraphs=[" ".join(s.text for s in sentences)],
        signed_by=config.section_writer, item_ids=[i.id for i in chosen],
        generated_by=BASELINE_AUTHOR,
    )
    return essay, [[[s.text, s.item_id] for s in sentences]]


def _top_per_storyline(
    items: Sequence[NewsItem], storylines: Sequence[Storyline], limit: int
) -> list[NewsItem]:
    by_id = {item.id: item for item in items}
    chosen: list[NewsItem] = []
    for story in storylines:
        first = next((by_id[i] for i in story.item_ids if i in by_id), None)
        if first is not None:
            chosen.append(first)
        if len(chosen) == limit:
            break
    return chosen


def papers_section(
    papers: Sequence[PaperItem], storylines: Sequence[Storyline], items: dict[str, ItemBase],
    count: int,
) -> SectionEssay:
    """The papers that share the most vocabulary with the day's top storylines ("Focused")."""
    papers = usable(papers)
    story_text = " ".join(
        f"{items[i].title} {getattr(items[i], 'summary', '')}"
        for story in storylines[:5] for i in story.item_ids if i in items
    ).lower()
    scored = sorted(
        ((fuzz.token_set_ratio(f"{p.title} {p.abstract[:400]}".lower(), story_text), p)
         for p in papers),
        key=lambda pair: (-pair[0], pair[1].id),
    )[:count]
    return SectionEssay(
        section="papers", heading="Research Papers — Focused", item_ids=[p.id for _, p in scored],
        selection_reasons={p.id: f"lexical overlap {score:.0f}/100 with today's top storylines"
                           for score, p in scored},
        generated_by=BASELINE_AUTHOR,
    )


def benchmarks_section(rows: Sequence[BenchmarkRow], top: int,
                       attribution: str) -> tuple[SectionEssay, list[list[list[str]]]]:
    """Both tables, and one sentence per model that moved since the previous snapshot."""
    rows = usable(rows)
    aa = sorted((r for r in rows if r.board == "artificial_analysis"), key=lambda r: r.rank)[:top]
    swe = sorted((r for r in rows if r.board == "swe_rebench"), key=lambda r: r.rank)[:top]
    by_model = {(r.board, r.model): r for r in aa + swe}
    sentences = [Sentence(_mover_sentence(m), by_model[(m.board, m.model)].id)
                 for m in movers(aa + swe, entrants_within=top)]
    essay = SectionEssay(
        section="benchmarks", heading="Benchmarks",
        paragraphs=[" ".join(s.text for s in sentences)] if sentences else [],
        item_ids=[r.id for r in aa + swe], attribution=attribution, generated_by=BASELINE_AUTHOR,
    )
    return essay, [[[s.text, s.item_id] for s in sentences]] if sentences else []


def _mover_sentence(mover: Mover) -> str:
    """"GLM-5.1 climbed from 7th to 5th on SWE-rebench." The score delta stays in the table: it
    is derived, not a figure any source states."""
    return mover.model_copy(update={"score_delta": None}).describe() + "."


def trending_section(repos: Sequence[RepoItem], count: int) -> SectionEssay:
    ranked = sorted(usable(repos), key=lambda r: (-(r.stars_today or 0), r.full_name))[:count]
    return SectionEssay(section="trending", heading="Trending", item_ids=[r.id for r in ranked],
                        generated_by=BASELINE_AUTHOR)


# -- thesis ----------------------------------------------------------------------------------


def thesis(
    storylines: Sequence[Storyline], items: dict[str, ItemBase], recent_openings: Sequence[str]
) -> Thesis:
    """Three candidate ledes from the top storylines, scored; the best total wins."""
    candidates: list[ThesisCandidate] = []
    for story in storylines:
        lead = items.get(story.item_ids[0])
        if lead is None or is_withheld(lead):
            continue
        ledes = lede_sentences(lead, 1)
        if not ledes:
            continue
        statement = ledes[0].text
        novelty = 1.0 - max((fuzz.token_set_ratio(statement, r) / 100 for r in recent_openings),
                            default=0.0)
        lowered = statement.lower() + " " + getattr(lead, "summary", "").lower()
        fit = min(sum(1 for c in HOUSE_CONCERNS if c in lowered) / 4, 1.0)
        candidates.append(ThesisCandidate(
            statement=statement,
            reasoning=f"Lede of storyline '{story.label}' ({len(story.item_ids)} item(s)).",
            supporting_item_ids=list(story.item_ids),
            evidence_score=round(min(len(story.item_ids) / 3, 1.0), 3),
            novelty_score=round(max(novelty, 0.0), 3), fit_score=round(fit, 3),
        ))
        if len(candidates) == 3:
            break
    if not candidates:
        raise NoNewsError("no lead essay is possible: no wire or lab item has a sentence of six "
                          "words or more to open it with")
    best = max(range(len(candidates)), key=lambda i: (candidates[i].total, -i))
    reasons = "; ".join(f"#{i + 1} total {c.total:.2f}" for i, c in enumerate(candidates))
    return Thesis(candidates=candidates, chosen_index=best,
                  reasons=f"Highest weighted score (evidence .45, novelty .3, fit .25): {reasons}.")


# -- lead essay ------------------------------------------------------------------------------


def plan_essay(
    chosen: ThesisCandidate, storylines: Sequence[Storyline], items: dict[str, ItemBase],
    sections: dict[str, SectionEssay],
) -> EssayPlan:
    """Thesis paragraph, then a walk through wire, labs and the data sections (DESIGN §1.5).

    No sentence appears twice: a story used in one paragraph is not retold in the next.
    """
    opening = [Sentence(chosen.statement, chosen.supporting_item_ids[0])]
    opening_reserve = [s for i in chosen.supporting_item_ids for s in lede_sentences(items[i], 3)
                       if s.text != chosen.statement]
    opening += opening_reserve[:2]
    paragraphs, reserves = [opening], [opening_reserve[2:]]
    used = {s.item_id for s in opening}
    for section, frame in (("wire", "The rest of the wire adds {names}."),
                           ("labs", "Lab announcements came from {names}.")):
        ids = [i for i in sections[section].item_ids if i not in used] if section in sections else []
        news = usable(items[i] for i in ids if i in items)
        if not news:
            continue
        body = [s for item in news[:3] for s in lede_sentences(item, 1)]
        others = [items[i] for i in _news_ids(items, section)
                  if i not in used and i not in ids[:3]][:RESERVE_ITEMS]
        reserve = [s for item in [*news, *others] for s in lede_sentences(item, 3) if s not in body]
        paragraphs.append([Sentence(frame.format(names=_names(news[:3])))] + body)
        reserves.append(reserve)
        used.update(i.id for i in news[:3])
    paragraphs.append(_data_paragraph(sections, items))
    reserves.append([])
    return EssayPlan(paragraphs=paragraphs[:5], reserves=reserves[:5])


def _news_ids(items: dict[str, ItemBase], section: str) -> list[str]:
    kind = "wire" if section == "wire" else "lab"
    return [i for i, item in items.items() if isinstance(item, NewsItem) and item.kind == kind]


def _data_paragraph(sections: dict[str, SectionEssay], items: dict[str, ItemBase]) -> list[Sentence]:
    out = [Sentence("The research and the rankings move more slowly.")]
    papers = _shown(sections, "papers", items)
    if papers:
        paper = papers[0]
        out.append(Sentence(f"Among today's papers, {paper.title} ({paper.category}) "
                            f"matches the day's storylines most closely.", paper.id))
    rows = _shown(sections, "benchmarks", items)
    for board in ("artificial_analysis", "swe_rebench"):
        leader = next((r for r in rows if isinstance(r, BenchmarkRow) and r.board == board
                       and r.rank == 1), None)
        if leader is None:
            continue
        text = (f"{leader.model} leads the Artificial Analysis Intelligence Index with a score "
                f"of {leader.score:g}." if board == "artificial_analysis" else
                f"On SWE-rebench, {leader.model} leads at {leader.score:g} percent of tasks "
                f"resolved.")
        out.append(Sentence(text, leader.id))
    repos = _shown(sections, "trending", items)
    if repos and isinstance(repos[0], RepoItem) and repos[0].stars_today:
        out.append(Sentence(f"On GitHub, {repos[0].full_name} gained {repos[0].stars_today:,} "
                            f"stars today.", repos[0].id))
    return out if len(out) > 1 else []  # no papers, rankings or repos: nothing to frame


def _shown(sections: dict[str, SectionEssay], name: str,
           items: dict[str, ItemBase]) -> list[ItemBase]:
    """The items a section shows, in order (none when the section is absent)."""
    section = sections.get(name)
    return usable(items[i] for i in section.item_ids if i in items) if section else []


def repair(plan: EssayPlan, offending: Sequence[str], config: EditorialConfig) -> EssayPlan:
    """Drop sentences containing an offending span, then refill to the minimum length."""
    paragraphs = [
        [s for s in para if not any(span and span in s.text for span in offending)]
        for para in plan.paragraphs
    ]
    reserves = [[s for s in r if not any(span and span in s.text for span in offending)]
                for r in plan.reserves]
    fixed = EssayPlan(paragraphs=paragraphs, reserves=reserves)
    return fit_length(fixed, config)


def fit_length(plan: EssayPlan, config: EditorialConfig) -> EssayPlan:
    """Add reserve sentences until the minimum length; trim paragraph tails above the maximum."""
    floor, ceiling = config.min_words + 20, config.max_words - 40
    while word_count(" ".join(plan.texts())) < floor:
        donor = next((i for i, r in enumerate(plan.reserves) if r), None)
        if donor is None:
            break
        candidate = plan.reserves[donor].pop(0)
        if all(candidate.text != s.text for para in plan.paragraphs for s in para):
            _insert_after_same_item(plan.paragraphs[donor], candidate)
    while word_count(" ".join(plan.texts())) > ceiling:
        longest = max(range(len(plan.paragraphs)), key=lambda i: len(plan.paragraphs[i]))
        if len(plan.paragraphs[longest]) <= 2:
            break
        plan.paragraphs[longest].pop()
    return plan


def _insert_after_same_item(paragraph: list[Sentence], sentence: Sentence) -> None:
    """Keep an item's sentences together: a follow-up goes right after its own lede."""
    positions = [i for i, s in enumerate(paragraph) if s.item_id and s.item_id == sentence.item_id]
    paragraph.insert(positions[-1] + 1 if positions else len(paragraph), sentence)


def essay_from_plan(plan: EssayPlan, config: EditorialConfig, version: int = 1) -> LeadEssay:
    return LeadEssay(paragraphs=plan.texts(), byline=config.byline, version=version,
                     generated_by=BASELINE_AUTHOR)
