"""``desk regen``: each section regenerated from the saved run, re-checked, every other section
left byte-identical, every version stored; with scripted models and with the baseline writer."""

from __future__ import annotations

import json
import re

import pytest

from agent.editor.actions import decide, regenerate
from agent.editor.resume import NoChangeError
from agent.errors import ConflictError, UsageError
from agent.writing.rework import RegenTarget
from agent.render.markdown import EDITOR_NOTES_MARKER
from agent.schemas import EditorDecision
from tests.fakes import (
    essay_replies, judge, papers_reply, revision, router, section_reply, thesis_reply,
)
from tests.helpers import published_essay

DATE = "2026-04-21"


def blocks(markdown: str) -> dict[str, str]:
    """draft.md cut into its published parts: the essay (before the first section) and each
    ``## `` section, editor notes removed."""
    issue = markdown.split(EDITOR_NOTES_MARKER)[0]
    head, *sections = re.split(r"\n(?=## )", issue)
    return {"essay": head, **{s.splitlines()[0]: s for s in sections}}


def snapshot_of_run(run) -> tuple[dict, dict[str, str], list[dict]]:
    with run.session() as session:
        values = session.state().values
    return values, blocks((run.package / "draft.md").read_text()), values["claims"]


def regen(run, target: str, models=None, note: str | None = None):
    with run.session(models, command="test regen") as session:
        return regenerate(session, target, note=note, editor="ada")


def claims_outside(claims: list[dict], sections: set[str]) -> str:
    return json.dumps([c for c in claims if c["section"] not in sections])


def assert_only_changed(before, after, *, state_keys: set[str], blocks_changed: set[str],
                        claim_sections: set[str]) -> None:
    (v0, md0, c0), (v1, md1, c1) = before, after
    for name in ("thesis", "essay", *v0["sections"]):
        value = v0.get(name, v0["sections"].get(name))
        now = v1.get(name, v1["sections"].get(name))
        assert (now != value) == (name in state_keys), name
    for block in md0:
        assert (md1[block] != md0[block]) == (block in blocks_changed), block
    assert claims_outside(c1, claim_sections) == claims_outside(c0, claim_sections)
    assert v1["draft_version"] == v0["draft_version"] + 1


# -- with scripted models -----------------------------------------------------------------------


@pytest.mark.parametrize("section,kind,heading", [("wire", "wire", "## From the Wire"),
                                                  ("labs", "lab", "## AI Labs")])
def test_llm_regen_of_a_news_section_follows_the_note_and_changes_nothing_else(
        drafted, section, kind, heading):
    run = drafted(DATE, "llm")
    before = snapshot_of_run(run)
    text = f"A different take on the {section}: the money moved to infrastructure. " * 5
    models = router({f"desk_{section}": [section_reply(DATE, kind, text, skip=3)]})
    outcome = regen(run, section, models, note="Lead with the infrastructure money.")
    after = snapshot_of_run(run)
    assert_only_changed(before, after, state_keys={section}, blocks_changed={heading},
                        claim_sections={section})
    request = models.models["writer"].requests[0].request
    assert "Lead with the infrastructure money." in request.user
    assert "alternative #2" in request.user  # not a replay of the first draft's call
    assert after[0]["sections"][section]["paragraphs"] == [text]
    assert any(c["section"] == section for c in after[2])
    assert [(v.section, v.version) for v in outcome.versions] == [(section, 2)]


def test_llm_regen_of_papers_leaves_the_essay_byte_identical(drafted):
    run = drafted(DATE, "llm")
    before = snapshot_of_run(run)
    outcome = regen(run, "papers", router({"desk_papers": [papers_reply(DATE, skip=4)]}))
    after = snapshot_of_run(run)
    assert after[1]["essay"] == before[1]["essay"]
    assert after[0]["essay"] == before[0]["essay"]
    assert_only_changed(before, after, state_keys={"papers"},
                        blocks_changed={"## Research Papers — Focused"}, claim_sections=set())
    assert outcome.draft_version == 2 and outcome.lint is None


