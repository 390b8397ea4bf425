"""A realistic replay of every sample day with a hand-written day file (``tests/replay/days``):
the whole graph runs on the desk's own provider adapters and the real SDK clients, over a mock
transport that answers as a careful model would, and the draft must be what an editor can use:
complete, every quote verbatim, at most 3 percent of the essay's factual claims unsupported, and
every hand-written answer actually asked for."""

from __future__ import annotations

import re

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.replay.loader import available_days
from tests.replay.run import Provider, ReplayResult, replay_day

DAYS = available_days()
MAX_UNSUPPORTED_SHARE = 0.03
KNOWN_OVER_BUDGET = frozenset({"ClaimExtraction"})
"""Answers longer than the budget the pipeline asks for (issue 16 items 2-3): the whole essay's
claims extraction asks for 4,096 output tokens and a faithful one needs 6,000-7,600."""
ROUTES: dict[str, tuple[Provider, bool]] = {
    "openai": ("openai", False),
    "anthropic-streamed": ("anthropic", True),
}


Replay = Callable[[str, str], ReplayResult]


@pytest.fixture(scope="module")
def replay(tmp_path_factory: pytest.TempPathFactory) -> Replay:
    """Each (day, route) drafted once per module, on first use inside a test (so the run sees
    the test's isolated environment)."""
    done: dict[tuple[str, str], ReplayResult] = {}

    def run(date: str, route: str) -> ReplayResult:
        if (date, route) not in done:
            provider, stream = ROUTES[route]
            workdir = tmp_path_factory.mktemp(f"replay-{date}-{route}")
            done[date, route] = replay_day(date, workdir, provider=provider, stream=stream)
        return done[date, route]

    return run


@pytest.mark.parametrize("route", list(ROUTES))
@pytest.mark.parametrize("date", DAYS)
def test_a_day_drafts_end_to_end_on_realistic_answers(date: str, route: str,
                                                      replay: Replay) -> None:
    result = replay(date, route)
    print(result.summary())

    assert not result.transport.unanswered, result.transport.unanswered
    assert result.paused_for_editor, result.next_nodes
    assert not result.rejected_quotes, result.rejected_quotes
    assert not result.claims_problems, result.claims_problems
    assert result.unsupported_share <= MAX_UNSUPPORTED_SHARE, _unsupported(result)
    assert not result.transport.stale(), f"answers never asked for: {result.transport.stale()}"
    draft = (result.package / "draft.md").read_text(encoding="utf-8")
    # Source-derived text is markdown-escaped (so it cannot form links); read it back unescaped.
    readable = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", draft)
    assert all(paragraph in readable for paragraph in result.day.final_essay)
    over = {answer.schema for answer in result.transport.over_budget}
    assert over <= KNOWN_OVER_BUDGET, result.transport.over_budget


@pytest.mark.parametrize("date", DAYS)
def test_the_revision_loop_follows_the_judge(date: str, replay: Replay) -> None:
    result = replay(date, "openai")
    review = result.package_json("review.json")

    assert [r["action"] for r in review["rounds"]] == (
        ["revise"] * len(result.day.revise) + ["accept"])
    assert all(revision["accepted"] for revision in review["revisions"])
    assert [c["score"] for c in review["judge"]["criteria"]] == [
        c.score for c in result.day.critique[-1].criteria]


@pytest.mark.parametrize("date", DAYS)
def test_every_answer_fits_the_output_budget_it_was_asked_for(date: str, tmp_path: Path) -> None:
    result = replay_day(date, tmp_path, output_budget="truncate")

    assert result.paused_for_editor
    assert not result.transport.over_budget


def _unsupported(result: ReplayResult) -> str:
    flagged = [c["text"] for c in result.factual_essay_claims if c["status"] == "unsupported"]
    return f"{result.unsupported_share:.1%} unsupported: {flagged}"
