"""Choosing the thesis: three candidates, each scored for evidence, novelty and fit; one chosen,
with reasons the editor sees. Evidence and novelty are computed here, not taken from the model,
so a model cannot talk its way to a high score."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from agent.context import DeskContext
from agent.llm.base import LLMRequest
from agent.llm.prompting import data_block, render, static_system
from agent.schemas import NewsItem, Storyline, Thesis, ThesisCandidate, ThesisProposals
from agent.state import DeskState, storylines_of
from agent.writing import baseline


def recent_openings(state: DeskState) -> list[str]:
    """First sentences of recent issues: the house's recent theses."""
    return [issue["lead_essay"][0].split(". ")[0] for issue in state.get("recent_issues", [])]


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
    return score_proposals(proposals, set(items), recent_openings(state))


def _storyline_lines(storylines: Sequence[Storyline]) -> str:
    return "\n".join(f"- {s.id}: {s.label} (items: {', '.join(s.item_ids)})" for s in storylines[:10])


def score_proposals(proposals: ThesisProposals, known_ids: set[str],
                    recent: Sequence[str]) -> Thesis:
    candidates = []
    for proposal in proposals.candidates:
        support = [i for i in proposal.supporting_item_ids if i in known_ids]
        novelty = 1.0 - max((fuzz.token_set_ratio(proposal.statement, r) / 100 for r in recent),
                            default=0.0)
        candidates.append(ThesisCandidate(
            statement=proposal.statement, reasoning=proposal.reasoning,
            supporting_item_ids=support, evidence_score=round(min(len(support) / 4, 1.0), 3),
            novelty_score=round(max(novelty, 0.0), 3), fit_score=proposal.fit_score,
        ))
    best = max(range(len(candidates)), key=lambda i: (candidates[i].total, -i))
    table = "; ".join(f"#{i + 1} {c.total:.2f} (evidence {c.evidence_score:.2f}, novelty "
                      f"{c.novelty_score:.2f}, fit {c.fit_score:.2f})" for i, c in enumerate(candidates))
    return Thesis(candidates=candidates, chosen_index=best,
                  reasons=f"Chosen #{best + 1} on weighted score: {table}. {proposals.reasoning}")
