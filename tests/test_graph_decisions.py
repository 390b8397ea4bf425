"""Every editor decision is ``Command(resume=...)`` on the compiled graph: approve, notes, edit,
regen, restore, ignore, and each reply shape Agent Inbox sends (a one-item list of HumanResponse,
args null, an object or a JSON string). Each test checks what the editor gets: the handoff
package and the version history (in state and in the run store)."""

from __future__ import annotations

import json

import pytest
from langgraph.types import Command

from agent.render.markdown import EDITOR_NOTES_MARKER
from agent.session import DeskSession
from agent.state import versions_of
from tests.fakes import draft_router, judge, revision, router
from tests.helpers import published_essay, start_input

DATE = "2026-04-21"


@pytest.fixture
def paused(tmp_path):
    """A baseline draft of DATE paused at the editor's review; yields an opener of sessions."""
    def open_session(models=None) -> DeskSession:
        return DeskSession(date=DATE, data_dir=tmp_path / "data", out_dir=tmp_path / "out",
                           router=models, env={})

    with open_session() as session:
        session.run(start_input(DATE))
    return open_session


def resume(session: DeskSession, reply):
    return session.run(Command(resume=reply))


def package(session: DeskSession, name: str) -> str:
    return (session.context.package_dir(DATE) / name).read_text(encoding="utf-8")


def essay_of_draft(session: DeskSession) -> str:
    return package(session, "draft.md").split(EDITOR_NOTES_MARKER)[0]


def history(session: DeskSession, section: str) -> list[tuple[int, str]]:
    in_state = [(v.version, v.origin) for v in versions_of(session.state().values, section)]
    stored = [(v.version, v.origin) for v in session.store.versions(session.thread_id, section)]
    assert in_state == stored  # the run store mirrors the state's history exactly
    return in_state


def test_accept_publishes_the_final_issue(paused):
    with paused() as session:
        state = resume(session, {"type": "accept"})
        assert state.values["status"] == "published" and state.next == ()
        final = package(session, "final.md")
        assert final.startswith("# The Inference Report") and EDITOR_NOTES_MARKER not in final
        assert state.values["package"]["final.md"] == final  # also returned to API clients


def test_notes_reach_the_writer_and_make_a_new_essay_version(tmp_path):
    revised = published_essay(DATE)[::-1]  # the same sourced sentences, reordered
    models = draft_router(DATE, revisions=(revised,))
    with DeskSession(date=DATE, data_dir=tmp_path / "d", out_dir=tmp_path / "o", router=models,
                     env={}) as session:
        session.run(start_input(DATE))
        state = resume(session, {"type": "response", "notes": "Lead with Amazon's $100 billion."})
        assert "Lead with Amazon's $100 billion." in models.models["writer"].requests[-1].request.user
        assert state.values["draft_version"] == 2 and state.next == ("editor_review",)
        assert essay_of_draft(session).index(revised[0]) < essay_of_draft(session).index(revised[1])
        assert history(session, "essay") == [(1, "draft"), (2, "notes revision")]


def test_edit_replaces_the_essay_with_the_editors_words_unchanged(paused):
    edited = ["Amazon bought capacity.", "A second paragraph.", "Third.", "Fourth.", "Fifth.",
              "A sixth paragraph is a lint finding, never a crash."]
    with paused() as session:
        state = resume(session, {"type": "edit", "edited_paragraphs": edited, "editor": "ada"})
        assert state.values["essay"]["paragraphs"] == edited and state.values["draft_version"] == 2
        assert all(p in essay_of_draft(session) for p in edited)
        lint = {v["id"] for v in state.values["critique_rounds"][-1]["violations"]}
        assert "paragraph_count" in lint
        assert history(session, "essay") == [(1, "draft"), (2, "editor edit")]


def test_regen_changes_only_its_section_and_keeps_every_version(paused):
    with paused() as session:
        before = essay_of_draft(session)
        state = resume(session, {"type": "regen", "section": "papers"})
        assert state.values["draft_version"] == 2 and state.next == ("editor_review",)
        assert essay_of_draft(session).split("## Research Papers")[0] == before.split(
            "## Research Papers")[0]  # the lead essay is byte-identical
        assert history(session, "papers") == [(1, "draft"), (2, "regen papers")]
        assert history(session, "essay") == [(1, "draft")]


