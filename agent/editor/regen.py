"""``desk regen``: regenerate one section of the paused draft from the run's saved evidence.

Nothing is gathered again: the snapshot, storylines and sections come from the checkpoint. The
new section is written with the functions the nodes use (``write_section``, ``choose_thesis``,
``llm_essay``, the baseline planner), its claims are re-extracted and re-verified (and for the
essay the rubric's lints re-run), and only that section changes in state and in draft.md. With the
baseline writer the alternative is a different selection from the evidence
(``agent.writing.alternatives``), and when none exists the editor is told and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, cast

from pydantic import BaseModel

from agent.context import DeskContext
from agent.writing import alternatives
from agent.editor.apply import (
    NoChangeError, Update, apply_update, editor_action, staged,
)
from agent.editor.recheck import essay_round, recheck_claims
from agent.errors import DeskError, UsageError
from agent.writing import baseline
from agent.state import dump, essay_of, sections_of, snapshot_of, storylines_of, thesis_of
from agent.schemas import (
    SECTION_NAMES, BenchmarkRow, ClaimSummary, LeadEssay, LintViolation, NewsItem, PaperItem,
    RepoItem, SectionEssay, SectionName, Thesis,
)
from agent.state import DeskState
from agent.persistence.runs import SectionVersion

if TYPE_CHECKING:
    from agent.session import DeskSession

TargetName = Literal["essay", "thesis", "wire", "labs", "papers", "benchmarks", "trending"]
TARGETS: tuple[str, ...] = ("essay", "thesis", *SECTION_NAMES)
_PARAGRAPH = re.compile(r"essay\.p(\d+)")


class RegenTarget(BaseModel, frozen=True):
    name: TargetName
    paragraph: int | None = None
    """0-based paragraph of the essay for ``essay.pN``."""

    @classmethod
    def parse(cls, text: str) -> RegenTarget:
        match = _PARAGRAPH.fullmatch(text.strip())
        if match and int(match.group(1)) >= 1:
            return cls(name="essay", paragraph=int(match.group(1)) - 1)
        if text.strip() in TARGETS:
            return cls.model_validate({"name": text.strip()})
        raise UsageError(f"unknown section {text!r}: choose essay, essay.pN (N from 1), thesis, "
                         "wire, labs, papers, benchmarks or trending")

    @property
    def label(self) -> str:
        return self.name if self.paragraph is None else f"essay.p{self.paragraph + 1}"


class VersionRef(BaseModel):
    section: str
    version: int
    origin: str


class RegenOutcome(BaseModel):
    date: str
    target: str
    draft_version: int
    explanation: str
    notices: list[str]
    versions: list[VersionRef]
    lint: list[LintViolation] | None
    """The essay's lint results when the essay changed, else None."""
    claims: ClaimSummary
    """Claims of the regenerated sections."""


@dataclass
class Change:
    update: Update
    explanation: str
    notices: list[str] = field(default_factory=list)


