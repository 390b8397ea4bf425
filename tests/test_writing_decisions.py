"""Decisions that mean what they say: the judge scores every rubric criterion exactly once (or is
asked again), the critique loop polishes a middling draft and keeps its best-scoring round, the
reviser sees the earlier rounds, and the thesis scores measure evidence, novelty and fit."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tests.scripted_llm import ScriptedLLM
from agent.rubric.rubric import load_rubric
from agent.schemas import CriterionScore, JudgeDecision
from agent.writing import thesis_scores
from agent.writing.judge import judgement_schema, validate_judgement
from tests.fakes import CRITERIA, essay_replies, judge, papers_reply, revision, section_reply
from tests.fakes import snapshot, thesis_reply
from tests.helpers import published_essay, router_with, session_for, start_input

DATE = "2026-04-21"


def _writer(draft: list[str], revisions: list[list[str]],
            wire: str = "The wire is about compute. " * 8) -> ScriptedLLM:
    return ScriptedLLM(provider="fake-writer", by_node={
        "desk_wire": [section_reply(DATE, "wire", wire)],
        "desk_labs": [section_reply(DATE, "lab", "Labs are shipping integrations. " * 8)],
        "desk_papers": [papers_reply(DATE)], "thesis": [thesis_reply(DATE)],
        **essay_replies(draft), "revise": [revision(r) for r in revisions]})


def _scores(**by_id: int) -> JudgeDecision:
    return JudgeDecision(criteria=[CriterionScore(id=c, reasons=f"{c} reasons.",
                                                  score=by_id.get(c, 4)) for c in CRITERIA])


# -- the judge's criteria -----------------------------------------------------------------------


def test_a_judgement_must_score_every_criterion_exactly_once():
    rubric = load_rubric()
    one = JudgeDecision(criteria=[CriterionScore(id="thesis_clarity", reasons="r", score=5)])
    twice = JudgeDecision(criteria=[*judge().criteria, judge().criteria[0]])
    unknown = JudgeDecision(criteria=[*judge().criteria,
                                      CriterionScore(id="vibes", reasons="r", score=5)])
    assert validate_judgement(judge(), rubric) == []
    assert len(validate_judgement(one, rubric)) == len(rubric.criteria) - 1
    assert validate_judgement(twice, rubric) == [
        "criterion 'thesis_clarity' is scored 2 times; score it once"]
    (problem,) = validate_judgement(unknown, rubric)
    assert problem.startswith("unknown criterion 'vibes'")
    with pytest.raises(ValidationError, match="missing criterion 'house_voice'"):
        judgement_schema(rubric).model_validate(one.model_dump())


def test_an_incomplete_judgement_is_asked_again_and_never_gates_alone(tmp_path):
    published = published_essay(DATE)
    incomplete = JudgeDecision(criteria=[CriterionScore(id="thesis_clarity", reasons="r",
                                                        score=5)])
    critic = ScriptedLLM([incomplete, judge()], provider="fake-critic")
    with session_for(tmp_path, DATE, router=router_with(writer=_writer(published, []),
                                                        critic=critic)) as session:
        values = session.run(start_input(DATE)).values
    (round_,) = values["critique_rounds"]
    assert {c["id"] for c in round_["judge"]["criteria"]} == set(CRITERIA)
    assert [r.request.node for r in critic.requests] == ["critique", "critique"]
    reask = critic.requests[1].history[-1].content
    assert "missing criterion 'house_voice'" in reask and "exactly once" in reask


# -- the loop: threshold, keep-best, history ----------------------------------------------------


def test_a_middling_draft_is_polished_and_the_best_round_is_kept(tmp_path):
    """The draft scores 3 on two criteria (below the threshold of 4: it is revised); both
    revisions score worse; the loop stops and the first draft, the best, stands."""
    draft = published_essay(DATE)
    worse = [[*draft[:-1], draft[-1] + f" Meanwhile, the {n} pass adds nothing."]
             for n in ("first", "second")]
    critic = ScriptedLLM([_scores(house_voice=3, freshness=3), _scores(house_voice=2),
                          _scores(house_voice=2, freshness=2)], provider="fake-critic")
    writer = _writer(draft, worse)
    with session_for(tmp_path, DATE, router=router_with(writer=writer, critic=critic)) as session:
        values = session.run(start_input(DATE)).values
    rounds = values["critique_rounds"]
    assert [r["action"] for r in rounds] == ["revise", "revise", "stop_max_rounds"]
    assert rounds[-1]["kept_round"] == 0
    assert values["essay"]["paragraphs"] == draft
    assert values["versions"][-1]["origin"] == "best of rounds (round 0)"
    last_revise = [r.request.user for r in writer.requests if r.request.node == "revise"][-1]
    assert "round 0 (essay v1)" in last_revise and "house_voice 3/5: house_voice reasons." \
        in last_revise and "round 1 (essay v2)" in last_revise


def test_the_last_revision_stands_when_it_scores_best(tmp_path):
    draft = published_essay(DATE)
    better = [[*draft[:-1], draft[-1] + f" Meanwhile, the {n} pass sharpens it."]
              for n in ("first", "second")]
    critic = ScriptedLLM([_scores(house_voice=2), _scores(house_voice=3),
                          _scores(house_voice=3, freshness=5)], provider="fake-critic")
    with session_for(tmp_path, DATE, router=router_with(writer=_writer(draft, better),
                                                        critic=critic)) as session:
        values = session.run(start_input(DATE)).values
    assert values["critique_rounds"][-1]["kept_round"] == 2
    assert values["essay"]["paragraphs"] == better[1]


# -- thesis scores ------------------------------------------------------------------------------

RECENT = ["OpenAI is moving upstream into policy and institutional influence while the real "
          "competitive pressure is consolidating around infrastructure control and inference "
          "optimization, a split that reveals where actual defensibility lies in AI systems."]


def test_the_house_thesis_form_is_not_penalised_as_unoriginal():
    house = ("Amazon is buying Anthropic's compute dependence while Microsoft pays for its own "
             "capacity, a split that reveals who will own the inference margin.")
    plain = ("Amazon is buying Anthropic's compute dependence and Microsoft pays for its own "
             "capacity, which decides who will own the inference margin.")
    restated = ("OpenAI is moving into policy and institutional influence while pressure "
                "consolidates around infrastructure control and inference optimization.")
    scores = {name: thesis_scores.novelty(text, RECENT).value
              for name, text in (("house", house), ("plain", plain), ("restated", restated))}
    assert scores["house"] >= scores["plain"] - 0.02
    assert scores["house"] > 0.8 and scores["restated"] < 0.5


def test_evidence_counts_distinct_items_with_figures_on_the_thesis_subjects():
    items = snapshot(DATE).by_id()
    statement = "Amazon's $100 billion Anthropic deal locks in compute while Fermi loses Amazon."
    backed = ["wire-amazon-anthropic-100b", "wire-fermi-ceo-cfo-exit-amazon-150m"]
    padded = [*backed, *backed, "wire-suburban-tech-workers-backlash", "lab-mistral-ocr-update",
              "no-such-item"]
    strong = thesis_scores.evidence(statement, "", backed, items)
    listed = thesis_scores.evidence(statement, "", padded, items)
    assert strong.value == listed.value == pytest.approx(2 / 3, abs=1e-3)
    assert "not counted" in listed.reason and "1 cited id(s) not in today's items" in listed.reason


def test_fit_names_the_house_concerns_it_engages():
    engaged = thesis_scores.fit("Amazon locks in Anthropic's compute and captures the margin.", "")
    none = thesis_scores.fit("A model got better at poems.", "")
    assert engaged.value == 1.0 and "distribution and lock-in" in engaged.reason
    assert none.value == 0.0 and "none" in none.reason


# -- division of labour and writer inputs (model drafts) -----------------------------------------


def test_a_lead_sentence_that_repeats_a_section_is_sent_back_and_fixed(tmp_path):
    wire_text = ("Amazon and Anthropic expanded their partnership in a deal worth $100 billion "
                 "over the next decade, under which Anthropic will train and serve Claude on AWS "
                 "and Amazon's Trainium chips. The wire also carried Fermi and Apple.")
    published = published_essay(DATE)
    repeating = [published[0] + " " + wire_text.split(". ")[0] + ".", *published[1:]]
    writer = _writer(repeating, [published], wire=wire_text)
    critic = ScriptedLLM([judge(), judge()], provider="fake-critic")
    with session_for(tmp_path, DATE, router=router_with(writer=writer, critic=critic)) as session:
        values = session.run(start_input(DATE)).values
    first, last = values["critique_rounds"][0], values["critique_rounds"][-1]
    assert "repeats_section" in {v["id"] for v in first["violations"]}
    assert last["action"] == "accept" and not last["violations"]
    revise = next(r.request.user for r in writer.requests if r.request.node == "revise")
    assert "repeats the wire section" in revise


def test_the_essay_prompt_carries_paper_ledes_and_reasons_movers_and_stars(tmp_path):
    writer = _writer(published_essay(DATE), [])
    critic = ScriptedLLM([judge()], provider="fake-critic")
    with session_for(tmp_path, DATE, router=router_with(writer=writer, critic=critic)) as session:
        values = session.run(start_input(DATE)).values
        day = session.context.snapshot(values)
    draft = next(r.request for r in writer.requests if r.request.node == "draft")
    picked = values["sections"]["papers"]["item_ids"]
    paper = day.by_id()[picked[0]]
    items_block = draft.system[-1].text
    assert paper.abstract.split(". ")[0] in items_block  # the abstract's first sentence
    unpicked = next(i for i in day.items if i.kind == "paper" and i.id not in picked)
    assert unpicked.title in items_block and unpicked.abstract[:80] not in items_block
    assert f"{picked[0]}: {paper.title} — why: fits the agents storyline" in draft.user
    assert "stars today)" in draft.user and "[benchmark movers" in draft.user
    assert "Division of labour" in draft.user
