"""Choosing the thesis: three candidates, each scored for evidence, novelty and fit
(``agent.writing.thesis_scores``); one chosen, with reasons the editor sees. Every score is
computed from the day's items and the recent issues, never taken from the model, so a model
cannot talk its way to a high score."""

from __future__ import annotations

from collections.abc import Sequence

from agent.context import DeskContext
from agent.llm.base import LLMRequest
from agent.llm.prompting import data_block, render, static_system
from agent.schemas import ItemBase, NewsItem, Storyline, Thesis, ThesisCandidate, ThesisProposals
from agent.state import DeskState, storylines_of
from agent.text import split_sentences
from agent.writing import baseline, thesis_scores


def recent_openings(state: DeskState) -> list[str]:
    """The house's recent theses: the first two sentences of each recent issue (published
    before the day, ``agent.sources.published.issues_before``)."""
    return [" ".join(s for _, _, s in split_sentences(issue["lead_essay"][0])[:2])
            for issue in state.get("recent_issues", [])]


def choose_thesis(state: DeskState, ctx: DeskContext, note: str | None = None) -> Thesis:
    snapshot = ctx.snapshot(state)
    storylines = storylines_of(state)
    items = snapshot.by_id()
    if not ctx.llm.has("writer"):
        return baseline.thesis(storylines, items, recent_openings(state))
    news = [i for i in snapshot.items if isinstance(i, NewsItem)]
    request = LLMRequest(
        role="writer", node="thesis", system=static_system("house_style.md"),
        user=render("thesis.md", storylines=_storyline_lines(storylines),
                    recent="\n".join(f"- {o}" for o in recent_openings(state)) or "(none)",
                    data=data_block(news), note=note or ""),
        max_tokens=1500,
    )
    proposals = ctx.llm.call(request, ThesisProposals)
    return score_proposals(proposals, items, recent_openings(state))


def _storyline_lines(storylines: Sequence[Storyline]) -> str:
    return "\n".join(f"- {s.id}: {s.label} (items: {', '.join(s.item_ids)})" for s in storylines[:10])


def score_proposals(proposals: ThesisProposals, items: dict[str, ItemBase],
                    recent: Sequence[str]) -> Thesis:
    candidates = []
    for proposal in proposals.candidates:
        scores = (thesis_scores.evidence(proposal.statement, proposal.reasoning,
                                         proposal.supporting_item_ids, items),
                  thesis_scores.novelty(proposal.statement, recent),
                  thesis_scores.fit(proposal.statement, proposal.fit_reasoning))
        candidates.append(ThesisCandidate(
            statement=proposal.statement, reasoning=proposal.reasoning,
            supporting_item_ids=[i for i in proposal.supporting_item_ids if i in items],
            evidence_score=scores[0].value, novelty_score=scores[1].value,
            fit_score=scores[2].value,
            score_reasons=[s.reason for s in scores] + [f"writer on fit: {proposal.fit_reasoning}"],
        ))
    best = max(range(len(candidates)), key=lambda i: (candidates[i].total, -i))
    table = "; ".join(f"#{i + 1} {c.total:.2f} (evidence {c.evidence_score:.2f}, novelty "
                      f"{c.novelty_score:.2f}, fit {c.fit_score:.2f})" for i, c in enumerate(candidates))
    return Thesis(candidates=candidates, chosen_index=best,
                  reasons=f"Chosen #{best + 1} on weighted score: {table}. {proposals.reasoning}")
