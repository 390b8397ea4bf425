"""The baseline writer: deterministic, extractive, clearly labelled, no LLM (the no-key default).

Like Lead-3 in summarisation research, it is the floor every model-backed draft must beat, and
the first draft a new user reads: a short digest an editor can work from. Every sentence is
either lifted from one of the day's items (so the claims ledger cites that item with a verbatim
quote) or a short framing sentence that names only actors (organisations, products, people) of
the stories it frames. The only rewriting is the house's number style (``10%`` -> ``10 percent``,
``$5B`` -> ``$5 billion``), which the claims checker normalises back.

The day is read by weight, never by a per-day rule: the lead story is the storyline with the most
independent sources, the most money, the most named major organisations and the most echoes in
the day's other stories (``weigh_stories``); an item flagged at intake never leads and an item
flagged as instructing the model is never used. The lead essay opens with the lead story's own
first sentence, then walks the house's order (wire, labs, then papers and benchmarks) with one
sourced sentence per story. The wire and labs essays report the stories the lead essay does not
tell (``essay_stories`` decides both), so no sentence appears twice.
"""

from __future__ import annotations

import math
import re
import threading
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from agent.claims.entities import normalize_name
from agent.claims.numbers import extract_quantities
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
from agent.writing import thesis_scores
from agent.writing.actors import ActorFinder, join_names
from agent.writing.overlap import repeats

BASELINE_NOTICE = (
    "Drafted by the no-LLM baseline writer: extractive sentences from the day's items. "
    "Configure a model key for an argued draft in the house voice."
)
MAJOR_ORGANISATIONS = frozenset(normalize_name(n) for n in (
    "OpenAI", "Anthropic", "Google", "Google DeepMind", "DeepMind", "Meta", "Microsoft", "NVIDIA",
    "AMD", "IBM", "Hugging Face", "Mistral AI", "Mistral", "AWS", "Amazon", "Apple", "Intel",
    "TSMC", "Samsung", "xAI", "Tesla", "SpaceX", "Oracle", "Broadcom", "Qualcomm", "Alibaba",
    "DeepSeek", "ByteDance", "Huawei", "Tencent", "Baidu", "Salesforce", "GitHub", "SK Hynix",
))
"""Named major organisations: the labs the house covers and the largest companies on its beat."""
_MAJORS_ROOT_FIRST = sorted(MAJOR_ORGANISATIONS, key=lambda name: (len(name), name))
"""Shortest first, so a name counts under its organisation's root ("Mistral AI" and "Mistral OCR"
are Mistral; "Google DeepMind" is Google) whatever the set's order in this process."""
WEIGHTS = {"sources": 0.25, "money": 0.25, "majors": 0.2, "echoes": 0.15, "figures": 0.15}
"""How much each of the day's signals counts towards a storyline's weight (they sum to 1)."""
WALK_STORIES = 3
"""Stories per walk paragraph of the lead essay (wire, labs)."""
SECTION_STORIES = 4
"""Stories per baseline section essay (wire, labs)."""
MAX_SENTENCE_WORDS = 55
"""Longer item sentences are left out: the rubric flags run-ons above 60 words."""


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


def lede_sentences(item: ItemBase, limit: int = 2) -> list[Sentence]:
    """The first sentences of an item's summary, house-styled, with provenance."""
    if not usable(item):
        return []
    body = getattr(item, "summary", "") or ""
    sentences = [s for _, _, s in split_sentences(body)][:limit] or [item.title]
    return [Sentence(_sentence(s), item.id) for s in sentences
            if 6 <= word_count(s) <= MAX_SENTENCE_WORDS]


def usable(item: ItemBase) -> bool:
    """Never quoted: an item the intake withheld (it tried to instruct the model, or its numbers
    or date are impossible) is not in the snapshot's items; one that reaches the writer anyway
    is skipped all the same."""
    return not is_withheld(item) and not any(flag.kind == "prompt_injection"
                                             for flag in item.flags)


def _first_actors(items: Sequence[ItemBase], actors: ActorFinder, limit: int = 3) -> list[str]:
    """The main actor of each item, in order, each once (items that name none add nothing)."""
    from agent.writing.actors import same_actor

    names: list[str] = []
    for item in items:
        found = actors.names(item)
        if found and not any(same_actor(found[0], n) for n in names):
            names.append(found[0])
    return names[:limit]


# -- the day's weight ------------------------------------------------------------------------


@dataclass(frozen=True)
class StoryWeight:
    """How much a storyline weighs today, and why (shown to the editor with the thesis)."""

    storyline: Storyline
    lead: NewsItem
    weight: float
    reasons: list[str]


