"""Clustering the day's news into storylines and ranking them by salience (docs/design.md §3 curate).

Lexical similarity is enough at newsletter scale (tens of items): two items belong to one
storyline when they share distinctive named entities or their titles are near duplicates.
Salience rewards cross-source corroboration, lab weight, recency and novelty against the issues
the house has already published.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence

from rapidfuzz import fuzz

from agent.claims.entities import EntityExtractor
from agent.schemas import ItemBase, NewsItem, Storyline
from agent.writing.actors import ActorFinder, join_names, strip_feed_marker

TITLE_SIMILARITY = 72  # rapidfuzz token_set_ratio; above this two titles tell one story
KIND_WEIGHT = {"lab": 1.0, "wire": 1.0}


def item_entities(item: ItemBase, extractor: EntityExtractor) -> set[str]:
    """Names an item is about (title and summary), plus its lab; outlets are not subjects."""
    text = f"{item.title}. {getattr(item, 'summary', '')}"
    names = {entity.text for entity in extractor.extract(text)} - {item.source}
    org = getattr(item, "org", None)
    if org:
        names.add(org)
    return names


def lead_entity(item: ItemBase, extractor: EntityExtractor) -> str | None:
    """What the story is about: the first name in the title, else in the summary, else the lab.

    Never the outlet: "MIT Technology Review" is who reported a story, not what it is about.
    A lab announcement is about its lab ("Hugging Face", not "Chrome").
    """
    if item.kind == "lab" and getattr(item, "org", None):
        return item.org
    for text in (item.title, getattr(item, "summary", "")):
        names = [e.text for e in extractor.extract(text) if e.text != item.source]
        if names:
            return names[0]
    return getattr(item, "org", None)


def _related(a: NewsItem, b: NewsItem, ents: dict[str, set[str]], df: Counter[str]) -> bool:
    if fuzz.token_set_ratio(a.title.lower(), b.title.lower()) >= TITLE_SIMILARITY:
        return True
    shared = ents[a.id] & ents[b.id]
    # Distinctive names (seen in few items today) carry a storyline; ubiquitous ones do not.
    distinctive = [name for name in shared if df[name] <= 4]
    return len(distinctive) >= 2 or any(len(name.split()) >= 2 for name in distinctive)


def cluster(items: Sequence[NewsItem], extractor: EntityExtractor) -> list[list[NewsItem]]:
    """Single-link clusters over the 'related' relation, in a deterministic order."""
    ents = {item.id: item_entities(item, extractor) for item in items}
    df: Counter[str] = Counter(name for names in ents.values() for name in names)
    parent = {item.id: item.id for item in items}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            if _related(a, b, ents, df):
                parent[find(b.id)] = find(a.id)
    groups: dict[str, list[NewsItem]] = {}
    for item in items:
        groups.setdefault(find(item.id), []).append(item)
    return list(groups.values())


def _novelty(names: set[str], recent_texts: Sequence[str]) -> float:
    """1.0 when none of the storyline's names appeared in recent issues; lower when they did."""
    if not names or not recent_texts:
        return 1.0
    recent = " ".join(recent_texts)
    seen = sum(1 for name in names if re.search(rf"\b{re.escape(name)}\b", recent))
    return round(1.0 - 0.6 * seen / len(names), 3)


def _recency(group: Sequence[NewsItem], now: dt.datetime) -> float:
    stamps = [i.published_at for i in group if i.published_at is not None]
    if not stamps:
        return 0.5
    hours = max((now - max(stamps)).total_seconds() / 3600, 0.0)
    return round(max(0.0, 1.0 - hours / 48), 3)


def label_for(group: Sequence[NewsItem], actors: ActorFinder) -> str:
    """The storyline's actors (organisations, products, people), most named first; a story
    that names none is labelled with its first headline."""
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for item in group:
        for name in actors.names(item):
            counts[name] += 1
            first_seen.setdefault(name, len(first_seen))
    names = sorted(counts, key=lambda n: (-counts[n], first_seen[n]))[:3]
    return join_names(names) if names else strip_feed_marker(group[0].title)


def build_storylines(
    items: Sequence[NewsItem], *, now: dt.datetime, recent_texts: Sequence[str] = ()
) -> list[Storyline]:
    """Cluster news items and rank the clusters; ties break on the earliest item id."""
    actors = ActorFinder.from_items(items)
    extractor = actors.extractor
    storylines: list[Storyline] = []
    for group in cluster(items, extractor):
        sources = {i.source for i in group} | {r.source for i in group for r in i.also_reported_by}
        names = set().union(*(item_entities(i, extractor) for i in group))
        # A story several items or outlets carry is the day's story: corroboration dominates.
        corroboration = min(len(sources) + len(group) - 1, 5) / 5
        weight = max(KIND_WEIGHT.get(i.kind, 1.0) for i in group)
        recency = _recency(group, now)
        novelty = _novelty(names, recent_texts)
        density = min(sum(len(re.findall(r"\$\d|\d[\d,.]* (?:percent|billion|million)|\d%",
                                         i.summary)) for i in group) / 3, 1.0)
        salience = round(
            weight * (0.45 * corroboration + 0.1 * recency + 0.15 * novelty + 0.3 * density), 4)
        storylines.append(
            Storyline(
                id="", label=label_for(group, actors), item_ids=[i.id for i in group],
                kinds=sorted({i.kind for i in group}), salience=salience,
                salience_reasons=[
                    f"{len(sources)} source(s)", f"kind weight {weight}",
                    f"recency {recency}", f"novelty {novelty}", f"figures {density:.2f}",
                ],
            )
        )
    storylines.sort(key=lambda s: (-s.salience, s.item_ids[0]))
    return [s.model_copy(update={"id": f"story-{n + 1}"}) for n, s in enumerate(storylines)]
