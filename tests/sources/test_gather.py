"""gather_live: one run over every kind of source, with failures that must not sink the morning."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from agent.errors import SourceError
from agent.schemas import BenchmarkRow, DaySnapshot
from agent.sources.day import intake_day
from agent.sources.snapshots import load_snapshot, previous_snapshot
from agent.sources.gather import gather_live, gather_live_sync, snapshot_path
from tests.sources.helpers import (
    AA,
    AA_LEGACY,
    FakeSleep,
    Router,
    feed_source,
    fixed_clock,
    make_config,
    connect_timeout,
    morning_sources,
    respond,
    run_sources,
)

DAY = dt.date(2026, 11, 23)
CLOCK = fixed_clock("2026-11-23T07:00:00-05:00")
KEY = {"ARTIFICIAL_ANALYSIS_API_KEY": "test-key-not-real"}


def _gather(sources: list[dict], router: Router, data_dir, **kwargs) -> DaySnapshot:
    return asyncio.run(gather_live(DAY, config=make_config(sources), data_dir=data_dir,
                                   client=router.client(), clock=CLOCK, sleep=FakeSleep(),
                                   env=KEY, **kwargs))


@pytest.mark.shape
def test_failing_sources_leave_a_complete_snapshot_with_their_health(tmp_path) -> None:
    sources, router = morning_sources()
    snapshot = _gather(sources, router, tmp_path)
    health = {h.source: h for h in snapshot.sources}
    assert len(health) == len(sources)
    assert health["OpenAI"].status == "blocked"
    assert health["Slow Lab"].status == "network_error"
    assert health["Broken Wire"].status == "schema_error"
    assert health["arXiv"].status == "ok" and health["arXiv"].item_count == 0  # a Saturday feed
    for name in ("TechCrunch", "The Verge", "Example Wire", "Anthropic", "Artificial Analysis",
                 "SWE-rebench", "GitHub Trending"):
        assert health[name].status == "ok", health[name]
    assert health["Artificial Analysis"].required
    kinds = {item.kind for item in snapshot.items}
    assert kinds == {"wire", "lab", "benchmark", "repo"}
    assert snapshot.origin == "live" and snapshot.gathered_at == CLOCK()
    assert load_snapshot(snapshot_path(tmp_path, DAY)) == snapshot


@pytest.mark.shape
def test_injection_text_in_an_item_is_withheld_from_the_snapshot(tmp_path) -> None:
    sources, router = morning_sources()
    snapshot = _gather(sources, router, tmp_path)
    assert [(w.title, w.reasons) for w in snapshot.withheld] == [
        ("Model maker opens a Tokyo office", ["prompt_injection"])]
    assert all(w.id not in snapshot.by_id() for w in snapshot.withheld)
    assert not any(f.kind == "prompt_injection" for i in snapshot.items for f in i.flags)


def test_every_source_failing_raises_a_clear_error(tmp_path) -> None:
    sources = [feed_source("OpenAI", "https://openai.com/news/rss.xml", kind="lab"),
               feed_source("Slow Lab", "https://slow.example.com/feed", kind="lab")]
    router = Router({"https://openai.com/news/rss.xml": respond(status=403),
                     "https://slow.example.com/feed": connect_timeout})
    with pytest.raises(SourceError) as raised:
        _gather(sources, router, tmp_path)
    message = str(raised.value)
    assert message.startswith("every source failed (2)")
    assert "OpenAI: blocked" in message and "Slow Lab: network_error" in message
    assert not snapshot_path(tmp_path, DAY).exists()


def _previous_day(tmp_path, rows: list[BenchmarkRow]) -> None:
    previous = DaySnapshot(date=DAY - dt.timedelta(days=3), origin="live", items=rows,
                           gathered_at=dt.datetime(2026, 11, 20, 12, tzinfo=dt.timezone.utc))
    path = snapshot_path(tmp_path, previous.date)
    path.parent.mkdir(parents=True)
    path.write_text(previous.model_dump_json())


def _aa_row(rank: int, model: str, score: float) -> BenchmarkRow:
    return BenchmarkRow(id=f"aa-{rank}", source="Artificial Analysis",
                        url="https://artificialanalysis.ai/", title=model,
                        board="artificial_analysis", rank=rank, model=model, score=score)


def test_movement_against_the_latest_earlier_snapshot(tmp_path) -> None:
    _previous_day(tmp_path, [_aa_row(1, "Gemini 3.1 Pro Preview", 57.0),
                             _aa_row(2, "GPT-5.5", 59.9)])
    router = Router({AA_LEGACY: respond("artificial_analysis/legacy.json")})
    gathered = _gather([AA], router, tmp_path)
    # Movement is attached once, when the graph takes the day in, against the one lookup.
    previous = previous_snapshot(DAY, dirs=(tmp_path / "snapshots",))
    snapshot = intake_day(gathered, previous)
    rows = {r.model: r for r in snapshot.board("artificial_analysis")}
    assert (rows["GPT-5.5"].rank, rows["GPT-5.5"].previous_rank) == (1, 2)
    assert rows["GPT-5.5"].previous_score == 59.9
    assert rows["Grok-1"].previous_rank is None


def test_failed_board_keeps_the_last_good_leaderboard(tmp_path) -> None:
    _previous_day(tmp_path, [_aa_row(1, "GPT-5.5", 60.2),
                             _aa_row(2, "Gemini 3.1 Pro Preview", 57.2)])
    sources = [AA, feed_source("TechCrunch", "https://techcrunch.com/feed")]
    router = Router({AA_LEGACY: respond(status=503),
                     "https://techcrunch.com/feed": respond("feeds/wordpress.SHAPE.rss.xml")})
    snapshot = _gather(sources, router, tmp_path)
    (aa_health,) = [h for h in snapshot.sources if h.source == "Artificial Analysis"]
    assert aa_health.status == "network_error"
    assert "kept 2 rows from the 2026-11-20 snapshot" in (aa_health.error or "")
    snapshot = intake_day(snapshot, previous_snapshot(DAY, dirs=(tmp_path / "snapshots",)))
    assert [(r.model, r.rank, r.previous_rank) for r in snapshot.board("artificial_analysis")] == [
        ("GPT-5.5", 1, 1), ("Gemini 3.1 Pro Preview", 2, 2)]


def test_sync_wrapper_and_one_shared_client(tmp_path) -> None:
    sources = [feed_source("TechCrunch", "https://techcrunch.com/feed"),
               feed_source("The Verge", "https://theverge.com/feed")]
    router = Router({"https://techcrunch.com/feed": respond("feeds/wordpress.SHAPE.rss.xml"),
                     "https://theverge.com/feed": respond("feeds/atom.SHAPE.atom.xml")})
    snapshot = gather_live_sync(DAY, config=make_config(sources), data_dir=tmp_path,
                                client=router.client(), clock=CLOCK, env={})
    assert [i.source for i in snapshot.items] == ["TechCrunch", "The Verge"]
    assert len(router.requests) == 2


def test_a_crashing_parser_is_recorded_not_raised(tmp_path, monkeypatch) -> None:
    from agent.sources import registry

    async def crash(ctx):
        raise KeyError("unexpected")

    parser = registry.PARSERS["rss"]
    monkeypatch.setitem(registry.PARSERS, "rss", registry.Parser(crash, parser.options,
                                                                 parser.kinds))
    (result,) = run_sources([feed_source("TechCrunch", "https://techcrunch.com/feed")],
                            Router({}), date=DAY, data_dir=tmp_path)
    assert result.health.status == "failed"
    assert result.health.error == "KeyError: 'unexpected'"
