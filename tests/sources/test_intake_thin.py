"""Thin and odd items at intake: empty text and empty or broken links are flagged for the editor
(once: loading the normalised snapshot again adds nothing), runaway lists are cut, rows that
share a rank are flagged, an impossible rank is withheld rather than refusing the file, and a
feed's nonsense date counts as no date."""

from __future__ import annotations

import datetime as dt
from time import struct_time

from agent.schemas import BenchmarkRow, DaySnapshot, ItemBase, NewsItem, PaperItem
from agent.sources.boards import flag_shared_ranks
from agent.sources.day import intake_day
from agent.sources.intake import intake_snapshot, normalize_item
from agent.sources.normalize import from_struct_time

DAY = dt.date(2026, 4, 22)
MORNING = dt.datetime(2026, 4, 22, 11, 0, tzinfo=dt.timezone.utc)


def _news(**fields: object) -> NewsItem:
    base = {"id": "wire-x", "kind": "wire", "source": "Wire", "url": "https://wire.example.com/a",
            "title": "A title", "summary": "", "published_at": MORNING}
    return NewsItem.model_validate({**base, **fields})


def _row(item_id: str, rank: int, board: str = "artificial_analysis") -> BenchmarkRow:
    return BenchmarkRow(id=item_id, source="Board", url="https://board.example.com/",
                        title=item_id, board=board, rank=rank, model=item_id, score=50.0)


def _flags(item: ItemBase) -> list[tuple[str, str]]:
    return [(f.kind, f.detail) for f in item.flags]


def test_an_empty_title_is_flagged() -> None:
    assert _flags(normalize_item(_news(title=""))) == [("empty_text", "title: empty")]


def test_text_of_only_whitespace_is_flagged_once() -> None:
    item = normalize_item(_news(summary=" \n\t \u200b "))
    assert item.summary == ""
    assert ("empty_text", "summary: only whitespace or invisible characters") in _flags(item)
    assert normalize_item(item) == item


def test_an_empty_summary_is_not_a_problem() -> None:
    assert normalize_item(_news(summary="")).flags == []


def test_an_empty_link_is_flagged_once_and_a_removed_one_is_not_flagged_again() -> None:
    empty = normalize_item(_news(url=""))
    assert _flags(empty) == [("invalid_url", "url: empty; links nowhere")]
    assert normalize_item(empty) == empty
    removed = normalize_item(_news(url="javascript:alert(1)"))
    assert removed.url == "" and [k for k, _ in _flags(removed)] == ["invalid_url"]
    assert normalize_item(removed) == removed


def test_a_link_with_spaces_is_kept_encoded_and_flagged() -> None:
    item = normalize_item(_news(url="https://mistral.ai/news/ocr update now"))
    assert item.url == "https://mistral.ai/news/ocr%20update%20now"
    assert [f.kind for f in item.flags] == ["invalid_url"]
    assert normalize_item(item) == item


def test_a_runaway_author_list_is_cut_and_flagged() -> None:
    paper = PaperItem(id="paper-x", source="arXiv", url="https://arxiv.org/abs/2604.00001",
                      title="A paper", category="cs.AI", abstract="We study it.",
                      authors=[f"Author {n}" for n in range(100_000)])
    item = normalize_item(paper)
    assert len(item.authors) == 500
    assert _flags(item) == [("truncated", "authors: 100,000 entries cut to 500")]
    assert normalize_item(item) == item


def test_rows_sharing_a_rank_are_all_flagged_and_kept() -> None:
    rows = flag_shared_ranks([_row("a", 1), _row("b", 1), _row("c", 2),
                              _row("d", 1, board="swe_rebench")])
    assert [[f.detail for f in r.flags] for r in rows] == [
        ["rank: 1 on artificial_analysis is also held by b"],
        ["rank: 1 on artificial_analysis is also held by a"], [], []]
    assert flag_shared_ranks(rows) == rows


def test_an_impossible_rank_withholds_the_row_instead_of_refusing_the_day() -> None:
    snapshot = DaySnapshot(date=DAY, gathered_at=MORNING, origin="fixture",
                           items=[_news(), _row("aa-zero", 0)])
    screened = intake_snapshot(snapshot)
    assert [i.id for i in screened.items] == ["wire-x"]
    assert [(w.id, w.reasons) for w in screened.withheld] == [("aa-zero", ["invalid_number"])]


def test_a_naive_time_is_placed_in_the_desks_zone_at_intake() -> None:
    naive = _news(published_at=dt.datetime(2026, 4, 21, 22, 5))
    snapshot = DaySnapshot(date=DAY, gathered_at=MORNING, origin="fixture", items=[naive])
    (item,) = intake_day(snapshot, None).items
    assert item.published_at == dt.datetime(2026, 4, 22, 2, 5, tzinfo=dt.timezone.utc)


def test_a_link_longer_than_its_cap_is_removed_not_cut() -> None:
    item = normalize_item(_news(url="https://wire.example.com/" + "a" * 50_000))
    assert item.url == ""
    assert [f.detail for f in item.flags] == [
        "url: 50,025 characters, over the 2,000 a link may have; removed"]
    assert normalize_item(item) == item


def test_a_feed_date_outside_the_sane_years_counts_as_no_date() -> None:
    epoch = struct_time((1970, 1, 1, 0, 0, 0, 3, 1, 0))
    assert from_struct_time(epoch) is None
    today = struct_time((2026, 4, 21, 9, 30, 0, 1, 111, 0))
    assert from_struct_time(today) == dt.datetime(2026, 4, 21, 9, 30, tzinfo=dt.timezone.utc)
