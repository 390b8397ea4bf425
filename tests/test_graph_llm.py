"""The compiled graph with scripted fake models: every LLM stage, the critique <-> revise loop,
the revision guard, and source text arriving inside the data delimiters."""

from __future__ import annotations

import jinja2
import pytest

from tests.scripted_llm import ScriptedLLM
from agent.llm.prompting import DATA_CLOSE, DATA_OPEN, render
from tests.fakes import (
    essay_replies, judge, papers_reply, revision, section_reply, snapshot, thesis_reply,
)
from tests.helpers import published_essay, router_with, session_for, start_input


def _writer_script(date: str, draft: list[str], revisions: list[list[str]]) -> ScriptedLLM:
    return ScriptedLLM(provider="fake-writer", by_node={
        "desk_wire": [section_reply(date, "wire", "The wire is about compute. " * 8)],
        "desk_labs": [section_reply(date, "lab", "Labs are shipping integrations. " * 8)],
        "desk_papers": [papers_reply(date)],
        "thesis": [thesis_reply(date)],
        **essay_replies(draft),
        "revise": [revision(r) for r in revisions],
    })


def _with_first_person(paragraphs: list[str]) -> list[str]:
    return [paragraphs[0] + " We think this matters.", *paragraphs[1:]]


def test_llm_graph_runs_every_stage_and_revises_until_the_lints_pass(tmp_path):
    date = "2026-04-21"
    published = published_essay(date)
    writer = _writer_script(date, _with_first_person(published), [published])
    critic = ScriptedLLM([judge(), judge()], provider="fake-critic")
    with session_for(tmp_path, date, router=router_with(writer=writer, critic=critic)) as session:
        values = session.run(start_input(date)).values

    thesis = values["thesis"]
    assert len(thesis["candidates"]) == 3 and thesis["reasons"]
    totals = [0.45 * c["evidence_score"] + 0.3 * c["novelty_score"] + 0.25 * c["fit_score"]
              for c in thesis["candidates"]]
    assert thesis["chosen_index"] == totals.index(max(totals))
    rounds = values["critique_rounds"]
    assert rounds[0]["action"] == "revise"
    assert "first_person" in {v["id"] for v in rounds[0]["violations"]}
    assert rounds[-1]["action"] == "accept" and rounds[-1]["passed"]
    assert values["revisions"][0]["accepted"] is True
    assert values["essay"]["paragraphs"] == published
    assert values["sections"]["papers"]["selection_reasons"]
    assert writer.pending == 0 and critic.pending == 0
    nodes = {r.request.node for r in writer.requests}
    assert nodes == {"desk_wire", "desk_labs", "desk_papers", "thesis", "draft", "revise"}


def test_guard_rejects_a_revision_that_changes_a_supported_number(tmp_path):
    date = "2026-04-21"
    published = published_essay(date)
    assert "$100 billion" in published[0]
    tampered = [published[0].replace("$100 billion", "$120 billion"), *published[1:]]
    draft = _with_first_person(published)
    writer = _writer_script(date, draft, [tampered, tampered])
    critic = ScriptedLLM([judge()] * 3, provider="fake-critic")
    with session_for(tmp_path, date, router=router_with(writer=writer, critic=critic)) as session:
        values = session.run(start_input(date)).values
    first = values["revisions"][0]
    assert first["accepted"] is False
    assert any("$100 billion" in r for r in first["guard_rejections"])
    assert values["essay"]["paragraphs"] == draft  # the supported figure survived
    assert values["critique_rounds"][-1]["action"] == "stop_max_rounds"


def test_low_judge_scores_trigger_a_revision_even_when_lints_pass(tmp_path):
    date = "2026-04-07"
    published = published_essay(date)
    writer = _writer_script(date, published, [published])
    critic = ScriptedLLM([judge(score=2), judge(score=4)], provider="fake-critic")
    with session_for(tmp_path, date, router=router_with(writer=writer, critic=critic)) as session:
        values = session.run(start_input(date)).values
    assert [r["action"] for r in values["critique_rounds"]] == ["revise", "accept"]
    assert any("scored 2" in t for t in values["revisions"][0]["targets"])


def test_an_injected_item_never_reaches_a_prompt_and_the_rest_is_delimited(tmp_path):
    date = "2026-04-22"
    (injected,) = snapshot(date).withheld  # quarantined at intake
    assert injected.reasons == ["prompt_injection"]
    published = published_essay(date)
    writer = _writer_script(date, published, [])
    critic = ScriptedLLM([judge()], provider="fake-critic")
    with session_for(tmp_path, date, router=router_with(writer=writer, critic=critic)) as session:
        values = session.run(start_input(date)).values
        day = session.context.snapshot(values)
    assert injected.id not in {i.id for i in day.items}
    assert injected.id in {i.id for i in day.withheld}
    request = next(r.request for r in writer.requests if r.request.node == "thesis")
    assert injected.id not in request.user and "Ignore previous instructions" not in request.user
    start, end = request.user.index(DATA_OPEN), request.user.index(DATA_CLOSE)
    assert start < request.user.index("<item id=") < end
    assert request.system[0].text.startswith("# The Inference Report: house style guide")


def test_prompts_render_with_strict_undefined():
    with pytest.raises(jinja2.UndefinedError):
        render("essay.md", thesis="t")