def test_llm_regen_of_the_essay_redrafts_and_relints_it(drafted):
    run = drafted(DATE, "llm")
    before = snapshot_of_run(run)
    new = [*published_essay(DATE)[:-1], published_essay(DATE)[-1] + " We think so."]
    outcome = regen(run, "essay", router(essay_replies(new), critic=[judge()]))
    after = snapshot_of_run(run)
    assert_only_changed(before, after, state_keys={"essay"}, blocks_changed={"essay"},
                        claim_sections={"essay"})
    assert after[0]["essay"]["paragraphs"] == new
    assert "first_person" in {v.id for v in outcome.lint}
    assert after[0]["critique_rounds"][-1]["judge"]["judged_by"] == "fake-critic:scripted"


def test_llm_regen_of_one_paragraph_changes_only_that_paragraph(drafted):
    run = drafted(DATE, "llm")
    before = snapshot_of_run(run)
    old = before[0]["essay"]["paragraphs"]
    rewritten = [p + " Rewritten." for p in old]  # the model touched every paragraph
    models = router({"revise": [revision(rewritten)]}, critic=[judge()])
    regen(run, "essay.p2", models, note="Shorter.")
    after = snapshot_of_run(run)
    new = after[0]["essay"]["paragraphs"]
    assert new[1] == rewritten[1]
    assert [new[0], *new[2:]] == [old[0], *old[2:]]
    user = models.models["writer"].requests[0].request.user
    assert "Change only paragraph 2" in user and "Shorter." in user


def test_llm_regen_of_the_thesis_redrafts_the_essay_from_it(drafted):
    run = drafted(DATE, "llm")
    before = snapshot_of_run(run)
    replies = {"thesis": [thesis_reply(DATE, prefix="Fresh")],
               **essay_replies(published_essay(DATE)[::-1])}
    outcome = regen(run, "thesis", router(replies, critic=[judge()]))
    after = snapshot_of_run(run)
    assert_only_changed(before, after, state_keys={"thesis", "essay"}, blocks_changed={"essay"},
                        claim_sections={"essay"})
    assert after[0]["thesis"]["candidates"][0]["statement"].startswith("Fresh thesis 1")
    assert {(v.section, v.version) for v in outcome.versions} == {("thesis", 2), ("essay", 2)}


@pytest.mark.parametrize("section", ["benchmarks", "trending"])
def test_regen_without_an_alternative_says_so_and_stores_nothing(drafted, section):
    run = drafted(DATE, "llm")  # 2026-04-21 shows every repository it has
    before = snapshot_of_run(run)
    with pytest.raises(NoChangeError, match=f"no alternative for {section}.*nothing new"):
        regen(run, section, router({}))
    after = snapshot_of_run(run)
    assert after[0]["draft_version"] == before[0]["draft_version"] and after[1] == before[1]
    with run.session() as session:
        assert len(session.store.versions(session.thread_id, section)) == 1
        assert session.store.actions(DATE)[-1].status == "skipped"


# -- with the baseline writer (no key) ------------------------------------------------------------


def test_baseline_regen_of_papers_is_the_next_best_selection_and_the_essay_stays(drafted):
    run = drafted(DATE, "baseline")
    before = snapshot_of_run(run)
    outcome = regen(run, "papers")
    after = snapshot_of_run(run)
    assert after[1]["essay"] == before[1]["essay"]
    old, new = (set(v[0]["sections"]["papers"]["item_ids"]) for v in (before, after))
    assert new and not old & new
    assert "next-best" in outcome.explanation and "baseline" in outcome.explanation
    assert any("essay ¶" in n for n in outcome.notices)  # the essay cites a paper now gone
    with pytest.raises(NoChangeError):  # 9 papers: after 6 + 3 none are left
        regen(run, "papers")


