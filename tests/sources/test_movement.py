"""Benchmark movement against the previous snapshot, for the benchmarks desk."""

from __future__ import annotations

import datetime as dt

from agent.schemas import BenchmarkRow, DaySnapshot
from agent.sources.movement import Mover, apply_movement, movers


def _aa(rank: int, model: str, score: float, version: str | None = "4.3") -> BenchmarkRow:
    return BenchmarkRow(id=f"aa-{model.lower()}", source="Artificial Analysis",
                        url="https://artificialanalysis.ai/", title=model,
                        board="artificial_analysis", rank=rank, model=model, score=score,
                        index_version=version)


def _swe(rank: int, model: str, score: float, window: str) -> BenchmarkRow:
    return BenchmarkRow(id=f"swe-{model.lower()}", source="SWE-rebench",
                        url="https://swe-rebench.com/", title=model, board="swe_rebench",
                        rank=rank, model=model, score=score, task_window=window)


def _snapshot(rows: list[BenchmarkRow]) -> DaySnapshot:
    return DaySnapshot(date=dt.date(2026, 11, 22), gathered_at=dt.datetime(
        2026, 11, 22, 12, tzinfo=dt.timezone.utc), origin="live", items=rows)


def test_rank_and_score_deltas_by_model_name_per_board() -> None:
    yesterday = _snapshot([_aa(1, "GPT-5.5", 60.2), _aa(17, "glm-5", 49.0),
                           _swe(3, "GLM-5", 60.0, "W1")])
    today = [_aa(1, "GPT-5.5", 60.2), _aa(3, "GLM-5", 55.5), _aa(2, "Newcomer", 58.0),
             _swe(1, "GLM-5", 62.0, "W1")]
    moved = apply_movement(today, yesterday)
    assert [(r.previous_rank, r.previous_score) for r in moved] == [
        (1, 60.2), (17, 49.0), (None, None), (3, 60.0)]
    found = movers(moved, entrants_within=5)
    assert found == [
        Mover(model="GLM-5", board="artificial_analysis", old_rank=17, new_rank=3,
              score_delta=6.5),
        Mover(model="Newcomer", board="artificial_analysis", old_rank=None, new_rank=2),
        Mover(model="GLM-5", board="swe_rebench", old_rank=3, new_rank=1, score_delta=2.0),
    ]
    assert found[0].describe() == ("GLM-5 climbed from 17th to 3rd (+6.5) on the Artificial "
                                   "Analysis Intelligence Index")
    assert found[1].describe() == (
        "Newcomer entered the Artificial Analysis Intelligence Index at 2nd")


def test_artificial_analysis_is_never_compared_across_index_versions() -> None:
    yesterday = _snapshot([_aa(5, "GPT-5.5", 57.0, version="4.1")])
    (row,) = apply_movement([_aa(1, "GPT-5.5", 60.2, version="4.3")], yesterday)
    assert (row.previous_rank, row.previous_score) == (None, None)
    assert movers([row], entrants_within=5) == []


def test_swe_rebench_scores_are_compared_only_on_the_same_task_window() -> None:
    yesterday = _snapshot([_swe(2, "GLM-5", 60.0, "W1")])
    (row,) = apply_movement([_swe(1, "GLM-5", 64.0, "W2")], yesterday)
    assert (row.previous_rank, row.previous_score) == (2, None)
    assert movers([row]) == [Mover(model="GLM-5", board="swe_rebench", old_rank=2, new_rank=1)]


def test_without_a_previous_snapshot_nothing_moves() -> None:
    rows = [_aa(1, "GPT-5.5", 60.2)]
    assert apply_movement(rows, None) == rows
    assert movers(rows, entrants_within=5) == []


def test_falls_are_reported_too() -> None:
    (row,) = apply_movement([_aa(4, "GPT-5.5", 58.0)], _snapshot([_aa(1, "GPT-5.5", 60.2)]))
    (mover,) = movers([row])
    assert mover.places == -3
    assert mover.describe().startswith("GPT-5.5 fell from 1st to 4th (-2.2)")
