"""Reworking one section of a paused draft at the editor's request: ``regen`` (a new version of
``essay``, ``essay.pN``, ``thesis``, ``wire``, ``labs``, ``papers``, ``benchmarks`` or
``trending``) and ``restore`` (an earlier version back, exactly).

Nothing is gathered again: everything comes from the run's state. With a writer model a section
is rewritten (the editor's note and "do not repeat the current one" in the prompt); with the
baseline writer an alternative is a different *selection* from the evidence
(``agent.writing.alternatives``), and when none exists the editor is told and nothing changes.
The result is a partial state update plus what changed; the rework node returns it and the graph
re-checks the changed sections' claims (and the essay's lints) before the next draft.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from agent.context import DeskContext
from agent.errors import DeskError, UsageError
from agent.schemas import (
    SECTION_NAMES, TRACKED_SECTIONS, BenchmarkRow, LeadEssay, NewsItem, PaperItem, RepoItem,
    SectionEssay, SectionName, SectionVersionRecord, Thesis,
)
from agent.state import (
    DeskState, dump, essay_of, sections_of, storylines_of, thesis_of, versions_of,
)
from agent.writing import alternatives
from agent.writing.essay import llm_revision, plan_from_state, plan_to_state, redraft
from agent.writing.sections import benchmarks_section

TargetName = Literal["essay", "thesis", "wire", "labs", "papers", "benchmarks", "trending"]
_PARAGRAPH = re.compile(r"essay\.p(\d+)")
Update = dict[str, Any]


class NoChange(DeskError):
    """The regen or restore would not change the draft; the message says why."""


class RegenTarget(BaseModel, frozen=True):
    name: TargetName
    paragraph: int | None = None
    """0-based paragraph of the essay for ``essay.pN``."""

    @classmethod
    def parse(cls, text: str) -> RegenTarget:
        match = _PARAGRAPH.fullmatch(text.strip())
        if match and int(match.group(1)) >= 1:
            return cls(name="essay", paragraph=int(match.group(1)) - 1)
        if text.strip() in TRACKED_SECTIONS:
            return cls.model_validate({"name": text.strip()})
        raise UsageError(f"unknown section {text!r}: choose essay, essay.pN (N from 1), thesis, "
                         "wire, labs, papers, benchmarks or trending")

    @property
    def label(self) -> str:
        return self.name if self.paragraph is None else f"essay.p{self.paragraph + 1}"

    def check(self, state: DeskState) -> None:
        """A UsageError when the draft has no such section or paragraph."""
        if self.paragraph is not None:
            count = len(state["essay"]["paragraphs"])
            if self.paragraph >= count:
                raise UsageError(f"the essay has {count} paragraph(s): use essay.p1 to "
                                 f"essay.p{count}")
        if self.name in SECTION_NAMES and self.name not in state.get("sections", {}):
            raise UsageError(f"the draft has no {self.name} section")


@dataclass
class Change:
    update: Update
    changed: list[str]
    """Tracked sections with new content."""
    explanation: str
    notices: list[str] = field(default_factory=list)


# -- regen --------------------------------------------------------------------------------------


def regen(target: RegenTarget, state: DeskState, ctx: DeskContext, note: str | None) -> Change:
    history = versions_of(state, target.name)
    attempt = len(history) + 1
    if target.name == "essay":
        return _essay(state, ctx, target.paragraph, note, attempt)
    if target.name == "thesis":
        return _thesis(state, ctx, note, history, attempt)
    return _section(target.name, state, ctx, note, history, attempt)


def _section(name: SectionName, state: DeskState, ctx: DeskContext, note: str | None,
             history: list[SectionVersionRecord], attempt: int) -> Change:
    current = sections_of(state)[name]
    shown = {i for v in history for i in v.content.get("item_ids", [])} | set(current.item_ids)
    new, sources, explanation = _new_section(name, state, ctx, note, shown, attempt)
    if dump(new.model_copy(update={"version": current.version})) == dump(current):
        raise NoChange(f"regenerating {name} gave the same section; nothing new was stored")
    new = new.model_copy(update={"version": current.version + 1})
    return Change(update={"sections": {name: dump(new)}, "section_sources": {name: sources}},
                  changed=[name], explanation=explanation,
                  notices=essay_follows(state, current, new))


NewSection = tuple[SectionEssay, list[list[list[str]]], str]
"""The section, its sentence -> item provenance (baseline prose), and what was done."""


def _new_section(name: SectionName, state: DeskState, ctx: DeskContext, note: str | None,
                 shown: set[str], attempt: int) -> NewSection:
    if name in ("wire", "labs", "papers") and ctx.llm.has("writer"):
        return _rewritten(name, state, ctx, note, attempt)
    if name in ("wire", "labs"):
        return _next_stories(name, state, ctx, note, shown)
    if name == "papers":
        return _next_papers(state, ctx, note, shown)
    if name == "trending":
        return _next_repos(state, ctx, shown)
    return _rebuilt_benchmarks(state, ctx)


def _rewritten(name: SectionName, state: DeskState, ctx: DeskContext, note: str | None,
               attempt: int) -> NewSection:
    from agent.writing.sections import write_section

    current = sections_of(state)[name]
    section, sources = write_section(name, ctx.snapshot(state), storylines_of(state), ctx,
                                     note=alternative_note(note, attempt, _describe(current)))
    done = f"{name} rewritten by {ctx.llm.model_id('writer')}"
    return section, sources, done + (" following your note" if note else "")


def _next_stories(name: SectionName, state: DeskState, ctx: DeskContext, note: str | None,
                  shown: set[str]) -> NewSection:
    kind = "wire" if name == "wire" else "lab"
    news = [i for i in ctx.snapshot(state).items if isinstance(i, NewsItem) and i.kind == kind]
    found = alternatives.next_news_section(name, news, storylines_of(state), shown,
                                           ctx.config.editorial, told=_told(state))
    if found is None:
        raise NoChange(_exhausted(name, f"every storyline with {kind} items"))
    section, sources = found
    return section, sources, _baseline_says(
        f"this version covers the next {len(section.item_ids)} storylines down today's ranking; "
        "items shown in earlier versions are left out", note)


def _told(state: DeskState) -> set[str]:
    """Items the current lead essay tells (its plan, or its claims' sources)."""
    plan = state.get("essay_plan")
    if plan:
        return {item for paragraph in plan["paragraphs"] for _, item in paragraph if item}
    return {source["item_id"] for claim in state.get("claims", []) if claim["section"] == "essay"
            for source in claim["sources"]}


def _next_papers(state: DeskState, ctx: DeskContext, note: str | None,
                 shown: set[str]) -> NewSection:
    snapshot = ctx.snapshot(state)
    papers = [i for i in snapshot.items if isinstance(i, PaperItem)]
    picked = alternatives.next_papers(papers, storylines_of(state), snapshot.by_id(), shown,
                                      ctx.config.editorial.papers_per_issue)
    if picked is None:
        raise NoChange(_exhausted("papers", "every paper of the day"))
    return picked, [], _baseline_says(
        f"these are the next-best {len(picked.item_ids)} papers by fit with today's storylines, "
        f"excluding the {len(shown)} shown before", note)


def _next_repos(state: DeskState, ctx: DeskContext, shown: set[str]) -> NewSection:
    repos = [i for i in ctx.snapshot(state).items if isinstance(i, RepoItem)]
    picked = alternatives.next_repos(repos, shown, ctx.config.editorial.trending_repos)
    if picked is None:
        raise NoChange(_exhausted("trending", "every trending repository of the day"))
    return picked, [], (f"the next {len(picked.item_ids)} trending repositories by stars today, "
                        f"excluding the {len(shown)} shown before")


def _rebuilt_benchmarks(state: DeskState, ctx: DeskContext) -> NewSection:
    rows = [i for i in ctx.snapshot(state).items if isinstance(i, BenchmarkRow)]
    rebuilt, provenance = benchmarks_section(rows, ctx.config.editorial.benchmark_rows)
    if rebuilt.item_ids == sections_of(state)["benchmarks"].item_ids:
        raise NoChange("no alternative for benchmarks: they are the day's leaderboard tables "
                       "from the saved snapshot, and rebuilding them gives the same rows; "
                       "nothing new was stored")
    return rebuilt, provenance, "benchmarks rebuilt from the saved leaderboards"


def essay_follows(state: DeskState, old: SectionEssay, new: SectionEssay) -> list[str]:
    """Essay paragraphs that cite an item the new section version no longer shows."""
    dropped = set(old.item_ids) - set(new.item_ids)
    seen: set[tuple[int, str]] = set()
    for claim in state.get("claims", []):
        for source in claim["sources"] if claim["section"] == "essay" else []:
            if source["item_id"] in dropped:
                seen.add((claim["paragraph"], source["item_id"]))
    return [f"essay ¶{p + 1} cites {item}, which this {new.section} version no longer shows; "
            f"regenerate essay.p{p + 1} if the essay should follow" for p, item in sorted(seen)]


# -- thesis and essay ---------------------------------------------------------------------------


def _thesis(state: DeskState, ctx: DeskContext, note: str | None,
            history: list[SectionVersionRecord], attempt: int) -> Change:
    current = thesis_of(state)
    assert current is not None, "a paused run has a thesis"
    if ctx.llm.has("writer"):
        from agent.writing.thesis import choose_thesis

        what = f'thesis "{current.chosen.statement}"'
        new = choose_thesis(state, ctx, note=alternative_note(note, attempt, what))
        explanation = f"thesis re-chosen from new candidates by {ctx.llm.model_id('writer')}"
    else:
        shown = {Thesis.model_validate(v.content).chosen.statement for v in history}
        found = alternatives.next_thesis(current, shown | {current.chosen.statement})
        if found is None:
            raise NoChange(_exhausted("thesis", "every thesis candidate"))
        new = found
        explanation = _baseline_says(f"candidate #{new.chosen_index + 1} is the best-scoring "
                                     "thesis candidate not shown before", note)
    with_thesis: DeskState = {**state, "thesis": dump(new)}  # type: ignore[typeddict-item]
    essay, plan = redraft(with_thesis, ctx, note)
    return Change(update={"thesis": dump(new), "essay": dump(essay), "essay_plan": plan},
                  changed=["thesis", "essay"],
                  explanation=explanation + "; the essay was re-drafted from it",
                  notices=_overwritten_paragraphs(state))


def _overwritten_paragraphs(state: DeskState) -> list[str]:
    """A re-drafted essay replaces paragraphs the editor regenerated one by one: say so."""
    essays = versions_of(state, "essay")
    current = essays[-1].version if essays else 0
    regens = [v for v in essays if v.origin.startswith("regen essay.p")]
    return [f"the re-drafted essay replaces your {v.origin} (essay v{v.version}); "
            f"`desk restore {state['date']} essay {current}` brings the essay as it was back"
            for v in regens[-3:]]


def _essay(state: DeskState, ctx: DeskContext, paragraph: int | None, note: str | None,
           attempt: int) -> Change:
    current = essay_of(state)
    if ctx.llm.has("writer"):
        if paragraph is None:
            essay, _ = redraft(state, ctx, alternative_note(note, attempt, "lead essay"))
        else:
            essay = _llm_paragraph(state, ctx, current, paragraph, note, attempt)
        where = "the essay" if paragraph is None else f"paragraph {paragraph + 1}"
        return Change(update={"essay": dump(essay), "essay_plan": None}, changed=["essay"],
                      explanation=f"{where} rewritten by {ctx.llm.model_id('writer')}"
                                  + (" following your note" if note else ""))
    essay, plan, swapped = _baseline_essay(state, ctx, current, paragraph)
    places = ", ".join(f"¶{n + 1}" for n in swapped)
    return Change(update={"essay": dump(essay), "essay_plan": plan}, changed=["essay"],
                  explanation=_baseline_says(
                      f"{places}: the walk paragraphs move on to the next stories of their "
                      "section (framing sentence re-planned), the thesis paragraph swaps in "
                      "unused sentences the planner kept in reserve; the replaced sentences "
                      "went back to the reserve", note))


def _llm_paragraph(state: DeskState, ctx: DeskContext, current: LeadEssay, n: int,
                   note: str | None, attempt: int) -> LeadEssay:
    targets = [f"Paragraph {n + 1} must be rewritten: the editor asked for an alternative version "
               f"of it (alternative #{attempt}). Change only paragraph {n + 1}; return every "
               "other paragraph word for word."]
    if note:
        targets.append(f"Editor's note for paragraph {n + 1}: {note}")
    candidate = llm_revision(state, ctx, current, targets)
    if len(candidate.paragraphs) <= n:
        raise NoChange(f"the writer returned {len(candidate.paragraphs)} paragraph(s), so "
                       f"paragraph {n + 1} could not be replaced; nothing was stored")
    paragraphs = list(current.paragraphs)
    paragraphs[n] = candidate.paragraphs[n]
    if paragraphs == current.paragraphs:
        raise NoChange(f"the writer returned paragraph {n + 1} unchanged; nothing new was stored")
    return current.model_copy(update={"paragraphs": paragraphs, "version": current.version + 1,
                                      "generated_by": ctx.llm.model_id("writer")})


def _baseline_essay(state: DeskState, ctx: DeskContext, current: LeadEssay,
                    paragraph: int | None) -> tuple[LeadEssay, dict[str, Any], list[int]]:
    plan_state = state.get("essay_plan")
    if not plan_state:
        raise NoChange("no alternative: the current essay was not built by the baseline "
                       "planner (an editor's text or a restored model draft), so there are no "
                       "reserve sentences for it; `desk restore` brings back an earlier "
                       "version; nothing new was stored")
    plan = plan_from_state(plan_state)
    thesis = thesis_of(state)
    assert thesis is not None, "a drafted essay has a thesis"
    evidence = alternatives.Evidence(thesis=thesis.chosen, storylines=storylines_of(state),
                                     items=ctx.snapshot(state).by_id(),
                                     sections=sections_of(state))
    wanted = [paragraph] if paragraph is not None else range(len(current.paragraphs))
    paragraphs, swapped = list(current.paragraphs), []
    for n in wanted:
        index = alternatives.plan_paragraph_index(plan, n)
        changed = (alternatives.alternative_paragraph(plan, index, evidence)
                   if index is not None else None)
        if changed is not None:
            plan, paragraphs[n] = changed, changed.texts()[n]
            swapped.append(n)
    if not swapped:
        where = f"paragraph {paragraph + 1}" if paragraph is not None else "any paragraph"
        raise NoChange(f"no alternative for {where}: the baseline planner kept no unused "
                       "sentences for it; nothing new was stored")
    essay = current.model_copy(update={"paragraphs": paragraphs, "version": current.version + 1})
    return essay, plan_to_state(plan), swapped


# -- restore ------------------------------------------------------------------------------------


def restore(section: str, number: int, state: DeskState) -> Change:
    """Version ``number`` of ``section`` back exactly, with the provenance its claims rely on."""
    found = [v for v in versions_of(state, section) if v.version == number]
    if not found:
        raise NoChange(f"{section} has no version {number}; `desk history {state['date']} "
                       f"--section {section}` lists them")
    stored = found[0]
    if _current(state, section) == stored.content:
        raise NoChange(f"v{number} of {section} is already the current {section}; nothing new "
                       "was stored")
    if section == "thesis":
        return Change(update={"thesis": stored.content}, changed=["thesis"],
                      explanation=f"thesis v{number} restored",
                      notices=["the essay was not re-drafted: restore or regenerate the essay "
                               "too if it should follow this thesis"])
    if section == "essay":
        return Change(update={"essay": stored.content, "essay_plan": stored.provenance},
                      changed=["essay"], explanation=f"essay v{number} restored")
    old = sections_of(state)[section]
    new = SectionEssay.model_validate(stored.content)
    return Change(update={"sections": {section: stored.content},
                          "section_sources": {section: stored.provenance or []}},
                  changed=[section], explanation=f"{section} v{number} restored",
                  notices=essay_follows(state, old, new))


def _current(state: DeskState, section: str) -> dict[str, Any] | None:
    if section in ("thesis", "essay"):
        return state.get(section)  # type: ignore[return-value]
    return state.get("sections", {}).get(section)


# -- wording -------------------------------------------------------------------------------------


def alternative_note(note: str | None, attempt: int, current: str) -> str:
    """The note the writer sees: the editor's words, and that this is a request for a change."""
    ask = (f"The editor asked for an alternative to the current {current} (alternative "
           f"#{attempt}); do not repeat it.")
    return f"{note.strip()}\n{ask}" if note and note.strip() else ask


def _describe(section: SectionEssay) -> str:
    if section.paragraphs:
        return f'{section.section} paragraph: "{section.paragraphs[0]}"'
    return f"{section.section} selection ({', '.join(section.item_ids)})"


def _baseline_says(what: str, note: str | None) -> str:
    text = f"baseline writer (no model key): it cannot rewrite prose, so {what}"
    if note:
        text += ". Your note is stored with the request, but the baseline cannot follow free text"
    return text


def _exhausted(name: str, what: str) -> str:
    return (f"no alternative for {name}: {what} has already been shown in an earlier version. "
            f"`desk history` lists the versions and `desk restore` brings one back; nothing new "
            "was stored")


def changed_sections(changes: Sequence[str]) -> list[str]:
    """Sections whose claims must be re-checked after ``changes`` (a thesis lives in the essay)."""
    sections = {"essay" if c == "thesis" else c for c in changes}
    return [s for s in ("essay", *SECTION_NAMES) if s in sections]
