"""Clustering the day's news into storylines and ranking them by salience (docs/design.md §3 curate).

Lexical similarity is enough: two items belong to one storyline when they share distinctive
named entities or their titles are near duplicates (rapidfuzz ``token_set_ratio``). Pairs are
never all enumerated: an index of the items holding each distinctive name proposes the first
kind, and a prefix filter over rare title words the second (``agent.writing.title_pairs``), so a
day of 10,000 items clusters in seconds.
Salience rewards cross-source corroboration, lab weight, recency and novelty against the issues
the house has already published.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import chain

from agent.claims.entities import EntityExtractor
from agent.schemas import ItemBase, NewsItem, Storyline
from agent.writing.actors import ActorFinder, join_names, strip_feed_marker
from agent.writing.title_pairs import similar_pairs

TITLE_SIMILARITY = 72  # rapidfuzz token_set_ratio; above this two titles tell one story
DISTINCTIVE_DF = 4  # a name in at most this many of the day's items is distinctive
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


def _names_related(a: set[str], b: set[str], df: Counter[str]) -> bool:
    shared = a & b
    # Distinctive names (seen in few items today) carry a storyline; ubiquitous ones do not.
    distinctive = [name for name in shared if df[name] <= DISTINCTIVE_DF]
    return len(distinctive) >= 2 or any(len(name.split()) >= 2 for name in distinctive)


def _postings(keys: Sequence[Iterable[str]]) -> dict[str, list[int]]:
    """Key -> positions holding it, for keys held by more than one position."""
    postings: dict[str, list[int]] = defaultdict(list)
    for position, held in enumerate(keys):
        for key in held:
            postings[key].append(position)
    return {key: members for key, members in postings.items() if len(members) > 1}


def _later_neighbours(postings: dict[str, list[int]], keys: Sequence[Iterable[str]]
                      ) -> Iterator[tuple[int, list[int]]]:
    """Each position with the later positions sharing one of its keys."""
    for position, held in enumerate(keys):
        later = {other for key in held for other in postings.get(key, ()) if other > position}
        if later:
            yield position, sorted(later)


def _shared_name_pairs(items: Sequence[NewsItem], ents: dict[str, set[str]],
                       df: Counter[str]) -> Iterator[tuple[int, int]]:
    """Pairs sharing enough distinctive names: only items holding one can be such a pair."""
    names = [{n for n in ents[item.id] if df[n] <= DISTINCTIVE_DF} for item in items]
    for position, later in _later_neighbours(_postings(names), names):
        own = ents[items[position].id]
        yield from ((position, j) for j in later if _names_related(own, ents[items[j].id], df))


def cluster(items: Sequence[NewsItem], extractor: EntityExtractor) -> list[list[NewsItem]]:
    """Single-link clusters over the 'related' relation, in a deterministic order (groups by
    their first item, items in input order)."""
    ents = {item.id: item_entities(item, extractor) for item in items}
    df: Counter[str] = Counter(name for names in ents.values() for name in names)
    parent = list(range(len(items)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    titles = similar_pairs([item.title.lower() for item in items], TITLE_SIMILARITY)
    for a, b in chain(titles, _shared_name_pairs(items, ents, df)):
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    groups: dict[int, list[NewsItem]] = {}
    for position, item in enumerate(items):
        groups.setdefault(find(position), []).append(item)
    return list(groups.values())


def _novelty(names: set[str], recent_texts: Sequence[str]) -> float:
    """1.0 when none of the storyline's names appeared in recent issues; lower when they did."""
    if not names or not recent_texts:
        return 1.0
    recent = " ".join(recent_texts)
    seen = sum(1 for name in names if _mentioned(name, recent))
    return round(1.0 - 0.6 * seen / len(names), 3)


@lru_cache(maxsize=16384)
def _mentioned(name: str, text: str) -> bool:
    """Whether ``name`` occurs as a word in ``text`` (a day's storylines share many names)."""
    return re.search(rf"\b{re.escape(name)}\b", text) is not None


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
