"""``desk review``: every editor decision with scripted models, stored before the graph acts, and
two editors at once (the second gets a clear conflict; nothing is overwritten or lost)."""

from __future__ import annotations

import threading

import pytest
from typer.testing import CliRunner

from agent.cli import app
from agent.editor.actions import decide, editor_session, regenerate
from agent.errors import ConflictError, DateBusyError, ProviderUnavailableError, RunStateError
from agent.llm.router import LLMRouter
from agent.schemas import EditorDecision
from tests.fakes import judge, revision, router
from tests.helpers import published_essay

DATE = "2026-04-21"


def test_approve_publishes_and_is_stored(drafted):
    run = drafted(DATE, "llm")
    with run.session(router({})) as session:
        decide(session, EditorDecision(type="accept", editor="ada"))
        actions = session.store.actions(DATE)
        assert session.state().values["status"] == "published"
    assert [(a.decision["type"], a.decision["editor"], a.status) for a in actions] == [
        ("accept", "ada", "applied")]
    final = (run.package / "final.md").read_text()
    assert final.startswith("# The Inference Report") and "Editor notes" not in final


def test_notes_reach_the_writer_and_the_revision_is_a_new_version(drafted):
    run = drafted(DATE, "llm")
    revised = published_essay(DATE)[::-1]  # the same sourced sentences, reordered
    models = router({"revise": [revision(revised)]}, critic=[judge()])
    with run.session(models) as session:
        decide(session, EditorDecision(type="response", notes="Cut the closing paragraph.",
                                               editor="ada"))
        values = session.state().values
        essays = session.store.versions(session.thread_id, "essay")
    prompt = models.models["writer"].requests[0].request.user
    assert "Cut the closing paragraph." in prompt
    assert values["essay"]["paragraphs"] == revised and values["draft_version"] == 2
    assert [(v.version, v.origin, v.draft_version) for v in essays] == [
        (1, "draft", 1), (2, "notes revision", 2)]


def test_notes_are_stored_even_when_the_revision_then_fails(drafted):
    run = drafted(DATE, "llm")
    failing = router({"revise": [ProviderUnavailableError("writer overloaded (529)")]})
    with run.session(failing) as session:
        with pytest.raises(RunStateError, match=r"decision is saved \(action #1\) but applying"):
            decide(session, EditorDecision(type="response", notes="Name the $100 billion "
                                                   "deal in the first sentence.", editor="ada"))
        (action,) = session.store.actions(DATE)
        assert session.state().next == ("revise",)  # paused with the notes in the checkpoint
    assert action.status == "failed" and "overloaded" in action.error
    assert action.decision["notes"] == "Name the $100 billion deal in the first sentence."
    resumed = router({"revise": [revision(published_essay(DATE))]}, critic=[judge()])
    with run.session(resumed) as session:
        state = session.run(None)  # what `desk draft --date D` does
    assert state.next == ("editor_review",) and state.values["draft_version"] == 2
    assert state.values["revisions"][-1]["trigger"] == "editor_notes"


def test_edit_replaces_the_text_reruns_lints_and_claims_and_is_kept(drafted):
    run = drafted(DATE, "llm")
    edited = [*published_essay(DATE)[:-1], "We think the quiet winner is Amazon."]
    with run.session(router({})) as session:  # no reply scripted: the editor's text is not judged
        before = session.state().values["essay"]["paragraphs"]
        decide(session, EditorDecision(type="edit", edited_paragraphs=edited, editor="ada"))
        values = session.state().values
        essays = session.store.versions(session.thread_id, "essay")
        (edit,) = session.store.edits()
    last = values["critique_rounds"][-1]
    assert values["essay"]["paragraphs"] == edited and last["judge"] is None
    assert "first_person" in {v["id"] for v in last["violations"]}
    closing = [c for c in values["claims"] if c["section"] == "essay"
               and c["paragraph"] == len(edited) - 1]
    assert closing and closing[0]["text"] in edited[-1]
    assert (essays[-1].origin, essays[-1].editor) == ("editor edit", "ada")
    assert edit.before_text == "\n\n".join(before) and edit.after_text == "\n\n".join(edited)


def test_ignore_ends_the_run_without_publishing(drafted):
    run = drafted(DATE, "baseline")
    with run.session() as session:
        decide(session, EditorDecision(type="ignore"))
        state = session.state()
    assert state.next == () and state.values["status"] == "ignored"
    assert not (run.package / "final.md").exists()


def test_a_review_of_a_draft_that_moved_on_conflicts_and_is_kept(drafted):
    run = drafted(DATE, "baseline")
    with run.session() as session:
        regenerate(session, "papers", note=None, editor="bo")  # -> draft v2
        with pytest.raises(ConflictError, match="moved on to draft v2 .*you reviewed v1"):
            decide(session, EditorDecision(type="response", notes="Tighten ¶2."),
                           expect_version=1)
        actions = session.store.actions(DATE)
        state = session.state()
    assert state.next == ("editor_review",) and state.values["draft_version"] == 2
    assert (actions[-1].decision["notes"], actions[-1].status) == ("Tighten ¶2.", "conflict")


def test_cli_expect_version_refuses_a_stale_approval(drafted, monkeypatch):
    run = drafted(DATE, "baseline")
    monkeypatch.setenv("DESK_DATA_DIR", str(run.data_dir))
    monkeypatch.setenv("DESK_OUT_DIR", str(run.out_dir))
    result = CliRunner().invoke(app, ["review", DATE, "--approve", "--expect-version", "3"])
    assert result.exit_code == 1
    assert "moved on to draft v1" in result.output and "saved as action #1" in result.output
    assert not (run.package / "final.md").exists()


def test_two_editors_at_once_one_applies_the_other_is_busy_and_both_are_stored(drafted):
    run = drafted(DATE, "baseline")
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def editor(name: str, decision: EditorDecision) -> None:
        start.wait()
        try:
            with editor_session(date=DATE, data_dir=run.data_dir, out_dir=run.out_dir,
                                decision=decision, command=f"desk review ({name})", env={},
                                router=LLMRouter()) as session:
                decide(session, decision)
                outcomes[name] = "applied"
        except (ConflictError, DateBusyError) as error:
            outcomes[name] = str(error)

    threads = [threading.Thread(target=editor, args=("ada", EditorDecision(type="accept",
                                                                            editor="ada"))),
               threading.Thread(target=editor, args=("bo", EditorDecision(
                   type="edit", edited_paragraphs=published_essay(DATE), editor="bo")))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(o == "applied" for o in outcomes.values()) == [False, True], outcomes
    loser = next(o for o in outcomes.values() if o != "applied")
    assert "saved as action" in loser and "not applied" in loser
    with run.session() as session:
        actions = session.store.actions(DATE)
    # The loser is either busy (the winner still held the date) or, if it came after the winner
    # finished, refused because the run was published: kept in the log either way.
    assert sorted(a.status for a in actions)[0] == "applied"
    assert sorted(a.status for a in actions)[1] in ("busy", "conflict")
    assert {a.decision.get("editor") for a in actions} == {"ada", "bo"}
    assert any(a.decision.get("edited_paragraphs") == published_essay(DATE) for a in actions)
