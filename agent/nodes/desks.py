"""Section desks, fanned out in parallel with ``Send``: wire, labs, papers, benchmarks, trending.

Each desk receives a ``SectionTask`` (its own slice of state) and writes one entry of
``state["sections"]``. Wire and labs are short section essays signed by the section writer;
papers are the "Focused" selection with a recorded reason per pick; benchmarks and trending are
structured tables built deterministically from the snapshot.
"""

from __future__ import annotations

from typing import Any, TypedDict

from langgraph.runtime import Runtime

from agent.context import DeskContext
from agent.writing import baseline
from agent.llm.base import LLMRequest
from agent.llm.degrade import attempt_or_fallback
from agent.state import dump
from agent.llm.prompting import data_block, render, static_system
from agent.schemas import (
    BenchmarkRow, DaySnapshot, ItemBase, NewsItem, PaperItem, PaperSelection, RepoItem,
    SectionEssay, SectionEssayDecision, SectionName, Storyline,
)


class SectionTask(TypedDict):
    section: SectionName
    snapshot: dict[str, Any]
    storylines: list[dict[str, Any]]
    note: str | None


def section_desk(task: SectionTask, runtime: Runtime[DeskContext]) -> dict[str, Any]:
    snapshot = DaySnapshot.model_validate(task["snapshot"])
    storylines = [Storyline.model_validate(s) for s in task["storylines"]]
    essay, sources = write_section(task["section"], snapshot, storylines, runtime.context,
                                   note=task.get("note"))
    runtime.context.report(f"desk:{task['section']}", f"{len(essay.item_ids)} item(s)")
    return {"sections": {essay.section: dump(essay)},
            "section_sources": {essay.section: sources}}


def write_section(
    section: SectionName, snapshot: DaySnapshot, storylines: list[Storyline],
    ctx: DeskContext, *, note: str | None = None,
) -> tuple[SectionEssay, list[list[list[str]]]]:
    """One section from the saved evidence (used by the desks and by ``desk regen``)."""
    cfg = ctx.config.editorial
    if section in ("wire", "labs"):
        kind = "wire" if section == "wire" else "lab"
        news = [i for i in snapshot.items if isinstance(i, NewsItem) and i.kind == kind]
        if ctx.llm.has("writer") and news:
            return attempt_or_fallback(
                ctx.llm, what=f"the {section} desk", instead="baseline section used",
                attempt=lambda: (_llm_news_section(section, news, storylines, ctx, note), []),
                fallback=lambda: baseline.news_section(section, news, storylines, cfg)).value
        return baseline.news_section(section, news, storylines, cfg)
    if section == "papers":
        papers = [i for i in snapshot.items if isinstance(i, PaperItem)]
        selection = (papers, storylines, snapshot.by_id())
        if ctx.llm.has("writer") and papers:
            return attempt_or_fallback(
                ctx.llm, what="the papers desk", instead="baseline selection used",
                attempt=lambda: (_llm_papers(*selection, ctx, note), []),
                fallback=lambda: (baseline.papers_section(*selection, cfg.papers_per_issue), []),
            ).value
        return baseline.papers_section(*selection, cfg.papers_per_issue), []
    if section == "benchmarks":
        rows = [i for i in snapshot.items if isinstance(i, BenchmarkRow)]
        # Imported here: the source module pulls in the HTTP and XML stack the graph never needs.
        from agent.sources.artificial_analysis import ATTRIBUTION

        return baseline.benchmarks_section(rows, cfg.benchmark_rows, ATTRIBUTION)
    repos = [i for i in snapshot.items if isinstance(i, RepoItem)]
    return baseline.trending_section(repos, cfg.trending_repos), []


def _story_context(storylines: list[Storyline], limit: int = 8) -> str:
    return "\n".join(f"- {s.label} (salience {s.salience:.2f}; items: {', '.join(s.item_ids)})"
                     for s in storylines[:limit])


def _llm_news_section(
    section: str, news: list[NewsItem], storylines: list[Storyline], ctx: DeskContext,
    note: str | None,
) -> SectionEssay:
    request = LLMRequest(
        role="writer", node=f"desk_{section}", system=static_system("house_style.md"),
        user=render("section_essay.md", section=section, storylines=_story_context(storylines),
                    data=data_block(news), note=note or "", writer=ctx.config.editorial.section_writer),
        max_tokens=1200,
    )
    decision = ctx.llm.call(request, SectionEssayDecision)
    known = {i.id for i in news}
    return SectionEssay(
        section=section, heading="From the Wire" if section == "wire" else "AI Labs",
        paragraphs=[decision.paragraph], signed_by=ctx.config.editorial.section_writer,
        item_ids=[i for i in decision.item_ids if i in known],
        generated_by=ctx.llm.model_id("writer"),
    )


def _llm_papers(
    papers: list[PaperItem], storylines: list[Storyline], items: dict[str, ItemBase],
    ctx: DeskContext, note: str | None,
) -> SectionEssay:
    count = ctx.config.editorial.papers_per_issue
    request = LLMRequest(
        role="writer", node="desk_papers", system=static_system("house_style.md"),
        user=render("papers_select.md", count=count, storylines=_story_context(storylines),
                    data=data_block(papers, papers="lede"), note=note or ""),
        max_tokens=1200,
    )
    picks = [p for p in ctx.llm.call(request, PaperSelection).picks if p.item_id in items]
    if not picks:  # the model chose nothing real: fall back rather than publish an empty section
        ctx.llm.note_degradation("papers desk: model picked no known paper; baseline selection used")
        return baseline.papers_section(papers, storylines, items, count)
    return SectionEssay(
        section="papers", heading="Research Papers — Focused",
        item_ids=[p.item_id for p in picks][:count],
        selection_reasons={p.item_id: p.reason for p in picks},
        generated_by=ctx.llm.model_id("writer"),
    )
