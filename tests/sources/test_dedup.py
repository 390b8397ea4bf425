"""Cross-source dedup: identity keys, calibrated near-duplicate titles, authoritative merges."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from agent.schemas import ItemFlag, NewsItem, PaperItem, RepoItem
from agent.sources.dedup import TITLE_THRESHOLD, merge_duplicates, near_duplicate_titles
from tests.sources.helpers import Router, feed_source, respond, run_sources

UTC = dt.timezone.utc
NOON = dt.datetime(2026, 11, 22, 12, tzinfo=UTC)


def _news(title: str, *, source: str = "Wire", kind: str = "wire", url: str | None = None,
          at: dt.datetime | None = NOON) -> NewsItem:
    slug = "".join(c if c.isalnum() else "-" for c in title.lower())[:40]
    return NewsItem(id=f"{kind}-{source.lower()}-{slug}", kind=kind, source=source,
                    url=url or f"https://{source.lower()}.example.com/{slug}", title=title,
                    published_at=at, org=source if kind == "lab" else None)


# Calibration set for TITLE_THRESHOLD: headlines of one story from different outlets, and
# look-alike headlines of different stories.
SAME_STORY = [
    ("NVIDIA Unveils Rubin Ultra GPUs for AI Factories",
     "Nvidia unveils Rubin Ultra GPUs for AI factories at its fall event"),
    ("OpenAI launches GPT-6 with native computer use",
     "OpenAI launches GPT-6, adding native computer use"),
    ("Anthropic raises $30 billion at a $380 billion valuation",
     "Anthropic raises $30B at $380B valuation"),
    ("Mistral releases Mistral Large 3 under an open license",
     "Mistral Large 3 released under open license by Mistral"),
    ("Meta signs multibillion-dollar deal for Google TPUs",
     "Meta signs a multibillion-dollar deal to use Google's TPUs"),
]
DIFFERENT_STORIES = [
    ("OpenAI launches GPT-6", "OpenAI launches Sora 3"),
    ("Google DeepMind releases Gemini 3 Pro", "Google DeepMind releases Genie 4 world model"),
    ("Microsoft invests $10 billion in Japan AI infrastructure",
     "Microsoft invests $5 billion in Australia AI infrastructure"),
    ("Nvidia unveils Rubin Ultra GPUs for AI factories",
     "Nvidia unveils new networking switches for data centers"),
    ("Anthropic opens Tokyo office", "OpenAI opens Tokyo office"),
    ("AI startup raises $500 million for inference chips",
     "AI chip startup raises $200 million for training chips"),
]


@pytest.mark.parametrize(("a", "b"), SAME_STORY)
def test_same_story_titles_are_near_duplicates(a: str, b: str) -> None:
    assert near_duplicate_titles(_news(a, source="A"), _news(b, source="B"))


@pytest.mark.parametrize(("a", "b"), DIFFERENT_STORIES)
def test_look_alike_titles_of_different_stories_are_not(a: str, b: str) -> None:
    assert not near_duplicate_titles(_news(a, source="A"), _news(b, source="B"))


def test_threshold_is_the_calibrated_value() -> None:
    assert TITLE_THRESHOLD == 88.0  # change only together with the calibration pairs above


def test_same_title_days_apart_is_not_a_duplicate() -> None:
    later = NOON + dt.timedelta(days=5)
    assert not near_duplicate_titles(_news("OpenAI launches GPT-6 with native computer use"),
                                     _news("OpenAI launches GPT-6 with native computer use",
                                           source="B", at=later))


def test_arxiv_versions_and_repo_links_merge_into_the_paper_and_repo() -> None:
    paper = PaperItem(id="arxiv-2509.15237", source="arXiv", url="https://arxiv.org/abs/2509.15237",
                      title="MICA", arxiv_id="2509.15237", category="cs.AI", abstract="...")
    hn_paper = _news("MICA: a multi-agent assistant", source="Hacker News",
                     url="https://arxiv.org/pdf/2509.15237v2")
    repo = RepoItem(id="repo-microsoft-omniparser", source="GitHub Trending",
                    url="https://github.com/microsoft/OmniParser", title="microsoft/OmniParser",
                    full_name="microsoft/OmniParser")
    hn_repo = _news("OmniParser: screen parsing for GUI agents", source="Hacker News",
                    url="https://www.github.com/Microsoft/OmniParser/")
    merged = merge_duplicates([hn_paper, paper, hn_repo, repo])
    assert [m.id for m in merged] == ["arxiv-2509.15237", "repo-microsoft-omniparser"]
    assert [r.source for r in merged[0].also_reported_by] == ["Hacker News"]
    assert [r.url for r in merged[1].also_reported_by] == [hn_repo.url]


def test_lab_announcement_outranks_the_wire_and_flags_are_kept() -> None:
    lab = _news("Introducing Claude Opus 5", source="Anthropic", kind="lab",
                url="https://www.anthropic.com/news/claude-opus-5", at=NOON)
    wire = _news("Anthropic ships Claude Opus 5", source="Wire",
                 url="https://anthropic.com/news/claude-opus-5?utm_source=wire",
                 at=NOON - dt.timedelta(hours=1))
    wire = wire.model_copy(update={"flags": [ItemFlag(kind="html_stripped", detail="x")]})
    (merged,) = merge_duplicates([wire, lab])
    assert merged.id == lab.id  # the lab wins although the wire was earlier
    assert [f.kind for f in merged.flags] == ["html_stripped"]
    assert merged.also_reported_by[0].title == "Anthropic ships Claude Opus 5"


def test_merge_is_deterministic_whatever_the_input_order() -> None:
    items = [_news(a, source="A") for a, _ in SAME_STORY] + [
        _news(b, source="B", at=NOON + dt.timedelta(minutes=5)) for _, b in SAME_STORY]
    reference = merge_duplicates(items)
    assert len(reference) == len(SAME_STORY)
    for seed in range(5):
        shuffled = items[:]
        random.Random(seed).shuffle(shuffled)
        assert sorted(m.id for m in merge_duplicates(shuffled)) == sorted(m.id for m in reference)
    assert merge_duplicates(items) == reference


def test_one_story_in_three_feeds_becomes_one_item(tmp_path) -> None:
    router = Router({
        "https://blogs.nvidia.com/feed": respond("feeds/story_lab.rss.xml"),
        "https://techcrunch.com/feed": respond("feeds/story_wire.rss.xml"),
        "https://hn.algolia.com/api/v1/search_by_date": respond("hackernews/story.SHAPE.json"),
    })
    sources = [
        feed_source("NVIDIA Blog", "https://blogs.nvidia.com/feed", kind="lab"),
        feed_source("TechCrunch", "https://techcrunch.com/feed"),
        {"name": "Hacker News", "kind": "wire", "parser": "hn_algolia",
         "url": "https://hn.algolia.com/api/v1/search_by_date", "options": {"queries": ["nvidia"]}},
    ]
    results = run_sources(sources, router, date=dt.date(2026, 11, 23), data_dir=tmp_path)
    merged = merge_duplicates([item for result in results for item in result.items])
    titles = [m.title for m in merged]
    assert titles == ["NVIDIA Unveils Rubin Ultra GPUs for AI Factories",
                      "NVIDIA Releases New Networking Switches for Data Centers",
                      "Nvidia rival raises $500 million for inference chips"]
    story = merged[0]
    assert story.source == "NVIDIA Blog" and story.kind == "lab"
    assert [r.source for r in story.also_reported_by] == ["TechCrunch", "Hacker News"]


def test_a_paper_and_a_repository_never_merge_whatever_they_share() -> None:
    shared = "https://example.com/release"
    paper = PaperItem(id="paper-x", source="arXiv", url=shared, title="X", arxiv_id="2604.00001",
                      category="cs.AI", abstract="...")
    repo = RepoItem(id="repo-x", source="GitHub Trending", url=shared, title="org/x",
                    full_name="org/x")
    story = _news("X ships", source="Wire", url=shared)
    merged = merge_duplicates([paper, repo, story])
    assert sorted(m.kind for m in merged) == ["paper", "repo"]  # the story folds into one


def test_items_without_usable_links_never_merge_across_kinds() -> None:
    """Every URL invalid (intake leaves ""): no identity keys, so nothing merges at all."""
    paper = PaperItem(id="paper-x", source="arXiv", url="", title="Same words here today",
                      category="cs.AI", abstract="...")
    repo = RepoItem(id="repo-x", source="GitHub Trending", url="", title="org/x",
                    full_name="org/x")
    wire = [_news(f"Story number {n} about chips", source=f"S{n}", url="") for n in range(3)]
    assert len(merge_duplicates([paper, repo, *wire])) == 5


def test_a_story_merged_from_many_outlets_keeps_a_capped_list_and_says_so() -> None:
    copies = [_news("Northwind raises $500 million for inference chips", source=f"Outlet {n}",
                    url=f"https://northwind.example.com/news?utm_source=outlet{n}")
              for n in range(150)]
    (merged,) = merge_duplicates(copies)
    assert len(merged.also_reported_by) == 100
    assert [f.detail for f in merged.flags] == ["also_reported_by: 149 entries cut to 100"]
