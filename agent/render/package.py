"""The handoff package, written to ``out/<date>/`` (``out/<date>/<thread>/`` for served runs):
draft.md, draft.html, claims.json, sources.json, review.json, run.json, and final.md /
final.html once approved. ``HandoffWriter`` is the package writer the graph's nodes call through
their context; it returns what it wrote so a client of the server can read the package."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

from agent.context import DeskContext
from agent.errors import OutputError
from agent.files import to_json, write_atomic
from agent.writing.baseline import BASELINE_NOTICE
from agent.render.html import render_html
from agent.render.markdown import render_markdown
from agent.render.view import IssueView
from agent.schemas import (
    ClaimSummary, CritiqueRound, DaySnapshot, EditorDecision, ItemFlag, NodeTiming, Problem,
    ReviewReport, RevisionRecord, RunReport,
)
from agent.state import DeskState, claims_of, dump, essay_of, sections_of, thesis_of

PACKAGE_FILES = ("draft.md", "draft.html", "claims.json", "sources.json", "review.json", "run.json")


def issue_view(state: DeskState, ctx: DeskContext, review: ReviewReport | None) -> IssueView:
    snapshot = ctx.snapshot(state)
    return IssueView(
        date=dt.date.fromisoformat(state["date"]), masthead=ctx.config.editorial.masthead,
        essay=essay_of(state), sections=sections_of(state), items=snapshot.by_id(),
        claims=claims_of(state), review=review,
        baseline_notice=BASELINE_NOTICE if ctx.llm.is_baseline else None,
    )


def build_review(state: DeskState, ctx: DeskContext) -> ReviewReport:
    from agent.claims.ordering import needing_attention, summarize

    claims = claims_of(state)
    rounds = [CritiqueRound.model_validate(r) for r in state.get("critique_rounds", [])]
    summary = summarize(claims)
    snapshot = ctx.snapshot(state)
    flagged = flagged_items(snapshot)
    attention = needing_attention(claims)
    return ReviewReport(
        date=snapshot.date, baseline=ctx.llm.is_baseline, thesis=thesis_of(state),
        lint=rounds[-1].violations if rounds else [], judge=rounds[-1].judge if rounds else None,
        rounds=rounds,
        revisions=[RevisionRecord.model_validate(r) for r in state.get("revisions", [])],
        claims_needing_attention=attention, claim_summary=summary, flagged_items=flagged,
        source_problems=[h for h in snapshot.sources if h.status not in ("ok", "not_modified", "snapshot")],
        problems=[Problem.model_validate(p) for p in state.get("problems", [])],
        open_questions=_open_questions(state, summary, flagged),
        editor_decisions=[EditorDecision.model_validate(d) for d in state.get("editor_decisions", [])],
    )


def flagged_items(snapshot: DaySnapshot) -> list[dict]:
    """Items with flags for review.json, withheld ones first: id, title, flag kinds, whether
    withheld, and each flag's detail with the offending text verbatim (rendered escaped)."""
    withheld = [_flagged(w.id, w.title, w.flags, withheld=True) for w in snapshot.withheld]
    noted = [_flagged(i.id, i.title, i.flags, withheld=False) for i in snapshot.items if i.flags]
    return withheld + noted


def _flagged(item_id: str, title: str, flags: list[ItemFlag], *, withheld: bool) -> dict:
    return {"id": item_id, "title": title, "withheld": withheld,
            "flags": list(dict.fromkeys(f.kind for f in flags)),
            "details": [f.detail for f in flags],
            "original": [f.span for f in flags if f.span],
            "entries": [f.model_dump(mode="json") for f in flags]}


def _open_questions(state: DeskState, summary: ClaimSummary, flagged: list[dict]) -> list[str]:
    questions = []
    if summary.unsupported:
        questions.append(f"{summary.unsupported} claim(s) have no supporting source: cut, "
                         "rephrase or add a source before approving.")
    if any(f["withheld"] for f in flagged):
        questions.append("Some items were withheld from the draft (text that tries to instruct "
                         "the model, impossible numbers or dates outside the issue's window); "
                         "they are listed first in the notes.")
    for record in state.get("revisions", []):
        if record.get("note"):
            questions.append(record["note"])
    return questions


def build_run_report(state: DeskState, ctx: DeskContext, elapsed_s: float) -> RunReport:
    totals = ctx.llm.ledger.totals(ctx.llm.run_id)
    timings: dict[str, NodeTiming] = {}
    for t in state.get("timings", []):
        seen = timings.get(t["node"])
        timings[t["node"]] = NodeTiming(node=t["node"], seconds=round(
            t["seconds"] + (seen.seconds if seen else 0), 4), count=(seen.count + 1 if seen else 1))
    return RunReport(
        date=dt.date.fromisoformat(state["date"]), thread_id=ctx.llm.run_id,
        baseline=ctx.llm.is_baseline, models=ctx.llm.describe(), llm_calls=totals.calls,
        input_tokens=totals.input_tokens, output_tokens=totals.output_tokens,
        cache_read_tokens=totals.cache_read_tokens, cache_write_tokens=totals.cache_write_tokens,
        cost_usd=totals.cost_usd, degradations=list(ctx.llm.degradations),
        node_timings=list(timings.values()), elapsed_s=round(elapsed_s, 3),
        versions=_versions(), snapshot_sha256=state.get("snapshot_id"),
    )


def _versions() -> dict[str, str]:
    names = ("inference-desk", "langgraph", "anthropic", "openai", "pydantic")
    found = {}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


class HandoffWriter:
    """The package writer of ``agent.context.PackageWriter``."""

    def write_draft(self, state: DeskState, ctx: DeskContext, elapsed_s: float
                    ) -> dict[str, str]:
        target = ctx.package_dir(state["date"])
        review = build_review(state, ctx)
        view = issue_view(state, ctx, review)
        snapshot = ctx.snapshot(state)
        files = {
            "draft.md": render_markdown(view, editor_notes=True),
            "draft.html": render_html(view, editor_notes=True),
            "claims.json": to_json({"date": state["date"], "claims": state.get("claims", [])}),
            "sources.json": to_json({"snapshot": dump(snapshot),
                                     "health": [dump(h) for h in snapshot.sources]}),
            "review.json": to_json(dump(review)),
            "run.json": to_json(dump(build_run_report(state, ctx, elapsed_s))),
        }
        write_files(target, files)
        return files

    def write_final(self, state: DeskState, ctx: DeskContext) -> dict[str, str]:
        target = ctx.package_dir(state["date"])
        view = issue_view(state, ctx, None)
        files = {"final.md": render_markdown(view, editor_notes=False),
                 "final.html": render_html(view, editor_notes=False)}
        write_files(target, files)
        return files


def write_files(target: Path, files: dict[str, str]) -> None:
    with writable(target):
        for name, text in files.items():
            write_atomic(target / name, text)


@contextmanager
def writable(target: Path) -> Iterator[None]:
    """An unwritable output directory (permissions, a full disk, a file in the way) becomes an
    ``OutputError`` naming it; the node fails, so the run stays at its last checkpoint."""
    try:
        yield
    except OSError as error:
        where = error.filename or target
        raise OutputError(f"cannot write the package to {where}: "
                          f"{error.strerror or type(error).__name__}") from error
