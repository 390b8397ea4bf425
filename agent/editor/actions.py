"""Every editor action, from the CLI or the review page: store the decision, then give it to the
paused graph as its resume value (``Command(resume=EditorDecision)``). The graph does the rest:
publish, revise, re-check an edit, rework one section, or ask again when it cannot act.

The decision is stored in the action log *before* anything acts on it (nothing an editor wrote is
lost), with an id the graph keeps in its state; a decision whose process died is found by the
next command on the date and completed or rolled back (``agent.editor.recovery``). The caller's
session holds the date's lock, so two editors never act on one draft at once.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from langgraph.types import StateSnapshot
from pydantic import BaseModel

from agent.claims.approval import approval_blockers, describe, uncovered
from agent.claims.ordering import summarize
from agent.crashpoints import crash_point
from agent.editor.edits import edit_record
from agent.editor.recovery import recover, unreported
from agent.editor.resume import ActionResult, resume
from agent.errors import (
    ApprovalRefusedError, CheckpointError, ConflictError, DateBusyError, DeskError,
)
from agent.persistence import open_run_store
from agent.persistence.runs import ActionStatus, NewEdit
from agent.schemas import ClaimSummary, EditorDecision, LintViolation
from agent.session import DeskSession, unfinished
from agent.state import claims_of, draft_version_of, versions_of
from agent.writing.rework import RegenTarget, changed_sections


def decide(session: DeskSession, decision: EditorDecision, *,
           expect_version: int | None = None) -> ActionResult:
    """Apply ``decision`` to the paused draft (see the module docstring)."""
    seen = draft_version_of(session.state().values)
    recover(session)
    earlier = unreported(session, decision)
    if earlier is not None:  # the same command, run again after a crash: done; not twice
        return earlier
    snapshot = session.state()
    values, version = snapshot.values, draft_version_of(snapshot.values)
    if expect_version is None and version != seen:
        expect_version = seen  # recovery moved the draft on: the editor has not seen it yet
    decision = decision.model_copy(update={
        "id": f"{session.thread_id}:{uuid.uuid4().hex[:12]}",
        "draft_version": version if expect_version is None else expect_version,
        "at": decision.at or dt.datetime.now(dt.UTC)})
    _check_can_act(session, decision, snapshot, version, expect_version)
    edits = [edit_record(values, decision)] if decision.type == "edit" else []
    action_id = _store(session, decision, version, "applying", edits=edits)
    crash_point("action-stored")
    return resume(session, action_id, decision)


def _check_can_act(session: DeskSession, decision: EditorDecision, snapshot: StateSnapshot,
                   version: int, expect_version: int | None) -> None:
    """Store and refuse a decision the paused draft cannot take; say why in one line."""
    values = snapshot.values
    if "editor_review" not in snapshot.next:
        status = values.get("status", "not started")
        action_id = _store(session, decision, version, "conflict", f"run {status}")
        todo = unfinished(snapshot)
        where = (f"stopped before {', '.join(todo)}: finish it with `desk draft --date "
                 f"{session.date}`" if todo else f"status: {status}")
        raise ConflictError(f"the {session.date} run is not waiting for review ({where}); your "
                            f"request is saved as action #{action_id} but not applied")
    if expect_version is not None and expect_version != version:
        action_id = _store(session, decision, version, "conflict",
                           f"expected draft v{expect_version}")
        raise ConflictError(f"the {session.date} run moved on to draft v{version} (you "
                            f"reviewed v{expect_version}); your decision is saved as action "
                            f"#{action_id} but not applied. Look at the new draft and act on it "
                            "instead.")
    if decision.type == "regen":
        RegenTarget.parse(decision.section or "").check(values)
    if decision.type == "restore":
        known = [v.version for v in versions_of(values, decision.section)]
        if decision.version not in known:
            listing = f"versions 1-{max(known)}" if known else "no versions yet"
            raise DeskError(f"{decision.section} of {session.date} has no version "
                            f"{decision.version} ({listing}); `desk history {session.date} "
                            f"--section {decision.section}` lists them")
    if decision.type == "accept":
        blocking = uncovered(approval_blockers(claims_of(values), session.context.snapshot(values)),
                             decision.accept_unsupported)
        if blocking:
            action_id = _store(session, decision, version, "refused", describe(blocking))
            raise ApprovalRefusedError(
                f"not approved (action #{action_id} is kept): {len(blocking)} claim(s) are "
                f"unsupported or rest on a flagged item: {describe(blocking)}. Cut or fix them "
                "(desk review --edit, desk regen), or approve with --accept-unsupported to "
                "publish them as they are")


def _store(session: DeskSession, decision: EditorDecision, version: int,
           status: ActionStatus, error: str | None = None, *,
           edits: Sequence[NewEdit] = ()) -> int:
    return session.store.store_action(date=session.date, thread_id=session.thread_id,
                                      decision=decision.model_dump(mode="json"),
                                      draft_version=version, status=status, error=error,
                                      holder=session.holder, edits=edits)


def accepted_claims(session: DeskSession) -> list[str]:
    """The ids of every claim that would block an approval now (for --accept-unsupported)."""
    values = session.state().values
    return [c.id for c in approval_blockers(claims_of(values), session.context.snapshot(values))]



class VersionRef(BaseModel):
    section: str
    version: int
    origin: str


class ReworkReport(BaseModel):
    """What a regen or restore did, as the CLI and the review page report it."""

    date: str
    target: str
    draft_version: int
    explanation: str
    notices: list[str]
    versions: list[VersionRef]
    """The versions the action stored."""
    lint: list[LintViolation] | None
    """The essay's lint results when the essay changed, else None."""
    claims: ClaimSummary
    """Claims of the changed sections, re-checked."""


