"""`desk draft --live` through the whole graph with fixture-backed sources: dead, blocked and
malformed sources never stop the morning draft, and its failure reaches sources.json and the editor's notes."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

import pytest

from agent.errors import SourceError
from agent.sources.gather import gather_live
from tests.helpers import session_for
from tests.sources.helpers import (
    FakeSleep, Router, feed_source, fixed_clock, make_config, morning_sources, respond,
)

DAY = dt.date(2026, 11, 23)


def _gatherer(router: Router, sources: list[dict]):
    def gather(date: dt.date, data_dir) -> object:
        return asyncio.run(gather_live(date, config=make_config(sources), data_dir=data_dir,
                                       client=router.client(),
                                       clock=fixed_clock("2026-11-23T07:00:00-05:00"),
                                       sleep=FakeSleep(), env={}))
    return gather


@pytest.mark.shape
def test_live_draft_completes_with_a_blocked_source_reported_to_the_editor(tmp_path):
    sources, router = morning_sources()
    with session_for(tmp_path, DAY.isoformat()) as session:
        session.context.gather_live = _gatherer(router, sources)
        state = session.run({"date": DAY.isoformat(), "source": {"kind": "live"}, "review": True})
    assert state.next == ("editor_review",)
    target = tmp_path / "out" / DAY.isoformat()
    health = {h["source"]: h for h in json.loads((target / "sources.json").read_text())["health"]}
    assert health["OpenAI"]["status"] == "blocked"
    assert health["TechCrunch"]["status"] == "ok"
    review = json.loads((target / "review.json").read_text())
    problems = {p["source"]: p["status"] for p in review["source_problems"]}
    assert problems["OpenAI"] == "blocked" and "Broken Wire" in problems
    assert "Source OpenAI: blocked" in (target / "draft.md").read_text()


def test_every_source_failing_is_a_clear_source_error(tmp_path):
    sources = [feed_source("TechCrunch", "https://techcrunch.com/feed")]
    router = Router({"https://techcrunch.com/feed": respond(status=403, body=b"<html>no</html>",
                                                            content_type="text/html")})
    with session_for(tmp_path, DAY.isoformat()) as session:
        session.context.gather_live = _gatherer(router, sources)
        with pytest.raises(SourceError, match="source"):
            session.run({"date": DAY.isoformat(), "source": {"kind": "live"}, "review": True})


def test_live_draft_with_no_reachable_source_exits_1_with_one_clear_line(monkeypatch):
    """The real configured sources, with the network blocked (as in CI): every one fails.
    The retries still happen; only their waits (backoff, arXiv's 3 s spacing) are skipped."""
    from typer.testing import CliRunner

    from agent.cli import app
    from agent.sources import gather, http

    monkeypatch.setattr(http, "_BACKOFF", lambda state: 0.0)
    monkeypatch.setattr(gather, "MinIntervalThrottle",
                        lambda sleep: http.MinIntervalThrottle(0.0, sleep=sleep))

    result = CliRunner().invoke(app, ["draft", "--live", "--date", "2026-11-23"])
    assert result.exit_code == 1
    output = (result.stderr or result.output).strip()
    assert "Traceback" not in output
    assert output.splitlines()[-1].startswith("error: every source failed")
