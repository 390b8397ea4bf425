"""Consistency of a day's leaderboards: two rows of one board cannot hold the same rank.

The parsers number rows themselves, so a shared rank means a broken snapshot or feed. Which row
is wrong cannot be told from the rows, so every holder is flagged ``shared_rank`` (a note: the
rows stay in the table) and the editor checks the board before publishing it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from agent.schemas import BenchmarkRow, Item, ItemFlag


def flag_shared_ranks(items: Sequence[Item]) -> list[Item]:
    """``items`` with every benchmark row whose (board, rank) another row holds flagged."""
    holders: dict[tuple[str, int], list[str]] = defaultdict(list)
    for item in items:
        if isinstance(item, BenchmarkRow):
            holders[(item.board, item.rank)].append(item.id)
    shared = {key: ids for key, ids in holders.items() if len(ids) > 1}
    return [_flagged(item, shared[(item.board, item.rank)])
            if isinstance(item, BenchmarkRow) and (item.board, item.rank) in shared else item
            for item in items]


def _flagged(row: BenchmarkRow, holders: list[str]) -> BenchmarkRow:
    others = ", ".join(i for i in holders if i != row.id)
    flag = ItemFlag(kind="shared_rank", field="rank",
                    detail=f"rank: {row.rank} on {row.board} is also held by {others}")
    if any((f.kind, f.detail) == (flag.kind, flag.detail) for f in row.flags):
        return row
    return row.model_copy(update={"flags": [*row.flags, flag]})
