"""Giving a stored editor decision to the paused graph, and reading back what the graph did:
applied, refused (it asks again, saying why), stored but not applied (notes with no model), or
no change (a regen with no alternative). Used by every editor action and by recovery."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from langgraph.types import Command

from agent.editor.edits import approval_records
from agent.errors import CheckpointError, LLMError, OutputError, RunStateError
from agent.persistence import close_after
from agent.persistence.runs import ActionStatus
from agent.schemas import EditorDecision, ReworkOutcome
from agent.session import DeskSession
from agent.state import DeskState, decisions_of, draft_version_of


class NoChangeError(RunStateError):
    """The regen or restore would not change the draft; the request is kept as skipped."""


class NotAppliedError(RunStateError):
    """The graph stored the decision but could not act on it (notes with no model)."""


@dataclass
class ActionResult:
    action_id: int
    decision: EditorDecision
    values: DeskState
    rework: ReworkOutcome | None
    recovered: bool = False
    """True when this was an interrupted earlier run of the same request, finished now."""

    @property
    def draft_version(self) -> int:
        return draft_version_of(self.values)


def resume(session: DeskSession, action_id: int, decision: EditorDecision, *,
           applied: ActionStatus = "applied") -> ActionResult:
    """Give the stored decision to the graph and mark the action by what the graph did."""
    try:
        after = session.run(Command(resume=decision.model_dump(mode="json")))
    except (LLMError, OutputError, CheckpointError) as error:
        close_after(error, partial(session.store.mark_action, action_id, "failed", str(error)))
        raise RunStateError(f"your decision is saved (action #{action_id}) but applying it "
                            f"stopped: {error}. Run `desk draft --date {session.date}` to "
                            "resume it.") from error
    except BaseException as error:
        close_after(error, partial(session.store.mark_action, action_id, "failed",
                                   f"{type(error).__name__}: {error}"))
        raise
    return settle(session, action_id, decision, after.values, applied=applied)


def settle(session: DeskSession, action_id: int, decision: EditorDecision,
           values: DeskState, *, applied: ActionStatus = "applied") -> ActionResult:
    """Mark the action by what the graph did (``applied``, or ``recovered`` when a later command
    finished it); the approval's edit records go in the same transaction as the mark."""
    taken = any(d.id == decision.id for d in decisions_of(values))
    problem = values.get("review_error")
    rework = ReworkOutcome.model_validate(values["rework"]) if values.get("rework") else None
    if not taken:  # the graph refused the reply: it asks again with the reason
        session.store.mark_action(action_id, "refused", problem)
        raise RunStateError(f"not applied (action #{action_id} is kept): {problem}")
    if problem:
        session.store.mark_action(action_id, "skipped", problem)
        raise NotAppliedError(f"{problem} (action #{action_id})")
    if rework is not None and rework.decision_id == decision.id and not rework.changed:
        session.store.mark_action(action_id, "skipped", rework.explanation)
        raise NoChangeError(rework.explanation)
    edits = approval_records(values, decision.editor) if decision.type == "accept" else []
    session.store.mark_action(action_id, applied, edits=edits)
    return ActionResult(action_id=action_id, decision=decision, values=values, rework=rework)
