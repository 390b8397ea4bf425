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
the wire; earliest first), whose ``also_reported_by`` lists every other outlet. Items of
different kinds never merge: a wire story or lab post that links to a paper or a repository is a
report of it and folds into it, but a paper never merges with a repository (a group holds at
most one of them), an item without a usable link has no identity key, and benchmark rows are
never merged. Output order is the order of each group's first member: deterministic.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from agent.schemas import BenchmarkRow, Item, ItemFlag, NewsItem, PaperItem, RepoItem, SourceRef
from agent.sources.intake import load_policy, truncate_entries
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
# Kinds that are things in their own right: a story may fold into the paper or repository it
# reports on, but a paper and a repository never merge, whatever keys they share.
_OWN_KIND = {"paper": "paper", "repo": "repo"}
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


@dataclass(frozen=True)
class _Headline:
    """What the near-duplicate test reads of a title, computed once per item."""

    text: str  # the content words, joined
    words: frozenset[str]
    numbers: frozenset[str]
    at: dt.datetime | None

    @classmethod
    def of(cls, item: NewsItem) -> _Headline:
        tokens = title_tokens(item.title)
        return cls(" ".join(tokens), frozenset(tokens), frozenset(_NUMBER.findall(item.title)),
                   item.published_at)


def near_duplicate_titles(a: NewsItem, b: NewsItem) -> bool:
    return _near_duplicates(_Headline.of(a), _Headline.of(b))


def _near_duplicates(a: _Headline, b: _Headline) -> bool:
    if a.at and b.at and abs(a.at - b.at) > MAX_TITLE_GAP:
        return False
    if len(a.words & b.words) < MIN_SHARED_TOKENS:
        return False
    if a.numbers and b.numbers and not a.numbers & b.numbers:
        return False
    return fuzz.token_set_ratio(a.text, b.text) >= TITLE_THRESHOLD


def merge_duplicates(items: list[Item]) -> list[Item]:
    """One item per story; the others become ``also_reported_by`` entries of the kept one."""
    groups = _UnionFind([_OWN_KIND.get(item.kind) for item in items])
    owners: dict[str, int] = {}
    for index, item in enumerate(items):
        if isinstance(item, BenchmarkRow):
            continue
        for key in sorted(identity_keys(item)):
            groups.union(owners.setdefault(key, index), index)
    news = [(i, _Headline.of(item)) for i, item in enumerate(items) if isinstance(item, NewsItem)]
    for (i, a), (j, b) in _title_candidates(news):
        if _near_duplicates(a, b):
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
    refs, cut = truncate_entries(refs, load_policy().entries_cap("also_reported_by"),
                                 "also_reported_by")
    flags = _unique([*keeper.flags, *(f for m in members if m is not keeper for f in m.flags),
                     *cut])
    return keeper.model_copy(update={"also_reported_by": refs, "flags": flags})


def _authority(item: Item) -> tuple[int, dt.datetime, str, str]:
    when = item.published_at or item.first_seen_at or _FAR_FUTURE
    return (_AUTHORITY.get(item.kind, 3), when, item.source, item.id)


def _title_candidates(news: list[tuple[int, _Headline]]
                      ) -> Iterator[tuple[tuple[int, _Headline], tuple[int, _Headline]]]:
    """Pairs sharing enough uncommon words to be worth a fuzzy comparison (inverted index)."""
    postings: dict[str, list[int]] = defaultdict(list)
    for position, (_, headline) in enumerate(news):
        shared: Counter[int] = Counter()
        for token in headline.words:
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
    out: dict[tuple[str, str, str | None, str | None], ItemFlag] = {}
    for value in values:
        out.setdefault((value.kind, value.detail, value.span, value.field), value)
    return list(out.values())


class _UnionFind:
    """Groups of item positions; a group holds at most one kind of its own (papers or repos):
    a union that would join a paper and a repository is refused."""

    def __init__(self, own_kinds: list[str | None]):
        self.parent = list(range(len(own_kinds)))
        self.own_kind = list(own_kinds)

    def find(self, node: int) -> int:
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        kind_a, kind_b = self.own_kind[root_a], self.own_kind[root_b]
        if root_a == root_b or (kind_a and kind_b and kind_a != kind_b):
            return
        root, child = min(root_a, root_b), max(root_a, root_b)
        self.parent[child] = root
        self.own_kind[root] = kind_a or kind_b

    def groups(self) -> list[list[int]]:
        """Member indices per group, groups ordered by their first member."""
        by_root: dict[int, list[int]] = defaultdict(list)
        for node in range(len(self.parent)):
            by_root[self.find(node)].append(node)
        return sorted(by_root.values(), key=lambda members: members[0])