def weigh_stories(storylines: Sequence[Storyline],
                  items: dict[str, ItemBase]) -> list[StoryWeight]:
    """Storylines by weight: independent sources, money, named major organisations, and how
    many of the day's other stories name the same actors. A storyline whose items are all
    withheld or flagged as instructing the model cannot lead (a benign flag, such as a link the
    intake could not use, does not disqualify a story); ties keep curate's salience order."""
    news = [i for i in items.values() if isinstance(i, NewsItem)]
    names, naming = _actors_of(news)
    weighed = []
    for story in storylines:
        group = [items[i] for i in story.item_ids
                 if isinstance(items.get(i), NewsItem) and usable(items[i])]
        if group:
            weighed.append(_weigh(story, group, names, naming))  # type: ignore[arg-type]
    return sorted(weighed, key=lambda w: -w.weight)


_ACTORS_LOCK = threading.Lock()
_ACTORS_SEEN: dict[tuple[str, ...], tuple[dict[str, list[str]], dict[str, set[str]]]] = {}


def _actors_of(news: list[NewsItem]) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """The actors each news item names, and the news naming each actor (normalised). Kept for
    the last day seen, keyed by the items' content: the thesis, the desks and the draft weigh
    the same day, and finding the actors of a 10,000-item day takes seconds."""
    key = tuple(item.model_dump_json() for item in news)
    with _ACTORS_LOCK:  # the thesis and the desks start together: one finds, the others wait
        if (known := _ACTORS_SEEN.get(key)) is not None:
            return known
        actors = ActorFinder.from_items(news)
        names = {item.id: actors.names(item) for item in news}
        naming: dict[str, set[str]] = defaultdict(set)
        for item_id, item_names in names.items():
            for name in item_names:
                naming[normalize_name(name)].add(item_id)
        _ACTORS_SEEN.clear()  # one day at a time
        _ACTORS_SEEN[key] = (names, naming)
        return names, naming


def _weigh(story: Storyline, group: list[NewsItem], names: dict[str, list[str]],
           naming: dict[str, set[str]]) -> StoryWeight:
    """Weight of one storyline, told by its lead item and the wire reports of the same story
    (other labs' posts that curate grouped with it are not reports of it)."""
    lead = max((i for i in group if lede_sentences(i, 1)), default=group[0],
               key=lambda i: (_money(i), len(_majors(names.get(i.id, []))), -group.index(i)))
    reports = [i for i in group if i is lead or i.kind == "wire"]
    outlets = {normalize_name(s) for i in reports
               for s in (i.source, *(r.source for r in i.also_reported_by))}
    money = max(_money(i) for i in reports)
    majors = _majors(list(dict.fromkeys(n for i in reports for n in names.get(i.id, []))))
    figures = len([q for q in extract_quantities(lead.evidence_text()) if not q.soft])
    keys = {normalize_name(n) for n in names.get(lead.id, [])[:2]}
    # Other news naming the lead's first actors (looked up by name, not by scanning the day).
    echoes = len(set().union(*(naming.get(k, set()) for k in keys)) - {i.id for i in group})
    parts = {"sources": min(len(outlets) - 1, 3) / 3,
             "money": min(max(math.log10(money) - 6, 0) / 5, 1.0) if money else 0.0,
             "majors": min(len(majors), 3) / 3, "echoes": min(echoes, 4) / 4,
             "figures": min(figures, 3) / 3}
    weight = round(sum(WEIGHTS[k] * v for k, v in parts.items()), 4)
    reasons = [f"{len(outlets)} independent outlet(s)",
               f"largest sum ${money:,.0f}" if money else "no sum",
               f"major organisations: {', '.join(majors) or 'none'}",
               f"{echoes} other story(ies) name "
               f"{join_names(names.get(lead.id, [])[:2]) or 'its actors'}",
               f"{figures} figure(s) in its lead item"]
    return StoryWeight(storyline=story, lead=lead, weight=weight, reasons=reasons)


def _money(item: NewsItem) -> float:
    """The largest dollar sum an item states (0 when none)."""
    return max((q.value for q in extract_quantities(item.evidence_text()) if q.unit == "usd"),
               default=0.0)


def _majors(names: Sequence[str]) -> list[str]:
    """The major organisations among ``names``, each once ("Microsoft Azure" is Microsoft)."""
    found: list[str] = []
    for name in names:
        key = normalize_name(name)
        major = next((m for m in _MAJORS_ROOT_FIRST if key == m or key.startswith(m + " ")),
                     None)
        if major is not None and major not in found:
            found.append(major)
    return found


