"""Curation at scale: storylines come from an index of candidate pairs, never from every pair,
and the storylines are the ones the every-pair definition gives."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
from rapidfuzz import fuzz

from agent.claims.entities import EntityExtractor
from agent.nodes.curate import KEPT_ITEMS, kept
from agent.paths import ARCHIVE_DIR
from agent.schemas import NewsItem, Storyline
from agent.sources.day import intake_day
from agent.sources.snapshots import load_snapshot, sample_path
from agent.writing.storylines import TITLE_SIMILARITY, cluster, item_entities
from agent.writing.title_pairs import similar_pairs
from tests.helpers import SAMPLE_DAYS


def _news(date: str) -> list[NewsItem]:
    snapshot = intake_day(load_snapshot(sample_path(date, ARCHIVE_DIR)), None)
    return [i for i in snapshot.items if isinstance(i, NewsItem)]


def _every_pair_clusters(items: list[NewsItem], extractor: EntityExtractor) -> list[list[str]]:
    """The definition, one pair at a time: near-duplicate titles, or two distinctive names (or
    one of two words) in common, where distinctive means in at most four of the day's items."""
    ents = {i.id: item_entities(i, extractor) for i in items}
    df = Counter(n for names in ents.values() for n in names)
    parent = list(range(len(items)))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for i, a in enumerate(items):
        for j in range(i + 1, len(items)):
            b = items[j]
            distinctive = [n for n in ents[a.id] & ents[b.id] if df[n] <= 4]
            if (fuzz.token_set_ratio(a.title.lower(), b.title.lower()) >= TITLE_SIMILARITY
                    or len(distinctive) >= 2 or any(len(n.split()) >= 2 for n in distinctive)):
                parent[max(find(i), find(j))] = min(find(i), find(j))
    groups: dict[int, list[str]] = {}
    for i, item in enumerate(items):
        groups.setdefault(find(i), []).append(item.id)
    return list(groups.values())


@pytest.mark.parametrize("date", SAMPLE_DAYS)
def test_sample_day_storylines_are_the_every_pair_ones(date: str) -> None:
    items = _news(date)
    extractor = EntityExtractor.from_items(items)
    found = [[i.id for i in group] for group in cluster(items, extractor)]
    assert found == _every_pair_clusters(items, extractor)


def _variants(titles: list[str], seed: int = 14) -> list[str]:
    """The archive's headlines with the edits outlets make: dropped words, a reordered clause,
    a new subject, a suffix."""
    rng = random.Random(seed)
    out = list(titles)
    for title in titles:
        words = title.split()
        cut = rng.randrange(len(words))
        out += [" ".join(words[:cut] + words[cut + 1:]), " ".join(words[cut:] + words[:cut]),
                f"Northwind {' '.join(words[1:])}", f"{title} - analysis"]
    return [t.lower() for t in out]


def _shared_words_reach(a: str, b: str, threshold: float) -> bool:
    """Whether token_set_ratio reaches ``threshold`` through the words a and b share."""
    words_a, words_b = set(a.split()), set(b.split())
    shared = len(" ".join(words_a & words_b))
    if not shared:
        return False
    if words_a <= words_b or words_b <= words_a:
        return True
    shortest = min(len(" ".join(words_a)), len(" ".join(words_b)))
    return 2 * shared / (shared + shortest) >= threshold / 100


def _component_of(links: set[tuple[int, int]], size: int) -> list[int]:
    parent = list(range(size))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in links:
        parent[find(a)] = find(b)
    return [find(x) for x in range(size)]


def test_the_title_index_connects_every_pair_its_shared_words_carry() -> None:
    titles = _variants(sorted({i.title for d in SAMPLE_DAYS for i in _news(d)}))
    titles += titles[:40]  # syndicated copies
    found = {(min(p), max(p)) for p in similar_pairs(titles, TITLE_SIMILARITY)}
    every = {(i, j) for i in range(len(titles)) for j in range(i + 1, len(titles))
             if fuzz.token_set_ratio(titles[i], titles[j]) >= TITLE_SIMILARITY}
    carried = {(i, j) for i, j in every if _shared_words_reach(titles[i], titles[j],
                                                               TITLE_SIMILARITY)}
    component = _component_of(found, len(titles))
    connected = {(i, j) for i, j in every if component[i] == component[j]}
    assert len(every) > 500  # the variants make a dense set of near-duplicates
    assert found <= every  # no link that is not a near-duplicate
    assert carried <= connected
    assert len(connected) >= 0.99 * len(every)


def test_repeated_titles_are_linked_to_their_first_occurrence_and_compared_once() -> None:
    titles = ["openai launches gpt-6", "openai launches gpt-6 today", "openai launches gpt-6",
              "", "", "openai launches gpt-6"]
    pairs = sorted(tuple(sorted(p)) for p in similar_pairs(titles, TITLE_SIMILARITY))
    assert pairs == [(0, 1), (0, 2), (0, 5)]  # empty titles are like nothing, not each other


def test_state_keeps_a_bounded_storyline_and_says_how_many_items_it_had() -> None:
    big = Storyline(id="story-1", label="Northwind", item_ids=[f"w{n}" for n in range(250)],
                    kinds=["wire"], salience=0.9, salience_reasons=["3 source(s)"])
    small = big.model_copy(update={"item_ids": ["w1", "w2"]})
    assert kept(small) == small
    trimmed = kept(big)
    assert trimmed.item_ids == [f"w{n}" for n in range(KEPT_ITEMS)]
    assert trimmed.salience_reasons == ["3 source(s)", f"250 items, the first {KEPT_ITEMS} kept"]


def test_a_thousand_headlines_cluster_with_near_duplicates_together() -> None:
    rng = random.Random(3)
    base = _news("2026-04-21")
    items: list[NewsItem] = []
    for n in range(1000):
        template = base[n % len(base)]
        title = f"Company{n // len(base)} {template.title}"
        items.append(template.model_copy(update={
            "id": f"wire-{n}", "title": title, "summary": "",
            "url": f"https://wire.example.com/{n}",
            "published_at": dt.datetime(2026, 4, 20, 12, tzinfo=dt.timezone.utc)}))
        if rng.random() < 0.1:  # the same story from another outlet
            items.append(items[-1].model_copy(update={
                "id": f"wire-{n}-again", "title": f"{title}, sources say",
                "url": f"https://other.example.com/{n}"}))
    groups = cluster(items, EntityExtractor.from_items(items))
    by_item = {item.id: g for g, group in enumerate(groups) for item in group}
    again = [i.id for i in items if i.id.endswith("-again")]
    assert again and all(by_item[i] == by_item[i.removesuffix("-again")] for i in again)
    assert sum(len(g) for g in groups) == len(items)
