"""The compiled graph on every sample day with the no-LLM baseline writer: the package an editor
receives, claims that cite real items verbatim, review actions, and resume after a failure."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from langgraph.types import Command

from agent.editor.actions import decide
from agent.editor.resume import NotAppliedError
from agent.render.package import PACKAGE_FILES
from agent.schemas import Claim, EditorDecision, ReviewReport, RunReport
from agent.text import contains_quote
from tests.helpers import SAMPLE_DAYS, session_for, start_input


@pytest.mark.parametrize("date", SAMPLE_DAYS)
def test_baseline_draft_pauses_for_review_with_a_complete_package(tmp_path, date):
    with session_for(tmp_path, date) as session:
        state = session.run(start_input(date))
        assert state.next == ("editor_review",)
        values = state.values
    target = tmp_path / "out" / date
    for name in PACKAGE_FILES:
        assert (target / name).stat().st_size > 0, name
    review = ReviewReport.model_validate_json((target / "review.json").read_text())
    run = RunReport.model_validate_json((target / "run.json").read_text())
    assert review.baseline and run.baseline and run.llm_calls == 0
    assert review.thesis is not None and len(review.thesis.candidates) >= 1
    assert not review.lint, f"baseline essay fails the rubric: {review.lint}"
    draft = (target / "draft.md").read_text()
    assert "Baseline draft" in draft and "Grant Calloway" in draft
    assert len(values["essay"]["paragraphs"]) <= 5


@pytest.mark.parametrize("date", SAMPLE_DAYS)
def test_every_baseline_claim_cites_an_existing_item_with_a_verbatim_quote(tmp_path, date):
    with session_for(tmp_path, date) as session:
        values = session.run(start_input(date)).values
        items = session.context.snapshot(values).by_id()
    claims = [Claim.model_validate(c) for c in values["claims"]]
    assert claims
    cited = [c for c in claims if c.sources]
    assert len(cited) >= len(claims) // 2
    for claim in cited:
        for source in claim.sources:
            assert source.item_id in items, claim
            assert contains_quote(items[source.item_id].evidence_text(), source.quote), claim
    unsupported = [c for c in claims if c.status == "unsupported"]
    assert not unsupported, [c.text for c in unsupported]


def test_approve_publishes_final_files(tmp_path):
    date = "2026-04-21"
    with session_for(tmp_path, date) as session:
        session.run(start_input(date))
        decide(session, EditorDecision(type="accept"))
        assert session.state().values["status"] == "published"
    final = (tmp_path / "out" / date / "final.md").read_text()
    assert "Grant Calloway" in final and "Editor notes" not in final
    assert "Baseline draft" not in (tmp_path / "out" / date / "final.html").read_text()


def test_notes_without_a_model_are_stored_and_said_to_be_not_applied(tmp_path):
    """The baseline writer cannot follow free text: the notes are kept (state and action log),
    the editor is told plainly, and the unchanged draft is not presented as a new version."""
    date = "2026-04-22"
    with session_for(tmp_path, date) as session:
        session.run(start_input(date))
        with pytest.raises(NotAppliedError, match="notes stored but not applied"):
            decide(session, EditorDecision(type="response", notes="Lead with the SpaceX deal."))
        state = session.state()
        actions = session.store.actions(date)
    assert state.next == ("editor_review",)
    assert state.values["draft_version"] == 1
    assert actions[0].decision["notes"] == "Lead with the SpaceX deal."
    assert actions[0].status == "skipped" and "not applied" in actions[0].error
    assert state.values["editor_decisions"][0]["notes"] == "Lead with the SpaceX deal."
    assert "not applied" in state.interrupts[0].value[0]["description"]


def test_edit_replaces_the_essay_and_rechecks_it(tmp_path):
    date = "2026-04-07"
    with session_for(tmp_path, date) as session:
        first = session.run(start_input(date)).values
        edited = first["essay"]["paragraphs"][:1] + ["The wire was quiet. We think so!"]
        decide(session, EditorDecision(type="edit", edited_paragraphs=edited))
        values = session.state().values
    assert values["essay"]["paragraphs"] == edited
    assert values["essay"]["generated_by"] == "editor"
    last_round = values["critique_rounds"][-1]
    assert last_round["action"] == "accept"  # the editor's words are checked, never rewritten
    assert {v["id"] for v in last_round["violations"]} >= {"first_person"}
    assert any(c["section"] == "essay" and c["paragraph"] == 1 for c in values["claims"])


def test_no_review_run_ends_after_the_package(tmp_path):
    date = "2026-04-24"
    with session_for(tmp_path, date) as session:
        state = session.run(start_input(date, review=False))
    assert state.next == () and state.values["status"] == "drafted"


def test_failed_node_resumes_from_checkpoint_without_redoing_earlier_nodes(tmp_path, monkeypatch):
    import agent.nodes.thesis as thesis_node

    real = thesis_node.choose_thesis
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("provider fell over")
        return real(*args, **kwargs)

    monkeypatch.setattr(thesis_node, "choose_thesis", flaky)
    date = "2026-04-21"
    with session_for(tmp_path, date) as session:
        with pytest.raises(RuntimeError, match="provider fell over"):
            session.run(start_input(date))
        assert "thesis" in session.state().next
        state = session.run(None)
    assert state.next == ("editor_review",)
    nodes = [t["node"] for t in state.values["timings"]]
    assert nodes.count("gather") == 1 and nodes.count("curate") == 1
    assert nodes.count("section_desk") == 5  # desks that finished before the failure kept


def test_interrupt_payload_is_agent_inbox_shaped(tmp_path):
    date = "2026-04-21"
    with session_for(tmp_path, date) as session:
        state = session.run(start_input(date))
    (interrupt,) = state.interrupts
    (payload,) = interrupt.value  # Agent Inbox shows a list of HumanInterrupt
    assert payload["action_request"]["action"] == "review_issue"
    assert payload["config"] == {"allow_ignore": True, "allow_respond": True,
                                 "allow_edit": True, "allow_accept": True}
    assert isinstance(payload["description"], str)


def test_agent_inbox_style_response_resumes(tmp_path):
    date = "2026-04-21"
    with session_for(tmp_path, date) as session:
        session.run(start_input(date))
        session.graph.invoke(Command(resume={"type": "ignore", "args": None}), session.config,
                             context=session.context)
        assert session.state().next == ()


def test_suspicious_items_are_flagged_and_shown_to_the_editor_escaped(tmp_path):
    with session_for(tmp_path, "2026-04-22") as session:
        session.run(start_input("2026-04-22"))
    notes = (tmp_path / "out" / "2026-04-22" / "draft.md").read_text().split("editor notes")[-1]
    assert "withheld from the draft" in notes and "prompt_injection" in notes
    assert notes.index("withheld from the draft") < notes.index("Claims:")  # shown first
    review = json.loads((tmp_path / "out" / "2026-04-22" / "review.json").read_text())
    assert any("instruct the model" in q for q in review["open_questions"])
    assert review["flagged_items"][0]["withheld"] is True
    with session_for(tmp_path, "2026-04-24") as session:
        session.run(start_input("2026-04-24"))
    html = (tmp_path / "out" / "2026-04-24" / "draft.html").read_text()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


@time_machine.travel(dt.datetime(2026, 4, 21, 6, 0, tzinfo=ZoneInfo("America/New_York")),
                     tick=False)
def test_a_run_without_a_date_drafts_today_as_a_scheduled_morning_does(tmp_path):
    # A LangGraph Server cron has fixed input: no date means today in the desk's time zone.
    with session_for(tmp_path, "2026-04-21") as session:
        state = session.run({"source": {"kind": "sample"}})
    assert state.next == ("editor_review",)
    assert state.values["date"] == "2026-04-21" and state.values["source"] == {"kind": "sample"}
    assert (tmp_path / "out" / "2026-04-21" / "draft.md").exists()