@dataclass(frozen=True)
class EssayStories:
    """What the lead essay tells: the lead storyline, then its walk stories. The wire and labs
    essays report other stories, so the two never say the same thing."""

    lead: StoryWeight | None
    wire: list[NewsItem]
    labs: list[NewsItem]

    def item_ids(self) -> set[str]:
        told = set(self.lead.storyline.item_ids) if self.lead else set()
        return told | {i.id for i in [*self.wire, *self.labs]}


def essay_stories(storylines: Sequence[Storyline], items: dict[str, ItemBase], *,
                  lead_item: str | None = None, skip: Collection[str] = ()) -> EssayStories:
    """The lead (the heaviest storyline, or the one holding ``lead_item``) and up to
    ``WALK_STORIES`` wire and lab stories by weight, one per storyline, none in ``skip``."""
    weighed = weigh_stories(storylines, items)
    lead = next((w for w in weighed if lead_item in w.storyline.item_ids),
                weighed[0] if weighed and lead_item is None else None)
    walks: dict[str, list[NewsItem]] = {"wire": [], "lab": []}
    for weight in weighed:
        if lead is not None and weight.storyline.id == lead.storyline.id:
            continue
        for kind, chosen in walks.items():
            pick = _first_of_kind(weight.storyline, items, kind, skip)
            if pick is not None and len(chosen) < WALK_STORIES:
                chosen.append(pick)
                break
    return EssayStories(lead=lead, wire=walks["wire"], labs=walks["lab"])


def _first_of_kind(story: Storyline, items: dict[str, ItemBase], kind: str,
                   skip: Collection[str]) -> NewsItem | None:
    for item_id in story.item_ids:
        item = items.get(item_id)
        if (isinstance(item, NewsItem) and item.kind == kind and item_id not in skip
                and usable(item) and lede_sentences(item, 1)):
            return item
    return None


# -- sections --------------------------------------------------------------------------------