def regenerate(session: DeskSession, target: str, *, note: str | None, editor: str,
               expect_version: int | None = None) -> ReworkReport:
    """``desk regen``: a new version of one section (see ``agent.writing.rework``)."""
    result = decide(session, EditorDecision(type="regen", section=RegenTarget.parse(target).label,
                                            note=note, editor=editor),
                    expect_version=expect_version)
    return rework_report(session.date, result)


def restore(session: DeskSession, section: str, version: int, *, editor: str,
            expect_version: int | None = None) -> ReworkReport:
    """``desk restore``: version ``version`` of ``section`` back, exactly, as a new version."""
    result = decide(session, EditorDecision(type="restore", section=section, version=version,
                                            editor=editor), expect_version=expect_version)
    return rework_report(session.date, result)


def rework_report(date: str, result: ActionResult) -> ReworkReport:
    values, rework = result.values, result.rework
    assert rework is not None, "a regen or restore records what it did"
    made = [VersionRef(section=v.section, version=v.version, origin=v.origin)
            for v in versions_of(values) if v.decision_id == result.decision.id]
    lint = None
    if "essay" in rework.changed and values.get("critique_rounds"):
        lint = [LintViolation.model_validate(v)
                for v in values["critique_rounds"][-1]["violations"]]
    checked = changed_sections(rework.changed)
    return ReworkReport(
        date=date, target=rework.target, draft_version=result.draft_version,
        explanation=rework.explanation, notices=rework.notices, versions=made, lint=lint,
        claims=summarize([c for c in claims_of(values) if c.section in checked]))


@contextmanager
def editor_session(*, date: str, data_dir: Path, out_dir: Path, decision: EditorDecision,
                   command: str, env: Mapping[str, str] | None = None,
                   **options: Any) -> Iterator[DeskSession]:
    """A session holding ``date``'s lock for ``decision``. When another command holds the date
    (``busy``), or a store cannot be opened (``failed``: read-only, full, damaged), the decision
    is stored in the action log if the run store can take it, and the line says so: nothing an
    editor wrote is lost."""
    env = os.environ if env is None else env
    try:
        session = DeskSession(date=date, data_dir=data_dir, out_dir=out_dir, env=env,
                              create=False, command=command, **options)
    except (DateBusyError, CheckpointError) as refused:
        status: ActionStatus = "busy" if isinstance(refused, DateBusyError) else "failed"
        action_id = _keep_refused(data_dir, env, date, decision, status, refused)
        kept = (f"your request is saved as action #{action_id} but not applied"
                if action_id is not None else "your request could not be stored either: run "
                "the same command again once that is fixed")
        raise type(refused)(f"{refused}; {kept}") from refused
    with session:
        yield session


def _keep_refused(data_dir: Path, env: Mapping[str, str], date: str, decision: EditorDecision,
                  status: ActionStatus, refused: DeskError) -> int | None:
    """Store a decision no session could take; None when the run store cannot take it either
    (the first error is the one to show)."""
    try:
        store = open_run_store(data_dir, env)
    except DeskError:
        return None
    try:
        return store.store_action(date=date, thread_id=store.existing_thread(date) or "",
                                  decision=decision.model_dump(mode="json"), draft_version=None,
                                  status=status, error=str(refused))
    except DeskError as second:
        refused.add_note(f"(the request could not be stored either: {second})")
        return None
    finally:
        store.close()
