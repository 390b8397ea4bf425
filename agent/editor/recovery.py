"""Editor actions whose process died (a kill, a crash, a closed laptop) are finished or rolled
back by the next command on the date, with one line saying which.

The command holds the date's lock, so an action still marked ``applying`` has no live process.
The decision is the resume value and the checkpoint is the record: if the graph already took the
decision (its id is in the run's ``editor_decisions``), the run is finished from its last
checkpoint; if the draft it answered is still waiting, the stored decision is given to the graph
now (the editor asked for it, and it was stored before anything acted on it); otherwise the run
moved on without it, and it is rolled back: kept in the log, not applied.
"""

from __future__ import annotations

from dataclasses import dataclass

from agent.editor.resume import ActionResult, resume, settle
from agent.errors import DeskError
from agent.persistence.runs import StoredAction
from agent.schemas import EditorDecision
from agent.session import DeskSession
from agent.state import decisions_of, draft_version_of


@dataclass
class Recovered:
    action_id: int
    line: str
    """What happened, for the terminal and the review page."""
    result: ActionResult | None = None
    """Set when the action was completed (its outcome), None when rolled back."""


def recover(session: DeskSession) -> list[Recovered]:
    stranded = [a for a in session.store.actions(session.date)
                if a.status == "applying" and a.thread_id == session.thread_id]
    done = [_recover(session, action) for action in stranded]
    for item in done:
        session.context.report("recovery", item.line)
    return done


def _recover(session: DeskSession, action: StoredAction) -> Recovered:
    decision = EditorDecision.model_validate(action.decision)
    what = f"your interrupted {_name(decision)} (action #{action.id})"
    snapshot = session.state()
    taken = any(d.id == decision.id for d in decisions_of(snapshot.values))
    try:
        if taken:
            if snapshot.next and "editor_review" not in snapshot.next:
                snapshot = session.run(None)  # finish the pass the decision started
            result = settle(session, action.id, decision, snapshot.values)
            return Recovered(action.id, f"finished {what}", result)
        if ("editor_review" in snapshot.next
                and draft_version_of(snapshot.values) == action.draft_version):
            result = resume(session, action.id, decision)
            return Recovered(action.id, f"applied {what}, stored before the crash", result)
    except DeskError as error:
        return Recovered(action.id, f"{what} could not be finished: {error}")
    session.store.mark_action(action.id, "rolled_back", "the run moved on without it")
    return Recovered(action.id, f"rolled back {what}: the run moved on without it; the "
                                "decision is kept in the log, not applied")


def _name(decision: EditorDecision) -> str:
    names = {"accept": "approval", "response": "notes", "edit": "edit", "ignore": "ignore",
             "regen": f"regen of {decision.section}",
             "restore": f"restore of {decision.section} v{decision.version}"}
    return names[decision.type]
