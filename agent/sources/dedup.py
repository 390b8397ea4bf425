"""Cross-source de-duplication: one story, one item, every outlet that carried it.

Items are the same story when they share an identity key (canonical URL, version-less arXiv id,
GitHub ``owner/repo``) or, for news items, when their titles are near-duplicates:

* at least ``MIN_SHARED_TOKENS`` content words in common,
* rapidfuzz ``token_set_ratio`` of the normalised titles >= ``TITLE_THRESHOLD``,
* no conflicting figures (both titles carry numbers and none are shared: "$10 billion in Japan"
  is not "$5 billion in Australia"),
* published within ``MAX_TITLE_GAP`` of each other when both are dated.

The threshold is calibrated on the headline pairs in tests/sources/test_dedup.py. Groups merge
transitively into the most authoritative member (the paper or repo itself, then the lab, then
the wire; earliest first), whose ``also_reported_by`` lists every other outlet. Benchmark rows
are never merged. Output order is the order of each group's first member: deterministic.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from agent.schemas import BenchmarkRow, Item, ItemFlag, NewsItem, PaperItem, RepoItem, SourceRef
from agent.sources.normalize import arxiv_id_from_url, canonical_url, github_repo_from_url

TITLE_THRESHOLD = 88.0
MIN_SHARED_TOKENS = 3
MAX_TITLE_GAP = dt.timedelta(hours=48)
# A word in more titles than this is too common to propose candidate pairs on its own.
MAX_POSTING = 64
_WORD = re.compile(r"[a-z0-9$][a-z0-9.$'\-]*")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_STOPWORDS = frozenset(
    "a an and are as at be by for from has have in into is it its new of on or says say that "
    "the their this to via was will with after over reportedly".split()
)
_AUTHORITY = {"paper": 0, "repo": 0, "lab": 1, "wire": 2}
_FAR_FUTURE = dt.datetime.max.replace(tzinfo=dt.timezone.utc)


def identity_keys(item: Item) -> set[str]:
    """Keys that make two items the same thing, whatever their titles."""
    urls = [item.url, *(ref.url for ref in item.also_reported_by)]
    keys = {f"url:{canonical_url(u)}" for u in urls if _is_specific(u)}
    for url in urls:
        if (paper := arxiv_id_from_url(url)) is not None:
            keys.add(f"arxiv:{paper}")
        if (repo := github_repo_from_url(url)) is not None:
            keys.add(f"gh:{repo}")
    if isinstance(item, PaperItem) and item.arxiv_id:
        keys.add(f"arxiv:{item.arxiv_id}")
    if isinstance(item, RepoItem):
        keys.add(f"gh:{item.full_name.lower()}")
    return keys


def title_tokens(title: str) -> list[str]:
    words = (w.strip(".'-") for w in _WORD.findall(title.lower()))
    return [w for w in words if w and w not in _STOPWORDS]


def near_duplicate_titles(a: NewsItem, b: NewsItem) -> bool:
    if a.published_at and b.published_at and abs(a.published_at - b.published_at) > MAX_TITLE_GAP:
        return False
    tokens_a, tokens_b = title_tokens(a.title), title_tokens(b.title)
    if len(set(tokens_a) & set(tokens_b)) < MIN_SHARED_TOKENS:
        return False
    numbers_a, numbers_b = set(_NUMBER.findall(a.title)), set(_NUMBER.findall(b.title))
    if numbers_a and numbers_b and not numbers_a & numbers_b:
        return False
    return fuzz.token_set_ratio(" ".join(tokens_a), " ".join(tokens_b)) >= TITLE_THRESHOLD


def merge_duplicates(items: list[Item]) -> list[Item]:
    """One item per story; the others become ``also_reported_by`` entries of the kept one."""
    groups = _UnionFind(len(items))
    owners: dict[str, int] = {}
    for index, item in enumerate(items):
        if isinstance(item, BenchmarkRow):
            continue
        for key in sorted(identity_keys(item)):
            groups.union(owners.setdefault(key, index), index)
    news = [(i, item) for i, item in enumerate(items) if isinstance(item, NewsItem)]
    for (i, a), (j, b) in _title_candidates(news):
        if near_duplicate_titles(a, b):
            groups.union(i, j)
    return [_merge([items[i] for i in members]) for members in groups.groups()]


def _merge(members: list[Item]) -> Item:
    if len(members) == 1:
        return members[0]
    keeper = min(members, key=_authority)
    refs = list(keeper.also_reported_by)
    seen = {(keeper.source, canonical_url(keeper.url))} | {(r.source, canonical_url(r.url))
                                                           for r in refs}
    for other in sorted((m for m in members if m is not keeper), key=_authority):
        for ref in [SourceRef(source=other.source, url=other.url, title=other.title),
                    *other.also_reported_by]:
            key = (ref.source, canonical_url(ref.url))
            if key not in seen:
                seen.add(key)
                refs.append(ref)
    flags = _unique([*keeper.flags, *(f for m in members if m is not keeper for f in m.flags)])
    return keeper.model_copy(update={"also_reported_by": refs, "flags": flags})


def _authority(item: Item) -> tuple[int, dt.datetime, str, str]:
    when = item.published_at or item.first_seen_at or _FAR_FUTURE
    return (_AUTHORITY.get(item.kind, 3), when, item.source, item.id)


def _title_candidates(news: list[tuple[int, NewsItem]]
                      ) -> Iterator[tuple[tuple[int, NewsItem], tuple[int, NewsItem]]]:
    """Pairs sharing enough uncommon words to be worth a fuzzy comparison (inverted index)."""
    postings: dict[str, list[int]] = defaultdict(list)
    for position, (_, item) in enumerate(news):
        shared: Counter[int] = Counter()
        for token in set(title_tokens(item.title)):
            earlier = postings[token]
            if len(earlier) < MAX_POSTING:
                shared.update(earlier)
            earlier.append(position)
        for other in sorted(o for o, count in shared.items() if count >= MIN_SHARED_TOKENS):
            yield news[other], news[position]


def _is_specific(url: str) -> bool:
    """A site's home page is not an identity (a feed linking every entry to it)."""
    return urlsplit(url).path.strip("/") != ""


def _unique(values: Iterable[ItemFlag]) -> list[ItemFlag]:
    out: list[ItemFlag] = []
    for value in values:
        if value not in out:
            out.append(value)
    return out


class _UnionFind:
    def __init__(self, size: int):
        self.parent = list(range(size))

    def find(self, node: int) -> int:
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)

    def groups(self) -> list[list[int]]:
        """Member indices per group, groups ordered by their first member."""
        by_root: dict[int, list[int]] = defaultdict(list)
        for node in range(len(self.parent)):
            by_root[self.find(node)].append(node)
        return sorted(by_root.values(), key=lambda members: members[0])
