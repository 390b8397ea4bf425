"""The compiled graph with scripted fake models: every LLM stage, the critique <-> revise loop,
the revision guard, and source text arriving inside the data delimiters."""

from __future__ import annotations

import jinja2
import pytest

from agent.llm.fake import ScriptedLLM
from agent.prompting import DATA_CLOSE, DATA_OPEN, render
from agent.schemas import (
    CriterionScore, DaySnapshot, EssayDraftDecision, EssayOutline, JudgeDecision, PaperPick,
    PaperSelection, RevisionDecision, SectionEssayDecision, ThesisProposal, ThesisProposals,
)
from agent.snapshot import load_snapshot, sample_path
from agent.paths import ARCHIVE_DIR
from tests.helpers import published_essay, router_with, session_for, start_input

CRITERIA = ("thesis_clarity", "paragraphs_advance_thesis", "evidence_density", "house_voice",
            "synthesis_across_sections", "closing_implication", "freshness")


def _snapshot(date: str) -> DaySnapshot:
    return load_snapshot(sample_path(date, ARCHIVE_DIR))


def _judge(score: int = 4) -> JudgeDecision:
    return JudgeDecision(criteria=[CriterionScore(id=c, reasons="Specific and sourced.", score=score)
                                   for c in CRITERIA])


def _writer_script(snapshot: DaySnapshot, draft: list[str], revisions: list[list[str]]) -> ScriptedLLM:
    wire = [i.id for i in snapshot.items if i.kind == "wire"][:3]
    labs = [i.id for i in snapshot.items if i.kind == "lab"][:3]
    papers = [i.id for i in snapshot.items if i.kind == "paper"][:5]
    proposal = lambda n, ids: ThesisProposal(  # noqa: E731
        statement=f"Candidate thesis {n}: compute owners gain leverage over model makers.",
        reasoning="The day's deals concentrate capacity.", supporting_item_ids=ids,
        fit_reasoning="Control of compute is a house concern.", fit_score=0.5 + n / 10)
    return ScriptedLLM(provider="fake-writer", by_node={
        "desk_wire": [SectionEssayDecision(reasoning="r", item_ids=wire,
                                           paragraph="The wire is about compute. " * 8)],
        "desk_labs": [SectionEssayDecision(reasoning="r", item_ids=labs,
                                           paragraph="Labs are shipping integrations. " * 8)],
        "desk_papers": [PaperSelection(reasoning="r", picks=[
            PaperPick(item_id=p, reason="fits the agents storyline") for p in papers])],
        "thesis": [ThesisProposals(reasoning="three readings", candidates=[
            proposal(1, wire[:1]), proposal(2, wire[:2] + labs[:1]), proposal(3, wire + labs)])],
        "outline": [EssayOutline(reasoning="walk the sections",
                                 paragraph_plans=["thesis", "wire", "labs", "close"])],
        "draft": [EssayDraftDecision(reasoning="follows outline", paragraphs=draft)],
        "revise": [RevisionDecision(reasoning="fixed", paragraphs=r) for r in revisions],
    })


def _with_first_person(paragraphs: list[str]) -> list[str]:
    return [paragraphs[0] + " We think this matters.", *paragraphs[1:]]


def test_llm_graph_runs_every_stage_and_revises_until_the_lints_pass(tmp_path):
    date = "2026-04-21"
    published = published_essay(date)
    writer = _writer_script(_snapshot(date), _with_first_person(published), [published])
    critic = ScriptedLLM([_judge(), _judge()], provider="fake-critic")
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
    assert nodes == {"desk_wire", "desk_labs", "desk_papers", "thesis", "outline", "draft", "revise"}


def test_guard_rejects_a_revision_that_changes_a_supported_number(tmp_path):
    date = "2026-04-21"
    published = published_essay(date)
    assert "$100 billion" in published[0]
    tampered = [published[0].replace("$100 billion", "$120 billion"), *published[1:]]
    draft = _with_first_person(published)
    writer = _writer_script(_snapshot(date), draft, [tampered, tampered])
    critic = ScriptedLLM([_judge()] * 3, provider="fake-critic")
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
    writer = _writer_script(_snapshot(date), published, [published])
    critic = ScriptedLLM([_judge(score=2), _judge(score=4)], provider="fake-critic")
    with session_for(tmp_path, date, router=router_with(writer=writer, critic=critic)) as session:
        values = session.run(start_input(date)).values
    assert [r["action"] for r in values["critique_rounds"]] == ["revise", "accept"]
    assert any("scored 2" in t for t in values["revisions"][0]["targets"])


def test_injected_instruction_arrives_inside_the_data_delimiters(tmp_path):
    date = "2026-04-22"
    snapshot = _snapshot(date)
    injected = next(i for i in snapshot.items if "ignore" in i.evidence_text().lower()
                    and "instruction" in i.evidence_text().lower())
    published = published_essay(date)
    writer = _writer_script(snapshot, published, [])
    critic = ScriptedLLM([_judge()], provider="fake-critic")
    with session_for(tmp_path, date, router=router_with(writer=writer, critic=critic)) as session:
        values = session.run(start_input(date)).values
    flagged = {i["id"] for i in values["snapshot"]["items"]
               if any(f["kind"] == "prompt_injection" for f in i["flags"])}
    assert injected.id in flagged
    request = next(r.request for r in writer.requests if r.request.node == "thesis")
    start, end = request.user.index(DATA_OPEN), request.user.index(DATA_CLOSE)
    position = request.user.index(f'<item id="{injected.id}"')
    assert start < position < end
    assert 'flag="prompt_injection"' in request.user
    assert request.system[0].text.startswith("# The Inference Report: house style guide")


def test_prompts_render_with_strict_undefined():
    with pytest.raises(jinja2.UndefinedError):
        render("essay.md", thesis="t")
