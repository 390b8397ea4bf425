"""Is a critic's judgement complete? Every rubric criterion scored exactly once, on the scale.

A judge that returns one criterion at 5 (or the same criterion twice, or an id the rubric does
not define) has not judged the essay; the critique node re-asks with ``reask_instruction``
instead of accepting it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from agent.rubric.rubric import SCORE_RANGE, Rubric


class _Scored(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def score(self) -> int: ...


class _Judgement(Protocol):
    @property
    def criteria(self) -> Sequence[_Scored]: ...


def validate_judgement(decision: _Judgement, rubric: Rubric) -> list[str]:
    """Every problem with ``decision`` against ``rubric``; an empty list means it is complete.

    Problems: a rubric criterion with no score, an id the rubric does not define, an id scored
    more than once, a score outside 1-5.
    """
    expected = [criterion.id for criterion in rubric.criteria]
    counts = Counter(scored.id for scored in decision.criteria)
    errors = [f"missing criterion {i!r}" for i in expected if i not in counts]
    errors += [f"unknown criterion {i!r} (the rubric defines {', '.join(expected)})"
               for i in counts if i not in expected]
    errors += [f"criterion {i!r} is scored {n} times; score it once" for i, n in counts.items()
               if n > 1]
    errors += [f"criterion {s.id!r} has score {s.score}; scores run "
               f"{min(SCORE_RANGE)}-{max(SCORE_RANGE)}"
               for s in decision.criteria if s.score not in SCORE_RANGE]
    return errors


def reask_instruction(errors: list[str], rubric: Rubric) -> str:
    """What to tell the critic when its judgement is incomplete."""
    ids = ", ".join(criterion.id for criterion in rubric.criteria)
    return ("Your judgement is incomplete: " + "; ".join(errors) + ". Return every criterion "
            f"exactly once ({ids}), each with its reasons and a score from "
            f"{min(SCORE_RANGE)} to {max(SCORE_RANGE)}.")