def regenerate(session: DeskSession, target: RegenTarget, *, note: str | None, editor: str,
               expect_version: int | None = None) -> RegenOutcome:
    request = {"type": "regen", "section": target.label, "note": note, "editor": editor,
               "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    with editor_action(session, request, expect_version) as action:  # the note is stored first
        check_target(target, action.values)
        history = session.store.versions(session.thread_id, target.name)
        change = propose(target, action.values, session.context, note=note, history=history)
        versions = apply_update(session, action, change.update, origin=f"regen {target.label}",
                                editor=editor)
    return _outcome(session, target, change, versions)


def check_target(target: RegenTarget, values: DeskState) -> None:
    if target.paragraph is not None:
        count = len(values["essay"]["paragraphs"])
        if target.paragraph >= count:
            raise UsageError(f"the essay has {count} paragraph(s): use essay.p1 to essay.p{count}")
    if target.name in SECTION_NAMES and target.name not in values.get("sections", {}):
        raise UsageError(f"the draft has no {target.name} section")


def propose(target: RegenTarget, values: DeskState, ctx: DeskContext, *, note: str | None,
            history: list[SectionVersion]) -> Change:
    """The regenerated section as a state update, or NoChangeError."""
    attempt = len(history) + 1
    if target.name == "essay":
        return essay_change(values, ctx, target.paragraph, note, attempt)
    if target.name == "thesis":
        return thesis_change(values, ctx, note, history, attempt)
    return section_change(target.name, values, ctx, note, history, attempt)


# -- sections ----------------------------------------------------------------------------------


def section_change(name: SectionName, values: DeskState, ctx: DeskContext, note: str | None,
                   history: list[SectionVersion], attempt: int) -> Change:
    current = sections_of(values)[name]
    shown = {i for v in history for i in v.content.get("item_ids", [])} | set(current.item_ids)
    new, sources, explanation = _new_section(name, values, ctx, note, shown, attempt)
    if dump(new.model_copy(update={"version": current.version})) == dump(current):
        raise NoChangeError(f"regenerating {name} gave the same section; nothing new was stored")
    new = new.model_copy(update={"version": current.version + 1})
    update: Update = {"sections": {name: dump(new)}, "section_sources": {name: sources}}
    update |= recheck_claims(staged(values, update), {name}, ctx)
    return Change(update=update, explanation=explanation,
                  notices=_essay_follows(values, current, new))


NewSection = tuple[SectionEssay, list[list[list[str]]], str]
"""The section, its sentence -> item provenance (baseline prose), and what was done."""


def _new_section(name: SectionName, values: DeskState, ctx: DeskContext, note: str | None,
                 shown: set[str], attempt: int) -> NewSection:
    if name in ("wire", "labs", "papers") and ctx.llm.has("writer"):
        return _rewritten(name, values, ctx, note, attempt)
    if name in ("wire", "labs"):
        return _next_stories(name, values, ctx, note, shown)
    if name == "papers":
        return _next_papers(values, ctx, note, shown)
    if name == "trending":
        return _next_repos(values, ctx, shown)
    return _rebuilt_benchmarks(values, ctx)


def _rewritten(name: SectionName, values: DeskState, ctx: DeskContext, note: str | None,
               attempt: int) -> NewSection:
    from agent.nodes.desks import write_section

    current = sections_of(values)[name]
    section, sources = write_section(name, snapshot_of(values), storylines_of(values), ctx,
                                     note=alternative_note(note, attempt, _describe(current)))
    done = f"{name} rewritten by {ctx.llm.model_id('writer')}"
    return section, sources, done + (" following your note" if note else "")


def _next_stories(name: SectionName, values: DeskState, ctx: DeskContext, note: str | None,
                  shown: set[str]) -> NewSection:
    kind = "wire" if name == "wire" else "lab"
    news = [i for i in snapshot_of(values).items if isinstance(i, NewsItem) and i.kind == kind]
    found = alternatives.next_news_section(name, news, storylines_of(values), shown,
                                           ctx.config.editorial)
    if found is None:
        raise NoChangeError(_exhausted(name, f"every storyline with {kind} items"))
    section, sources = found
    return section, sources, _baseline_says(
        f"this version covers the next {len(section.item_ids)} storylines down today's ranking; "
        "items shown in earlier versions are left out", note)


def _next_papers(values: DeskState, ctx: DeskContext, note: str | None,
                 shown: set[str]) -> NewSection:
    snapshot = snapshot_of(values)
    papers = [i for i in snapshot.items if isinstance(i, PaperItem)]
    picked = alternatives.next_papers(papers, storylines_of(values), snapshot.by_id(), shown,
                                      ctx.config.editorial.papers_per_issue)
    if picked is None:
        raise NoChangeError(_exhausted("papers", "every paper of the day"))
    return picked, [], _baseline_says(
        f"these are the next-best {len(picked.item_ids)} papers by fit with today's storylines, "
        f"excluding the {len(shown)} shown before", note)


def _next_repos(values: DeskState, ctx: DeskContext, shown: set[str]) -> NewSection:
    repos = [i for i in snapshot_of(values).items if isinstance(i, RepoItem)]
    picked = alternatives.next_repos(repos, shown, ctx.config.editorial.trending_repos)
    if picked is None:
        raise NoChangeError(_exhausted("trending", "every trending repository of the day"))
    return picked, [], (f"the next {len(picked.item_ids)} trending repositories by stars today, "
                        f"excluding the {len(shown)} shown before")


def _rebuilt_benchmarks(values: DeskState, ctx: DeskContext) -> NewSection:
    from agent.sources.artificial_analysis import ATTRIBUTION

    rows = [i for i in snapshot_of(values).items if isinstance(i, BenchmarkRow)]
    rebuilt, provenance = baseline.benchmarks_section(rows, ctx.config.editorial.benchmark_rows,
                                                      ATTRIBUTION)
    if rebuilt.item_ids == sections_of(values)["benchmarks"].item_ids:
        raise NoChangeError("no alternative for benchmarks: they are the day's leaderboard tables "
                            "from the saved snapshot, and rebuilding them gives the same rows; "
                            "nothing new was stored")
    return rebuilt, provenance, "benchmarks rebuilt from the saved leaderboards"


def _essay_follows(values: DeskState, old: SectionEssay, new: SectionEssay) -> list[str]:
    """Essay paragraphs that cite an item the regenerated section no longer shows."""
    dropped = set(old.item_ids) - set(new.item_ids)
    seen: set[tuple[int, str]] = set()
    for claim in values.get("claims", []):
        for source in claim["sources"] if claim["section"] == "essay" else []:
            if source["item_id"] in dropped:
                seen.add((claim["paragraph"], source["item_id"]))
    return [f"essay ¶{p + 1} cites {item}, which this {new.section} version no longer shows; "
            f"regenerate essay.p{p + 1} if the essay should follow" for p, item in sorted(seen)]


# -- thesis and essay --------------------------------------------------------------------------


def thesis_change(values: DeskState, ctx: DeskContext, note: str | None,
                  history: list[SectionVersion], attempt: int) -> Change:
    current = thesis_of(values)
    assert current is not None, "a paused run has a thesis"
    if ctx.llm.has("writer"):
        from agent.nodes.thesis import choose_thesis

        what = f'thesis "{current.chosen.statement}"'
        new = choose_thesis(values, ctx, note=alternative_note(note, attempt, what))
        explanation = f"thesis re-chosen from new candidates by {ctx.llm.model_id('writer')}"
    else:
        shown = {Thesis.model_validate(v.content).chosen.statement for v in history}
        found = alternatives.next_thesis(current, shown | {current.chosen.statement})
        if found is None:
            raise NoChangeError(_exhausted("thesis", "every thesis candidate"))
        new = found
        explanation = _baseline_says(f"candidate #{new.chosen_index + 1} is the best-scoring "
                                     "thesis candidate not shown before", note)
    with_thesis = staged(values, {"thesis": dump(new)})
    essay, plan = _redraft(with_thesis, ctx, note)
    return Change(update=_essay_update(with_thesis, essay, plan, ctx, {"thesis": dump(new)}),
                  explanation=explanation + "; the essay was re-drafted from it")


def essay_change(values: DeskState, ctx: DeskContext, paragraph: int | None,
                 note: str | None, attempt: int) -> Change:
    current = essay_of(values)
    if ctx.llm.has("writer"):
        if paragraph is None:
            essay, _ = _redraft(values, ctx, alternative_note(note, attempt, "lead essay"))
        else:
            essay = _llm_paragraph(values, ctx, current, paragraph, note, attempt)
        where = "the essay" if paragraph is None else f"paragraph {paragraph + 1}"
        return Change(update=_essay_update(values, essay, None, ctx, {}),
                      explanation=f"{where} rewritten by {ctx.llm.model_id('writer')}"
                                  + (" following your note" if note else ""))
    essay, plan, swapped = _baseline_essay(values, ctx, current, paragraph)
    places = ", ".join(f"¶{n + 1}" for n in swapped)
    return Change(update=_essay_update(values, essay, plan, ctx, {}),
                  explanation=_baseline_says(
                      f"{places}: the walk paragraphs move on to the next stories of their "
                      "section (framing sentence re-planned), the thesis paragraph swaps in "
                      "unused sentences the planner kept in reserve; the replaced sentences "
                      "went back to the reserve", note))


def _redraft(values: DeskState, ctx: DeskContext,
             note: str | None) -> tuple[LeadEssay, dict[str, Any] | None]:
    from agent.nodes.draft import baseline_plan, llm_essay, plan_to_state

    version = essay_of(values).version + 1
    if ctx.llm.has("writer"):
        essay = llm_essay(values, ctx, note=note)
        return essay.model_copy(update={"version": version}), None
    plan = baseline_plan(values, ctx)
    return baseline.essay_from_plan(plan, ctx.config.editorial, version), plan_to_state(plan)


def _llm_paragraph(values: DeskState, ctx: DeskContext, current: LeadEssay, n: int,
                   note: str | None, attempt: int) -> LeadEssay:
    from agent.nodes.revise import llm_revision

    targets = [f"Paragraph {n + 1} must be rewritten: the editor asked for an alternative version "
               f"of it (alternative #{attempt}). Change only paragraph {n + 1}; return every "
               "other paragraph word for word."]
    if note:
        targets.append(f"Editor's note for paragraph {n + 1}: {note}")
    candidate = llm_revision(values, ctx, current, targets)
    if len(candidate.paragraphs) <= n:
        raise DeskError(f"the writer returned {len(candidate.paragraphs)} paragraph(s), so "
                        f"paragraph {n + 1} could not be replaced; nothing was stored")
    paragraphs = list(current.paragraphs)
    paragraphs[n] = candidate.paragraphs[n]
    if paragraphs == current.paragraphs:
        raise NoChangeError(f"the writer returned paragraph {n + 1} unchanged; nothing new was "
                            "stored")
    return current.model_copy(update={"paragraphs": paragraphs, "version": current.version + 1,
                                      "generated_by": ctx.llm.model_id("writer")})


def _baseline_essay(values: DeskState, ctx: DeskContext, current: LeadEssay,
                    paragraph: int | None) -> tuple[LeadEssay, dict[str, Any], list[int]]:
    from agent.nodes.draft import plan_from_state, plan_to_state

    plan_state = values.get("essay_plan")
    if not plan_state:
        raise NoChangeError("no alternative: the current essay was not built by the baseline "
                            "planner (an editor's text or a restored model draft), so there are no "
                            "reserve sentences for it; `desk restore` brings back an earlier "
                            "version; nothing new was stored")
    plan = plan_from_state(plan_state)
    thesis = thesis_of(values)
    assert thesis is not None, "a drafted essay has a thesis"
    evidence = alternatives.Evidence(thesis=thesis.chosen, storylines=storylines_of(values),
                                     items=snapshot_of(values).by_id(),
                                     sections=sections_of(values))
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
        raise NoChangeError(f"no alternative for {where}: the baseline planner kept no unused "
                            "sentences for it; nothing new was stored")
    essay = current.model_copy(update={"paragraphs": paragraphs, "version": current.version + 1})
    return essay, plan_to_state(plan), swapped


def _essay_update(values: DeskState, essay: LeadEssay, plan: dict[str, Any] | None,
                  ctx: DeskContext, extra: Update) -> Update:
    """The essay, its plan, a critique round with its lints, and its claims re-checked."""
    update: Update = {**extra, "essay": dump(essay), "essay_plan": plan}
    after = staged(values, update)
    return {**update, "critique_rounds": [essay_round(after, essay, ctx)],
            **recheck_claims(after, {"essay"}, ctx)}


# -- wording -----------------------------------------------------------------------------------


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


def _outcome(session: DeskSession, target: RegenTarget, change: Change,
             versions: list[SectionVersion]) -> RegenOutcome:
    from agent.claims.ordering import summarize
    from agent.state import claims_of

    values = cast(DeskState, session.state().values)
    changed = {v.section for v in versions}
    claim_sections = {"essay"} if changed & {"essay", "thesis"} else set()
    claim_sections |= changed & set(SECTION_NAMES)
    lint = None
    if "essay" in changed:
        last = values["critique_rounds"][-1]
        lint = [LintViolation.model_validate(v) for v in last["violations"]]
    return RegenOutcome(
        date=session.date, target=target.label, draft_version=values["draft_version"],
        explanation=change.explanation, notices=change.notices,
        versions=[VersionRef(section=v.section, version=v.version, origin=v.origin)
                  for v in versions],
        lint=lint,
        claims=summarize([c for c in claims_of(values) if c.section in claim_sections]),
    )