@pytest.mark.parametrize("section,heading", [("wire", "## From the Wire"), ("labs", "## AI Labs")])
def test_baseline_regen_of_a_news_section_uses_the_next_storylines(drafted, section, heading):
    run = drafted(DATE, "baseline")
    before = snapshot_of_run(run)
    outcome = regen(run, section, note="More on chips.")
    after = snapshot_of_run(run)
    assert_only_changed(before, after, state_keys={section}, blocks_changed={heading},
                        claim_sections={section})
    old, new = (set(v[0]["sections"][section]["item_ids"]) for v in (before, after))
    assert new and not old & new
    assert "next" in outcome.explanation and "cannot follow free text" in outcome.explanation
    with run.session() as session:
        assert session.store.actions(DATE)[-1].decision["note"] == "More on chips."


def test_baseline_regen_of_trending_offers_the_next_repositories(drafted):
    run = drafted("2026-04-24", "baseline")  # 10 repositories, 8 shown
    outcome = regen(run, "trending")
    assert len(outcome.versions) == 1 and "next 2 trending" in outcome.explanation


def test_baseline_regen_of_a_paragraph_swaps_in_reserve_sentences_only_there(drafted):
    run = drafted(DATE, "baseline")
    before = snapshot_of_run(run)
    outcome = regen(run, "essay.p2")
    after = snapshot_of_run(run)
    old, new = before[0]["essay"]["paragraphs"], after[0]["essay"]["paragraphs"]
    assert new[1] != old[1] and [new[0], *new[2:]] == [old[0], *old[2:]]
    assert outcome.lint == [] and "reserve" in outcome.explanation
    assert outcome.claims.unsupported == 0
    with pytest.raises(NoChangeError, match="paragraph 4"):  # built from the tables
        regen(run, "essay.p4")


def test_baseline_regen_of_the_thesis_takes_the_next_candidate_and_replans(drafted):
    run = drafted(DATE, "baseline")
    before = snapshot_of_run(run)
    regen(run, "thesis")
    after = snapshot_of_run(run)
    chosen = [v[0]["thesis"]["chosen_index"] for v in (before, after)]
    assert chosen[0] != chosen[1]
    statement = after[0]["thesis"]["candidates"][chosen[1]]["statement"]
    assert after[0]["essay"]["paragraphs"][0].startswith(statement)
    assert_only_changed(before, after, state_keys={"thesis", "essay"}, blocks_changed={"essay"},
                        claim_sections={"essay"})


def test_regen_bumps_the_draft_so_a_review_of_the_old_one_conflicts(drafted):
    run = drafted(DATE, "baseline")
    regen(run, "papers")
    with run.session() as session:
        with pytest.raises(ConflictError):
            decide(session, EditorDecision(type="accept"), expect_version=1)
        state = session.state()
        assert state.next == ("editor_review",) and state.interrupts  # still paused for review
        assert "Draft v2" in state.interrupts[0].value[0]["description"]  # Agent Inbox: [request]


def test_a_regen_note_for_a_run_that_moved_on_is_kept_not_applied(drafted):
    run = drafted(DATE, "baseline")
    with run.session() as session:
        decide(session, EditorDecision(type="accept"))
    with pytest.raises(ConflictError, match="not waiting for review .*published.* not applied"):
        regen(run, "wire", note="Open with the chip shortage.")
    with run.session() as session:
        last = session.store.actions(DATE)[-1]
        assert len(session.store.versions(session.thread_id, "wire")) == 1
    assert (last.decision["note"], last.status) == ("Open with the chip shortage.", "conflict")


def test_unknown_targets_are_usage_errors(drafted):
    run = drafted(DATE, "baseline")
    with pytest.raises(UsageError, match="essay.p1 to essay.p4"):
        regen(run, "essay.p9")
    with pytest.raises(UsageError, match="unknown section"):
        RegenTarget.parse("sports")
