"""No time travel: every prompt of a draft for day D (exemplars, recent issues, novelty, the
critic's context, claims) shows only issues published before D.

Every request of a full draft is recorded by scripted models whose answers are computed from the
request (``tests.sim.content``: realistic, schema-valid answers written from the request's own
items, never from an issue). The published lead essays are cut into 8-word windows; a window that
also occurs in the day's own items is not distinctive (the archive's items were rebuilt from the
essays) and is left out. No distinctive window of an issue dated D or later may appear in any
prompt for D, on the product's path (``prompts/published``) and on the eval's replay path (the
archive as the published issues); the windows of earlier issues must appear (the exemplars), so
the check can see a leak.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.scripted_llm import ScriptedLLM
from agent.llm.router import LLMRouter
from agent.paths import ARCHIVE_DIR
from agent.schemas import DaySnapshot
from tests.sim.content import OutputProfile, RequestContent, answer
from tests.fakes import snapshot
from tests.helpers import SAMPLE_DAYS, session_for, start_input

WINDOW = 8
ROLES = ("writer", "critic", "extractor", "verifier")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))


def windows(text: str) -> set[str]:
    words = _words(text)
    return {" ".join(words[i:i + WINDOW]) for i in range(len(words) - WINDOW + 1)}


def distinctive_windows(day: DaySnapshot) -> dict[str, set[str]]:
    """Issue date -> windows of its lead essay that the day's items do not contain."""
    in_items = set().union(*(windows(i.evidence_text()) for i in day.items))
    issues = {date: snapshot(date).published for date in SAMPLE_DAYS}
    return {date: windows("\n".join(issue.lead_essay)) - in_items
            for date, issue in issues.items() if issue is not None}


def realistic(request, schema):  # noqa: ANN001, ANN201 - the ScriptedLLM reply signature
    system = "\n\n".join(block.text for block in request.system)
    return answer(schema.model_json_schema(), RequestContent.parse(system, request.user),
                  OutputProfile())


def recording_router() -> tuple[LLMRouter, list[ScriptedLLM]]:
    models = {role: ScriptedLLM([realistic] * 60, provider=f"fake-{role}") for role in ROLES}
    return LLMRouter(models), list(models.values())  # type: ignore[arg-type]


def prompt_text(models: list[ScriptedLLM]) -> str:
    """Every word any model was shown: system blocks, user turns, re-asks."""
    parts = []
    for model in models:
        for recorded in model.requests:
            parts += [b.text for b in recorded.request.system]
            parts += [recorded.request.user, *(turn.content for turn in recorded.history)]
    return "\n".join(parts)


def assert_no_future(date: str, shown: str) -> None:
    seen = windows(shown)
    for issue_date, issue_windows in distinctive_windows(snapshot(date)).items():
        leaked = issue_windows & seen
        if issue_date >= date:
            assert not leaked, f"{date}: prompts show the {issue_date} issue: {sorted(leaked)[:3]}"
        else:
            assert leaked, f"{date}: the {issue_date} issue should be an exemplar"


@pytest.mark.parametrize("date", SAMPLE_DAYS)
def test_no_prompt_of_a_draft_shows_an_issue_from_its_day_or_later(tmp_path, date):
    router, models = recording_router()
    with session_for(tmp_path, date, router=router) as session:
        session.run(start_input(date, review=False))
    assert {m.requests[0].request.role for m in models if m.requests} == set(ROLES)
    assert_no_future(date, prompt_text(models))


@pytest.mark.parametrize("date", SAMPLE_DAYS)
def test_eval_replays_show_no_issue_from_their_day_or_later(tmp_path, date):
    from evals.metrics.voice import VoiceReference
    from evals.runner import DayJob, load_days, replay_day

    days = load_days(ARCHIVE_DIR)
    day = next(d for d in days if d.date == dt.date.fromisoformat(date))
    router, models = recording_router()
    job = DayJob(day=day, other=None, systems=("agent",), archive=ARCHIVE_DIR, env={},
                 run_dir=Path(tmp_path), reference=VoiceReference.from_days(days),
                 agent_router=lambda _: router)
    replay_day(job, "agent")
    assert_no_future(date, prompt_text(models))