def test_restore_brings_a_version_back_exactly(paused):
    with paused() as session:
        first = session.state().values["sections"]["wire"]
        resume(session, {"type": "regen", "section": "wire"})
        state = resume(session, {"type": "restore", "section": "wire", "version": 1})
        assert state.values["sections"]["wire"] == first
        assert history(session, "wire") == [(1, "draft"), (2, "regen wire"), (3, "restore v1")]
        assert first["paragraphs"][0] in essay_of_draft(session)


def test_ignore_ends_the_run_unpublished(paused):
    with paused() as session:
        state = resume(session, [{"type": "ignore", "args": None}])
        assert state.values["status"] == "ignored" and state.next == ()
        assert not (session.context.package_dir(DATE) / "final.md").exists()


# -- Agent Inbox's own reply shapes ---------------------------------------------------------------


@pytest.mark.parametrize("reply", [
    [{"type": "accept", "args": None}],
    [{"type": "accept", "args": {"action": "review_issue", "args": {"date": DATE}}}],
    {"type": "accept", "args": None},
], ids=["list-args-null", "list-args-action-request", "bare-object"])
def test_inbox_accept_shapes_publish(paused, reply):
    with paused() as session:
        assert resume(session, reply).values["status"] == "published"


@pytest.mark.parametrize("args", [
    {"action": "review_issue", "args": {"paragraphs": ["Edited one.", "Edited two."]}},
    {"action": "review_issue", "args": {"paragraphs": json.dumps(["Edited one.", "Edited two."])}},
    json.dumps({"action": "review_issue", "args": {"paragraphs": ["Edited one.", "Edited two."]}}),
    {"action": "review_issue", "args": {"paragraphs": "Edited one.\n\nEdited two."}},
], ids=["object", "paragraphs-as-json-string", "args-as-json-string", "plain-text"])
def test_inbox_edit_shapes_replace_the_essay(paused, args):
    with paused() as session:
        state = resume(session, [{"type": "edit", "args": args}])
        assert state.values["essay"]["paragraphs"] == ["Edited one.", "Edited two."]
        assert state.values["essay"]["generated_by"] == "editor"


def test_inbox_response_reaches_the_writer(paused):
    models = router({"revise": [revision(published_essay(DATE))]}, critic=[judge()])
    with paused(models) as session:
        state = resume(session, [{"type": "response", "args": "Tighten the second paragraph."}])
        assert state.values["revisions"][-1]["trigger"] == "editor_notes"
        assert "Tighten the second paragraph." in models.models["writer"].requests[0].request.user


def test_an_invalid_reply_is_asked_again_and_the_thread_can_still_be_answered(paused):
    with paused() as session:
        for bad in ([{"type": "edit", "args": None}], "yes please", [{"type": "frobnicate"}],
                    [{"type": "accept"}, {"type": "ignore"}],
                    {"type": "regen", "section": "sports"},
                    {"type": "restore", "section": "wire", "version": 9}):
            state = resume(session, bad)
            assert state.next == ("editor_review",), bad
            request = state.interrupts[-1].value[0]
            assert "not applied" in request["description"] and request["error"], bad
            assert state.values["draft_version"] == 1
        assert resume(session, [{"type": "accept", "args": None}]).values["status"] == "published"


def test_approval_with_an_unsupported_claim_is_refused_until_accepted(tmp_path):
    invented = [*published_essay(DATE)[:-1],
                published_essay(DATE)[-1] + " Amazon also pledged $900 billion to Anthropic."]
    models = draft_router(DATE, essay=invented)
    with DeskSession(date=DATE, data_dir=tmp_path / "d", out_dir=tmp_path / "o", router=models,
                     env={}) as session:
        session.run(start_input(DATE))
        unsupported = [c["id"] for c in session.state().values["claims"]
                       if c["status"] == "unsupported"]
        assert unsupported
        refused = resume(session, [{"type": "accept", "args": None}])
        assert refused.values["status"] == "awaiting_review"
        assert unsupported[0] in refused.interrupts[-1].value[0]["description"]
        done = resume(session, {"type": "accept", "accept_unsupported": unsupported})
        assert done.values["status"] == "published"
        assert done.values["editor_decisions"][-1]["accept_unsupported"] == unsupported
