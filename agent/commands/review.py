"""``desk review D``: resume the paused run with the editor's typed decision."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from langgraph.types import Command
from rich.console import Console

from agent.commands.output import Progress, print_summary
from agent.errors import DeskError, LLMError, OutputError, RunStateError, UsageError
from agent.paths import data_dir as resolve_data_dir, out_dir as resolve_out_dir
from agent.schemas import EditorDecision
from agent.session import DeskSession
from agent.clock import parse_date

console = Console(stderr=True)


def read_edit(path: Path) -> list[str]:
    from agent.rubric.lints import parse_essay_text

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DeskError(f"cannot read the edited essay {path}: {error}") from None
    paragraphs, _byline = parse_essay_text(text)
    if not paragraphs:
        raise DeskError(f"the edited essay {path} is empty")
    return paragraphs


def make_decision(*, approve: bool, notes: str | None, edit: Path | None, editor: str) -> EditorDecision:
    if sum((approve, notes is not None, edit is not None)) != 1:
        raise UsageError("choose exactly one of --approve, --notes TEXT and --edit FILE")
    now = dt.datetime.now(dt.UTC)
    if approve:
        return EditorDecision(type="accept", editor=editor, at=now)
    if notes is not None:
        if not notes.strip():
            raise UsageError("--notes needs some text")
        return EditorDecision(type="response", notes=notes, args=notes, editor=editor, at=now)
    assert edit is not None
    return EditorDecision(type="edit", edited_paragraphs=read_edit(edit), editor=editor, at=now)


def apply_decision(session: DeskSession, decision: EditorDecision,
                   expect_version: int | None = None) -> None:
    """Store the decision, check nobody answered this draft first, then resume the graph.

    New section versions are stored after the graph stops, even when it failed part-way (an
    edit is in the checkpoint before the critique runs); at approval the final text of each
    prose section is compared with its first draft for ``desk learn``.
    """
    from agent.editor.apply import claim_draft
    from agent.editor.edits import record_approval, record_edit
    from agent.editor.versions import record_versions

    payload = decision.model_dump(mode="json")
    action = claim_draft(session, payload, expect_version)  # stored before anything acts on it
    action_id = action.id
    if decision.type == "edit":
        record_edit(session, action.values, decision)
    try:
        session.run(Command(resume=payload))
    except (LLMError, OutputError) as error:
        session.store.mark_action(action_id, "failed", str(error))
        record_versions(session, update_origin="review", editor=decision.editor)
        raise RunStateError(f"your decision is saved (action #{action_id}) but applying it "
                            f"stopped: {error}. Run `desk draft --date {session.date}` to "
                            "resume it.") from error
    except BaseException as error:
        session.store.mark_action(action_id, "failed", f"{type(error).__name__}: {error}")
        record_versions(session, update_origin="review", editor=decision.editor)
        raise
    session.store.mark_action(action_id, "applied")
    record_versions(session, update_origin="review", editor=decision.editor)
    if decision.type == "accept":
        record_approval(session, decision.editor)


def review_command(*, date: str, approve: bool, notes: str | None, edit: Path | None,
                   out: Path | None, data_dir: Path | None, editor: str,
                   expect_version: int | None) -> int:
    day = parse_date(date).isoformat()
    decision = make_decision(approve=approve, notes=notes, edit=edit, editor=editor)
    started = time.perf_counter()
    with DeskSession(date=day, data_dir=resolve_data_dir(data_dir), out_dir=resolve_out_dir(out),
                     progress=Progress(console), create=False) as session:
        apply_decision(session, decision, expect_version)
        print_summary(console, session, elapsed=time.perf_counter() - started)
    return 0
