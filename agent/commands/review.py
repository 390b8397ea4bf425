"""``desk review D``: answer the paused draft with the editor's decision (approve, notes or an
edited essay); ``agent.editor.actions`` stores it and resumes the graph with it."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from rich.console import Console

from agent.clock import parse_date
from agent.commands.output import Progress, print_recovered, print_summary
from agent.editor.actions import accepted_claims, decide, editor_session
from agent.errors import DeskError, UsageError
from agent.paths import data_dir as resolve_data_dir, out_dir as resolve_out_dir
from agent.render.markdown import essay_of_issue
from agent.rubric.lints import parse_essay_text
from agent.schemas import EditorDecision

console = Console(stderr=True)


def read_edit(path: Path) -> list[str]:
    """The editor's essay: paragraphs separated by blank lines, an optional by-line last; the
    package's own draft.md or final.md works too (its essay is taken, the rest ignored)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DeskError(f"cannot read the edited essay {path}: {error}") from None
    paragraphs, _byline = parse_essay_text(essay_of_issue(text))
    if not paragraphs:
        raise DeskError(f"the edited essay {path} is empty")
    return paragraphs


def make_decision(*, approve: bool, notes: str | None, edit: Path | None,
                  editor: str) -> EditorDecision:
    if sum((approve, notes is not None, edit is not None)) != 1:
        raise UsageError("choose exactly one of --approve, --notes TEXT and --edit FILE")
    now = dt.datetime.now(dt.UTC)
    if approve:
        return EditorDecision(type="accept", editor=editor, at=now)
    if notes is not None:
        if not notes.strip():
            raise UsageError("--notes needs some text")
        return EditorDecision(type="response", notes=notes, editor=editor, at=now)
    assert edit is not None
    return EditorDecision(type="edit", edited_paragraphs=read_edit(edit), editor=editor, at=now)


def review_command(*, date: str, approve: bool, notes: str | None, edit: Path | None,
                   out: Path | None, data_dir: Path | None, editor: str,
                   expect_version: int | None, accept_unsupported: bool = False) -> int:
    day = parse_date(date).isoformat()
    decision = make_decision(approve=approve, notes=notes, edit=edit, editor=editor)
    if accept_unsupported and not approve:
        raise UsageError("--accept-unsupported goes with --approve")
    started = time.perf_counter()
    with editor_session(date=day, data_dir=resolve_data_dir(data_dir),
                        out_dir=resolve_out_dir(out), decision=decision, command="desk review",
                        progress=Progress(console)) as session:
        if accept_unsupported:
            accepted = accepted_claims(session)
            decision = decision.model_copy(update={"accept_unsupported": accepted})
            if accepted:
                console.print(f"[yellow]publishing {len(accepted)} claim(s) you accepted as "
                              f"they are: {', '.join(accepted)}[/yellow]", highlight=False)
        result = decide(session, decision, expect_version=expect_version)
        print_recovered(console, result)
        print_summary(console, session, elapsed=time.perf_counter() - started)
    return 0
