"""Section desks' writing: wire and labs section essays, the papers selection with a reason per
pick, and the benchmark and trending tables, from the day's evidence. The section desk node and
the rework node (``desk regen``) both call ``write_section``."""

from __future__ import annotations

from agent.context import DeskContext
from agent.llm.base import LLMRequest
from agent.llm.degrade import attempt_or_fallback
from agent.llm.prompting import data_block, render, static_system
from agent.schemas import (
    BenchmarkRow, DaySnapshot, ItemBase, NewsItem, PaperItem, PaperSelection, RepoItem,
    SectionEssay, SectionEssayDecision, SectionName, Storyline,
)
from agent.sources.credits import ARTIFICIAL_ANALYSIS_CREDIT
from agent.writing import baseline

SectionSources = list[list[list[str]]]


def benchmarks_section(rows: list[BenchmarkRow], top: int) -> tuple[SectionEssay, SectionSources]:
    """The leaderboard tables with their movers, credited as the data's terms require."""
    return baseline.benchmarks_section(rows, top, ARTIFICIAL_ANALYSIS_CREDIT)
"""Baseline prose: per paragraph, per sentence, [sentence, item id it came from]."""


def write_section(
    section: SectionName, snapshot: DaySnapshot, storylines: list[Storyline],
    ctx: DeskContext, *, note: str | None = None,
) -> tuple[SectionEssay, SectionSources]:
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
        told = baseline.essay_stories(storylines, snapshot.by_id()).item_ids()
        return baseline.news_section(section, news, storylines, cfg, told=told)
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
        return benchmarks_section(rows, cfg.benchmark_rows)
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
