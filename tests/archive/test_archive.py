"""The eval archive: every bundled day must be a faithful, self-contained record of its issue.

Tests that compare against the published text need ``../shared/past-issues`` beside the repo and
skip without it; the rest read only the committed JSON.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agent.errors import SnapshotError
from agent.schemas import BenchmarkRow, DaySnapshot, NewsItem, PaperItem, RepoItem
from evals.archive import build_archive

REPO_ROOT = Path(__file__).resolve().parents[2]
ARCHIVE_DIR = REPO_ROOT / "evals" / "archive"
ISSUES_DIR = REPO_ROOT.parent / "shared" / "past-issues"
ISSUE_DATES = ("2026-04-07", "2026-04-21", "2026-04-22", "2026-04-24")
SNAPSHOT_PATHS = sorted(ARCHIVE_DIR.glob("*/snapshot.json"))
# Every archived day, including any dropped in by hand after the four built ones.
ARCHIVE_DATES = tuple(path.parent.name for path in SNAPSHOT_PATHS)

needs_issues = pytest.mark.skipif(
    not ISSUES_DIR.is_dir(), reason=f"published issues not available at {ISSUES_DIR}"
)

# Figures an essay computes itself rather than reports, so no input item can carry them.
KNOWN_DERIVED_FIGURES: dict[str, set[float]] = {
    # "the gap between first and fifth place is 2.8 percentage points": the essay's own
    # arithmetic on the SWE-rebench table (which actually gives 65.3 - 62.3 = 3.0).
    "2026-04-07": {2.8},
}

# Capitalised words in the essays that are not named entities: generic terms and sentence openers.
NOT_ENTITIES = {
    "AI", "APIs", "LLM",
    "Builders", "Capability", "Competition", "Everyone", "Meanwhile", "Neither", "No", "Skill",
    "What's",
}
# Spellings of one name that a claims checker must treat as equal.
ALIASES = {"US": "U.S."}


def load(path: Path) -> DaySnapshot:
    return DaySnapshot.model_validate_json(path.read_text(encoding="utf-8"))


def snapshot_for(date: str) -> DaySnapshot:
    return load(ARCHIVE_DIR / date / "snapshot.json")


def issue_lines(date: str) -> list[str]:
    path = ISSUES_DIR / f"{date}.txt"
    if not path.is_file():
        pytest.skip(f"published issue not available at {path}")
    return path.read_text(encoding="utf-8").splitlines()


def used_items(snapshot: DaySnapshot) -> list:
    return [item for item in snapshot.items if item.used_in_issue]


def news_items(snapshot: DaySnapshot) -> list[NewsItem]:
    return [item for item in snapshot.items if isinstance(item, NewsItem)]


_NUMBER = re.compile(
    r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)(?:\s?(thousand|million|billion|trillion)\b|([kKMB])\b)?"
)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
          "k": 1e3, "m": 1e6, "b": 1e9}


def numbers_in(text: str) -> set[float]:
    """Money, percents, counts and multipliers as values: '$100B' == '$100 billion' == 1e11.
    Digits glued to letters (K2.6, GB200) are names, not figures."""
    values = set()
    for digits, word, letter in _NUMBER.findall(text):
        value = float(digits.replace(",", ""))
        scale = (word or letter).lower()
        values.add(round(value * _SCALE.get(scale, 1), 6))
    return values


# ------------------------------------------------------------------------------------------
# Shape and self-containment
# ------------------------------------------------------------------------------------------


def test_archive_holds_a_snapshot_for_every_built_issue():
    assert [day.date.isoformat() for day in build_archive.DAYS] == list(ISSUE_DATES)
    assert set(ISSUE_DATES) <= set(ARCHIVE_DATES)


@pytest.mark.parametrize("path", SNAPSHOT_PATHS, ids=lambda p: p.parent.name)
def test_snapshot_validates_and_round_trips_byte_identically(path: Path):
    text = path.read_text(encoding="utf-8")
    snapshot = DaySnapshot.model_validate_json(text)
    assert build_archive.snapshot_json(snapshot) == text
    assert snapshot.date.isoformat() == path.parent.name
    assert (snapshot.schema_version, snapshot.origin, snapshot.timezone) == (
        1, "archive", "America/New_York")
    morning = snapshot.gathered_at.astimezone(ZoneInfo("America/New_York"))
    assert (morning.date(), morning.hour, morning.minute) == (snapshot.date, 7, 0)
    assert snapshot.gathered_at.utcoffset() == dt.timedelta(0)


@needs_issues
def test_committed_snapshots_are_what_the_build_script_produces():
    built = build_archive.build_all(ISSUES_DIR)
    for date, text in built.items():
        committed = build_archive.snapshot_path(ARCHIVE_DIR, date).read_text(encoding="utf-8")
        assert committed == text, f"{date}: run python -m evals.archive.build_archive"


@pytest.mark.parametrize("date", ARCHIVE_DATES)
def test_published_issue_references_resolve_to_used_items(date: str):
    snapshot = snapshot_for(date)
    published = snapshot.published
    assert published is not None and published.byline == "Grant Calloway"
    by_id = snapshot.by_id()
    shown = [*published.paper_ids, *published.aa_ids, *published.swe_ids, *published.trending_ids]
    assert len(shown) == len(set(shown))
    for item_id in shown:
        assert item_id in by_id, f"{date}: {item_id} missing"
        assert by_id[item_id].used_in_issue is True, f"{date}: {item_id} not marked used"
    used_structured = {
        item.id for item in snapshot.items
        if item.used_in_issue and isinstance(item, (PaperItem, BenchmarkRow, RepoItem))
    }
    assert used_structured == set(shown)
    assert 5 <= len(published.paper_ids) <= 6
    assert {by_id[i].kind for i in published.paper_ids} == {"paper"}
    assert [by_id[i].rank for i in published.aa_ids] == [1, 2, 3, 4, 5]
    assert [by_id[i].rank for i in published.swe_ids] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("date", ARCHIVE_DATES)
def test_every_item_is_labelled_and_news_is_dated_the_day_before(date: str):
    snapshot = snapshot_for(date)
    assert all(item.used_in_issue is not None for item in snapshot.items)
    window_start = snapshot.gathered_at - dt.timedelta(hours=24)
    for item in snapshot.items:
        if isinstance(item, (NewsItem, PaperItem)):
            assert item.published_at is not None, item.id
            assert window_start <= item.published_at <= snapshot.gathered_at, item.id
        else:
            assert item.first_seen_at == snapshot.gathered_at, item.id
        if isinstance(item, NewsItem):
            assert item.summary and (item.kind == "lab") == (item.org is not None), item.id


@pytest.mark.parametrize("date", ARCHIVE_DATES)
def test_distractors_are_at_least_as_many_as_used_stories(date: str):
    snapshot = snapshot_for(date)
    news = news_items(snapshot)
    used = [item for item in news if item.used_in_issue]
    assert used, f"{date}: no news item reconstructs the essay"
    assert len(used) <= len(news) - len(used)
    repos = snapshot.of_kind("repo")
    assert len(repos) >= 5 and any(not r.used_in_issue for r in repos)
    for board in ("artificial_analysis", "swe_rebench"):
        extra = [row for row in snapshot.board(board) if not row.used_in_issue]
        assert 2 <= len(extra) <= 4 and min(row.rank for row in extra) == 6


def test_adversarial_feed_items_are_present_and_unflagged():
    """The desk must find these itself: one injection (04-22) and one HTML title in the archive."""
    snapshots = [load(path) for path in SNAPSHOT_PATHS]
    injected = [(s.date.isoformat(), i.id) for s in snapshots for i in news_items(s)
                if "ignore previous instructions" in i.summary.lower()]
    html = [(s.date.isoformat(), i.id) for s in snapshots for i in s.items
            if re.search(r"<(b|script)\b", i.title)]
    assert "2026-04-22" in [date for date, _ in injected]
    assert html
    assert all(not item.flags for s in snapshots for item in s.items)
    assert all(not item.used_in_issue for s in snapshots for item in news_items(s)
               if (s.date.isoformat(), item.id) in {*injected, *html})


# ------------------------------------------------------------------------------------------
# Fidelity to the published issue
# ------------------------------------------------------------------------------------------


def papers_block(lines: list[str], heading: str) -> list[tuple[str, str]]:
    """(header line, abstract) pairs between the papers heading and the benchmarks heading."""
    start = lines.index(f"{heading}All papers") + 1
    end = lines.index("BenchmarksFull tables")
    body = [line for line in lines[start:end] if line.strip()]
    return list(zip(body[0::2], body[1::2], strict=True))


@needs_issues
@pytest.mark.parametrize("date", ARCHIVE_DATES)
def test_papers_equal_the_issue_text(date: str):
    snapshot = snapshot_for(date)
    by_id = snapshot.by_id()
    printed = papers_block(issue_lines(date), snapshot.published.papers_heading)
    archived = [by_id[item_id] for item_id in snapshot.published.paper_ids]
    assert [(f"{p.title} {p.category}", p.abstract) for p in archived] == printed
    for item in archived:
        assert item.url == f"https://arxiv.org/abs/{item.arxiv_id}"
        assert re.fullmatch(r"\d{4}\.\d{4,5}", item.arxiv_id) and item.source == "arXiv"


@needs_issues
@pytest.mark.parametrize("date", ARCHIVE_DATES)
def test_lead_essay_equals_the_issue_text(date: str):
    lines = issue_lines(date)
    day = dt.date.fromisoformat(date)
    start = lines.index(f"{day:%B} {day.day}, {day.year}") + 1
    essay = [line for line in lines[start:lines.index("Grant Calloway")] if line.strip()]
    assert snapshot_for(date).published.lead_essay == essay


def table_lines(lines: list[str], header: str) -> list[str]:
    start = lines.index(header) + 1
    return lines[start:start + 5]


def flattened(row: BenchmarkRow) -> str:
    if row.board == "swe_rebench":
        return f"{row.rank}{row.model}{row.score:g}%"
    speed = 0 if row.tokens_per_s is None else row.tokens_per_s
    return f"{row.rank}{row.model}{row.score:g}{speed:g}${row.price_per_1m_usd:.2f}"


@needs_issues
@pytest.mark.parametrize("date", ARCHIVE_DATES)
def test_benchmark_tables_reproduce_the_issue_lines(date: str):
    snapshot = snapshot_for(date)
    by_id = snapshot.by_id()
    lines = issue_lines(date)
    aa = [flattened(by_id[i]) for i in snapshot.published.aa_ids]
    swe = [flattened(by_id[i]) for i in snapshot.published.swe_ids]
    assert aa == table_lines(lines, "#ModelScoretok/s$/1M")
    assert swe == table_lines(lines, "#ModelScore")
    for item_id in snapshot.published.aa_ids:
        assert (by_id[item_id].source, by_id[item_id].url) == (
            "Artificial Analysis", "https://artificialanalysis.ai/")


# ------------------------------------------------------------------------------------------
# The claims the essay makes must be checkable against the day's used items
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("date", ARCHIVE_DATES)
def test_every_essay_figure_is_carried_by_a_used_item(date: str):
    snapshot = snapshot_for(date)
    evidence = set().union(*(numbers_in(item.evidence_text()) for item in used_items(snapshot)))
    derived = KNOWN_DERIVED_FIGURES.get(date, set())
    unsupported = {
        (paragraph_no, value)
        for paragraph_no, paragraph in enumerate(snapshot.published.lead_essay)
        for value in numbers_in(paragraph)
        if value not in evidence and value not in derived
    }
    assert not unsupported, f"{date}: essay figures no used item carries: {sorted(unsupported)}"
    assert derived.isdisjoint(evidence), "a 'derived' figure is carried by an item after all"


def test_number_normalisation_matches_units_and_ignores_model_names():
    assert numbers_in("$100B and 10%") == numbers_in("$100 billion and 10 percent")
    assert numbers_in("Kimi K2.6 on GB200 with 4,000 steps") == {4000}
    assert numbers_in("GPT-5.5 cut energy 100x") == {5.5, 100}


def capitalised_words(paragraph: str) -> set[str]:
    words = re.findall(r"\b[A-Z][\w&.'’-]*[\w']", paragraph)
    return {word for word in words if word not in NOT_ENTITIES}


def mentions(evidence: str, word: str) -> bool:
    """Whole-word, case-insensitive; a possessive ("Meta's") counts as its name."""
    name = re.escape(ALIASES.get(word, word).lower().removesuffix("'s"))
    return re.search(rf"(?<!\w){name}(?!\w)", evidence) is not None


@pytest.mark.parametrize("date", ARCHIVE_DATES)
def test_every_entity_the_essay_names_appears_in_a_used_item(date: str):
    snapshot = snapshot_for(date)
    used = used_items(snapshot)
    evidence = " ".join(item.evidence_text() for item in used).lower()
    if any(isinstance(item, RepoItem) for item in used):
        evidence += " github"  # trending rows come from GitHub but their evidence text omits it
    missing = sorted(
        word for paragraph in snapshot.published.lead_essay
        for word in capitalised_words(paragraph)
        if not mentions(evidence, word)
    )
    assert not missing, f"{date}: names no used item mentions: {missing}"


# ------------------------------------------------------------------------------------------
# The build script refuses to invent verbatim text
# ------------------------------------------------------------------------------------------


def test_build_refuses_a_paper_the_issue_did_not_print(tmp_path: Path):
    day = build_archive.DAYS[0]
    (tmp_path / f"{day.date}.txt").write_text(
        "The Inference Report\n\nApril 7, 2026\n\nOne paragraph.\n\nGrant Calloway\n\n"
        "Research Papers — FocusedAll papers\nSome Other Paper cs.AI\n\nAbstract.\n",
        encoding="utf-8",
    )
    issue = build_archive.read_issue(tmp_path, day.date)
    assert issue.essay == ["One paragraph."]
    with pytest.raises(SnapshotError, match="paper header not found"):
        build_archive.build_snapshot(day, issue)


def test_build_reports_a_missing_issue_file(tmp_path: Path):
    with pytest.raises(SnapshotError, match="published issue not found"):
        build_archive.read_issue(tmp_path, dt.date(2026, 4, 7))
