"""Scripted models for the editor tests (``tests.scripted_llm.ScriptedLLM``, replies keyed by node)."""

from __future__ import annotations

from tests.scripted_llm import Reply, ScriptedLLM
from agent.llm.router import LLMRouter
from agent.paths import ARCHIVE_DIR
from agent.schemas import (
    CriterionScore, DaySnapshot, EssayDraftDecision, JudgeDecision, PaperPick,
    PaperSelection, RevisionDecision, SectionEssayDecision, ThesisProposal, ThesisProposals,
)
from agent.sources.snapshots import load_snapshot, sample_path
from tests.helpers import published_essay

CRITERIA = ("thesis_clarity", "paragraphs_advance_thesis", "evidence_density", "house_voice",
            "synthesis_across_sections", "closing_implication", "freshness")


def snapshot(date: str) -> DaySnapshot:
    return load_snapshot(sample_path(date, ARCHIVE_DIR))


def ids(date: str, kind: str, count: int, skip: int = 0) -> list[str]:
    return [i.id for i in snapshot(date).items if i.kind == kind][skip:skip + count]


def judge(score: int = 4) -> JudgeDecision:
    return JudgeDecision(criteria=[
        CriterionScore(id=c, reasons="Specific and sourced.", score=score) for c in CRITERIA])


def section_reply(date: str, kind: str, text: str, skip: int = 0) -> SectionEssayDecision:
    return SectionEssayDecision(reasoning="lead with the biggest story",
                                item_ids=ids(date, kind, 3, skip), paragraph=text)


def papers_reply(date: str, skip: int = 0) -> PaperSelection:
    return PaperSelection(reasoning="fit with the agents storyline", picks=[
        PaperPick(item_id=p, reason="fits the agents storyline")
        for p in ids(date, "paper", 5, skip)])


def thesis_reply(date: str, prefix: str = "Candidate") -> ThesisProposals:
    wire, labs = ids(date, "wire", 3), ids(date, "lab", 3)
    proposal = lambda n, support: ThesisProposal(  # noqa: E731
        statement=f"{prefix} thesis {n}: compute owners gain leverage over model makers.",
        reasoning="The day's deals concentrate capacity.", supporting_item_ids=support,
        fit_reasoning="Control of compute is a house concern.")
    return ThesisProposals(reasoning="three readings", candidates=[
        proposal(1, wire[:1]), proposal(2, wire[:2] + labs[:1]), proposal(3, wire + labs)])


def essay_replies(paragraphs: list[str]) -> dict[str, list[Reply]]:
    return {"draft": [EssayDraftDecision(
        reasoning="walk the sections", paragraph_plans=["thesis", "wire", "labs", "close"],
        paragraphs=paragraphs)]}


def revision(paragraphs: list[str]) -> RevisionDecision:
    return RevisionDecision(reasoning="as the editor asked", paragraphs=paragraphs)


def draft_router(date: str, essay: list[str] | None = None,
                 revisions: tuple[list[str], ...] = ()) -> LLMRouter:
    """Writer and critic for a full draft; by default the essay is the published one, which
    passes the rubric, so the critique accepts it at once."""
    writer = ScriptedLLM(provider="fake-writer", by_node={
        "desk_wire": [section_reply(date, "wire", "The wire is about compute. " * 8)],
        "desk_labs": [section_reply(date, "lab", "Labs are shipping integrations. " * 8)],
        "desk_papers": [papers_reply(date)],
        "thesis": [thesis_reply(date)],
        **essay_replies(essay or published_essay(date)),
        "revise": [revision(paragraphs) for paragraphs in revisions],
    })
    critic = ScriptedLLM([judge()] * (1 + len(revisions)), provider="fake-critic")
    return LLMRouter({"writer": writer, "critic": critic})  # type: ignore[dict-item]


def router(writer: dict[str, list[Reply]], critic: list[Reply] | None = None) -> LLMRouter:
    """A router for one editor action: the writer's replies by node, the critic's in order."""
    models = {"writer": ScriptedLLM(provider="fake-writer", by_node=writer),
              "critic": ScriptedLLM(critic or [], provider="fake-critic")}
    return LLMRouter(models)  # type: ignore[arg-type]
