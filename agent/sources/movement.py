"""Benchmark movement against the previous snapshot: "GLM-5 climbed from 17th to 3rd".

Rows are matched by model name (case and spacing ignored) within the same board. Artificial
Analysis rows are compared only when both days used the same Intelligence Index version (scores
of different versions are different scales). SWE-rebench ranks are compared across days, but a
score change only when both days measured the same task window.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

from agent.schemas import BenchmarkRow, DaySnapshot

Board = Literal["artificial_analysis", "swe_rebench"]
BOARD_NAMES: dict[str, str] = {"artificial_analysis": "the Artificial Analysis Intelligence Index",
                               "swe_rebench": "SWE-rebench"}


class Mover(BaseModel):
    """One model whose rank changed, or that entered the board, for the benchmarks desk."""

    model_config = ConfigDict(frozen=True)

    model: str
    board: Board
    old_rank: int | None
    new_rank: int
    score_delta: float | None = None

    @property
    def places(self) -> int:
        """Positive when the model climbed."""
        return 0 if self.old_rank is None else self.old_rank - self.new_rank

    def describe(self) -> str:
        board = BOARD_NAMES[self.board]
        if self.old_rank is None:
            return f"{self.model} entered {board} at {_ordinal(self.new_rank)}"
        verb = "climbed" if self.places > 0 else "fell"
        text = f"{self.model} {verb} from {_ordinal(self.old_rank)} to {_ordinal(self.new_rank)}"
        if self.score_delta:
            text += f" ({self.score_delta:+g})"
        return f"{text} on {board}"


def model_key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


def apply_movement(rows: list[BenchmarkRow], previous: DaySnapshot | None) -> list[BenchmarkRow]:
    """``rows`` with ``previous_rank`` / ``previous_score`` filled where comparable, and
    ``previous_date`` saying which snapshot they come from (so the row's evidence text states the
    movement a claim may cite)."""
    if previous is None:
        return rows
    earlier = {(r.board, model_key(r.model)): r for r in previous.items
               if isinstance(r, BenchmarkRow)}
    return [_with_previous(row, earlier.get((row.board, model_key(row.model))), previous.date)
            for row in rows]


def movers(rows: list[BenchmarkRow], *, entrants_within: int | None = None) -> list[Mover]:
    """Rank changes (and, when ``entrants_within`` is set, newcomers ranked that high or better).

    Newcomers are only known for rows whose board was compared at all, which ``apply_movement``
    marks by filling ``previous_rank`` on at least one row of that board.
    """
    compared = {r.board for r in rows if r.previous_rank is not None}
    found = []
    for row in rows:
        if row.previous_rank is not None and row.previous_rank != row.rank:
            found.append(_mover(row, row.previous_rank))
        elif (row.previous_rank is None and entrants_within is not None
              and row.board in compared and row.rank <= entrants_within):
            found.append(_mover(row, None))
    return sorted(found, key=lambda m: (m.board, -abs(m.places), m.new_rank, m.model))


def _with_previous(row: BenchmarkRow, before: BenchmarkRow | None,
                   on: dt.date) -> BenchmarkRow:
    if before is None or not _comparable_board(row, before):
        return row.model_copy(update={"previous_rank": None, "previous_score": None,
                                      "previous_date": None})
    same_scale = row.board == "artificial_analysis" or row.task_window == before.task_window
    return row.model_copy(update={"previous_rank": before.rank, "previous_date": on,
                                  "previous_score": before.score if same_scale else None})


def _comparable_board(row: BenchmarkRow, before: BenchmarkRow) -> bool:
    if row.board == "artificial_analysis":
        return row.index_version == before.index_version
    return True


def _mover(row: BenchmarkRow, old_rank: int | None) -> Mover:
    delta = None
    if row.previous_score is not None:
        delta = round(row.score - row.previous_score, 2)
    return Mover(model=row.model, board=row.board, old_rank=old_rank, new_rank=row.rank,
                 score_delta=delta)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