def news_section(
    section: str, items: Sequence[NewsItem], storylines: Sequence[Storyline],
    config: EditorialConfig, *, told: Collection[str] = (),
) -> tuple[SectionEssay, list[list[list[str]]]]:
    """Wire or labs: a framing sentence naming the stories' actors, then one sentence from each
    story (one per storyline) that the lead essay does not tell (``told``)."""
    chosen = _top_per_storyline([i for i in items if i.id not in told and usable(i)], storylines,
                                limit=SECTION_STORIES)
    heading = "From the Wire" if section == "wire" else "AI Labs"
    if not chosen:
        return SectionEssay(section=section, heading=heading, generated_by=BASELINE_AUTHOR), []
    names = join_names(_first_actors(chosen, ActorFinder.from_items(items)))
    if section == "wire":
        frame = f"Today's wire also runs through {names}." if names else "More from the wire."
    else:
        frame = f"Lab announcements today came from {names}." if names else "More from the labs."
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
        first = next((by_id[i] for i in story.item_ids if i in by_id
                      and lede_sentences(by_id[i], 1)), None)
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
    story_text = " ".join(
        f"{items[i].title} {getattr(items[i], 'summary', '')}"
        for story in storylines[:5] for i in story.item_ids if i in items
    ).lower()
    scored = sorted(
        ((fuzz.token_set_ratio(f"{p.title} {p.abstract[:400]}".lower(), story_text), p)
         for p in papers if usable(p)),
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
    ranked = sorted((r for r in repos if usable(r)),
                    key=lambda r: (-(r.stars_today or 0), r.full_name))[:count]
    return SectionEssay(section="trending", heading="Trending", item_ids=[r.id for r in ranked],
                        generated_by=BASELINE_AUTHOR)


# -- thesis ----------------------------------------------------------------------------------


def thesis(
    storylines: Sequence[Storyline], items: dict[str, ItemBase], recent_openings: Sequence[str]
) -> Thesis:
    """The day's main development, plainly: the lead story's own first sentence. Candidates are
    the three heaviest storylines, in weight order; the heaviest is chosen."""
    weighed = weigh_stories(storylines, items)[:3]
    candidates = [_candidate(w, items, recent_openings) for w in weighed]
    if not candidates:
        raise NoNewsError("no lead essay is possible: no wire or lab item has a sentence of six "
                          "words or more to open it with")
    table = "; ".join(f"#{n + 1} {w.weight:.2f} ({w.storyline.label})"
                      for n, w in enumerate(weighed))
    return Thesis(candidates=candidates, chosen_index=0,
                  reasons=("Chosen by the day's weight (independent outlets, money, named major "
                           f"organisations, echoes in the day's other stories, figures): {table}."))


def _candidate(weighed: StoryWeight, items: dict[str, ItemBase],
               recent_openings: Sequence[str]) -> ThesisCandidate:
    ledes = lede_sentences(weighed.lead, 1)
    statement = ledes[0].text if ledes else _sentence(weighed.lead.title)
    supporting = [weighed.lead.id, *(i for i in weighed.storyline.item_ids
                                     if i != weighed.lead.id)]
    context = " ".join(f"{items[i].title}. {getattr(items[i], 'summary', '')}"
                       for i in supporting if i in items)
    scores = (thesis_scores.evidence(statement, context, supporting, items),
              thesis_scores.novelty(statement, recent_openings),
              thesis_scores.fit(statement, context))
    return ThesisCandidate(
        statement=statement,
        reasoning=(f"Lead sentence of storyline '{weighed.storyline.label}', weight "
                   f"{weighed.weight:.2f}: {'; '.join(weighed.reasons)}."),
        supporting_item_ids=supporting, evidence_score=scores[0].value,
        novelty_score=scores[1].value, fit_score=scores[2].value,
        score_reasons=[s.reason for s in scores])


# -- lead essay ------------------------------------------------------------------------------


def plan_essay(
    chosen: ThesisCandidate, storylines: Sequence[Storyline], items: dict[str, ItemBase],
    sections: dict[str, SectionEssay], *, skip: Collection[str] = (),
) -> EssayPlan:
    """The lead story, then the house's walk: wire, labs, then papers and benchmarks.

    No sentence repeats a section essay's sentence or another sentence of the essay; stories
    in ``skip`` (or shown by the wire and labs essays) are left to the sections.
    """
    said = [s for name in ("wire", "labs", "benchmarks") if name in sections
            for p in sections[name].paragraphs for _, _, s in split_sentences(p)]
    shown = {i for name in ("wire", "labs") if name in sections for i in sections[name].item_ids}
    stories = essay_stories(storylines, items, lead_item=chosen.supporting_item_ids[0],
                            skip={*skip, *shown})
    fresh = lambda sentences: [s for s in sentences if not repeats(s.text, said)]  # noqa: E731
    opening, reserve = _lead_paragraph(chosen, stories, items, fresh)
    paragraphs, reserves = [opening], [reserve]
    told = {*shown, *skip, *stories.item_ids()}
    for section, walk in (("wire", stories.wire), ("labs", stories.labs)):
        body = fresh([s for item in walk for s in lede_sentences(item, 1)])
        if not body:
            continue
        more = [i for i in _news_ids(items, section) if i not in told][:RESERVE_ITEMS]
        paragraphs.append([Sentence("")] + body)
        reserves.append(fresh([s for i in more for s in lede_sentences(items[i], 1)]))
    data = fresh(_data_paragraph(sections, items))
    paragraphs.append(data if len(data) > 1 else [])
    reserves.append([])
    return frame_walks(EssayPlan(paragraphs=paragraphs[:5], reserves=reserves[:5]), items)


def _lead_paragraph(chosen: ThesisCandidate, stories: EssayStories, items: dict[str, ItemBase],
                    fresh: Callable[[list[Sentence]], list[Sentence]]
                    ) -> tuple[list[Sentence], list[Sentence]]:
    """The thesis sentence, then more of the lead story: its own next sentence and the first
    sentence of each other item of its storyline."""
    lead = chosen.supporting_item_ids[0]
    others = stories.lead.storyline.item_ids if stories.lead else chosen.supporting_item_ids
    pool = [s for i in dict.fromkeys([lead, *others]) if i in items and usable(items[i])
            for s in lede_sentences(items[i], 3)]
    pool = [s for s in fresh(pool) if s.text != chosen.statement]
    follow = [s for s in pool if s.item_id == lead][:1]
    follow += [s for s in pool if s.item_id != lead and s not in follow][:1]
    return [Sentence(chosen.statement, lead), *follow], [s for s in pool if s not in follow]


def frame_walks(plan: EssayPlan, items: dict[str, ItemBase]) -> EssayPlan:
    """(Re)write the topic sentence of every walk paragraph (one that opens with a framing
    sentence) from the stories it now tells, so it names exactly their actors."""
    news = [i for i in items.values() if isinstance(i, NewsItem)]
    actors = ActorFinder.from_items(news)
    for paragraph in plan.paragraphs:
        told = [items[s.item_id] for s in paragraph[1:] if s.item_id in items]
        if not paragraph or paragraph[0].item_id or not told \
                or not all(isinstance(i, NewsItem) for i in told):
            continue
        stories = list({i.id: i for i in told}.values())
        names = join_names(_first_actors(stories, actors, limit=5))
        if told[0].kind == "wire":
            frame = f"The rest of the wire turns on {names}." if names else "The wire has more."
        else:
            frame = f"Lab announcements came from {names}." if names else "The labs shipped more."
        paragraph[0] = Sentence(frame)
    return plan


def _news_ids(items: dict[str, ItemBase], section: str) -> list[str]:
    kind = "wire" if section == "wire" else "lab"
    return [i for i, item in items.items()
            if isinstance(item, NewsItem) and item.kind == kind and usable(item)]


def _data_paragraph(sections: dict[str, SectionEssay],
                    items: dict[str, ItemBase]) -> list[Sentence]:
    """The leaderboards' leaders, the papers desk's closest match and the day's top repository,
    under a topic sentence without figures (the rubric's topic-sentence rule)."""
    out = [Sentence("The research and the rankings move more slowly.")]
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
    papers = _shown(sections, "papers", items)
    if papers and isinstance(papers[0], PaperItem):
        out.append(Sentence(f"The papers desk's closest match to the day's top stories is "
                            f"{papers[0].title} ({papers[0].category}).", papers[0].id))
    repos = _shown(sections, "trending", items)
    if repos and isinstance(repos[0], RepoItem) and repos[0].stars_today:
        out.append(Sentence(f"On GitHub, {repos[0].full_name} gained {repos[0].stars_today:,} "
                            f"stars today.", repos[0].id))
    return out if len(out) > 1 else []  # no papers, rankings or repos: nothing to frame


def _shown(sections: dict[str, SectionEssay], name: str,
           items: dict[str, ItemBase]) -> list[ItemBase]:
    """The items a section shows, in order (none when the section is absent)."""
    section = sections.get(name)
    return [items[i] for i in section.item_ids if i in items] if section else []


def repair(plan: EssayPlan, offending: Sequence[str], config: EditorialConfig,
           items: dict[str, ItemBase] | None = None) -> EssayPlan:
    """Drop sentences containing an offending span, then refill to the minimum length."""
    paragraphs = [
        [s for s in para if not any(span and span in s.text for span in offending)]
        for para in plan.paragraphs
    ]
    reserves = [[s for s in r if not any(span and span in s.text for span in offending)]
                for r in plan.reserves]
    fixed = EssayPlan(paragraphs=paragraphs, reserves=reserves)
    return fit_length(fixed, config, items)


def fit_length(plan: EssayPlan, config: EditorialConfig,
               items: dict[str, ItemBase] | None = None) -> EssayPlan:
    """Add reserve sentences until the minimum length, each to the shortest paragraph that has
    a reserve (so no paragraph becomes a pile); trim paragraph tails above the maximum. With
    ``items``, the walk paragraphs' topic sentences are rewritten to name what they now tell."""
    floor, ceiling = config.min_words + 20, config.max_words - 40
    while word_count(" ".join(plan.texts())) < floor:
        donors = [i for i, r in enumerate(plan.reserves) if r and i < len(plan.paragraphs)]
        if not donors:
            break
        donor = min(donors, key=lambda i: (len(plan.paragraphs[i]), i))
        candidate = plan.reserves[donor].pop(0)
        if all(candidate.text != s.text for para in plan.paragraphs for s in para):
            _insert_after_same_item(plan.paragraphs[donor], candidate)
    while word_count(" ".join(plan.texts())) > ceiling:
        longest = max(range(len(plan.paragraphs)), key=lambda i: len(plan.paragraphs[i]))
        if len(plan.paragraphs[longest]) <= 2:
            break
        plan.paragraphs[longest].pop()
    return frame_walks(plan, items) if items is not None else plan


def _insert_after_same_item(paragraph: list[Sentence], sentence: Sentence) -> None:
    """Keep an item's sentences together: a follow-up goes right after its own lede."""
    positions = [i for i, s in enumerate(paragraph) if s.item_id and s.item_id == sentence.item_id]
    paragraph.insert(positions[-1] + 1 if positions else len(paragraph), sentence)


def essay_from_plan(plan: EssayPlan, config: EditorialConfig, version: int = 1) -> LeadEssay:
    return LeadEssay(paragraphs=plan.texts(), byline=config.byline, version=version,
                     generated_by=BASELINE_AUTHOR)
