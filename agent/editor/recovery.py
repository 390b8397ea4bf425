"""Editor actions whose process died (a kill, a crash, a closed laptop) are finished or rolled
back by the next command on the date, with one line saying which.

The command holds the date's lock, so an action still marked ``applying`` has no live process.
The decision is the resume value and the checkpoint is the record: if the graph already took the
decision (its id is in the run's ``editor_decisions``), the run is finished from its last
checkpoint; if the draft it answered is still waiting, the stored decision is given to the graph
now (the editor asked for it, and it was stored before anything acted on it); otherwise the run
moved on without it, and it is rolled back: kept in the log, not applied. An action that failed
after the graph took it (a provider outage) is finished the same way.

A finished action is marked ``recovered``, as is one that was applied but whose command died
before it could say so (the date's lock names the dead command): the same request run again then
reports it instead of applying it twice (``unreported``).
"""

from __future__ import annotations

from dataclasses import dataclass

from agent.editor.resume import ActionResult, resume, settle
from agent.errors import DeskError
from agent.persistence.runs import StoredAction
from agent.schemas import EditorDecision, ReworkOutcome
from agent.session import DeskSession, unfinished
from agent.state import decisions_of, draft_version_of


@dataclass
class Recovered:
    action_id: int
    line: str
    """What happened, for the terminal and the review page."""
    result: ActionResult | None = None
    """Set when the action was completed (its outcome), None when rolled back."""


def recover(session: DeskSession) -> list[Recovered]:
    taken = {d.id for d in decisions_of(session.state().values)}
    done = []
    for action in session.store.actions(session.date):
        if action.thread_id != session.thread_id:
            continue
        if action.status == "applying" or (action.status == "failed"
                                           and action.decision_id in taken):
            done.append(_recover(session, action))
        elif (action.status == "applied" and session.interrupted_holder
              and action.holder == session.interrupted_holder):
            session.store.mark_action(action.id, "recovered")
            done.append(Recovered(action.id, f"your {_what(action)} had been applied when its "
                                             "command was interrupted"))
    for item in done:
        session.context.report("recovery", item.line)
    return done


def unreported(session: DeskSession, request: EditorDecision) -> ActionResult | None:
    """``request`` run again after its first run died: the run's latest decision, when it is
    the same request and was finished by recovery. It is reported now (and marked applied), not
    applied twice."""
    snapshot = session.state()
    values, decisions = snapshot.values, decisions_of(snapshot.values)
    at_rest = "editor_review" in snapshot.next or not unfinished(snapshot)
    if not (decisions and at_rest and decisions[-1].same_request(request)):
        return None
    latest = decisions[-1]
    action = next((a for a in session.store.actions(session.date)
                   if a.decision_id == latest.id and a.status == "recovered"), None)
    if action is None:
        return None
    session.store.mark_action(action.id, "applied")
    rework = ReworkOutcome.model_validate(values["rework"]) if values.get("rework") else None
    return ActionResult(action_id=action.id, decision=latest, values=values,
                        rework=rework if rework and rework.decision_id == latest.id else None,
                        recovered=True)


def _recover(session: DeskSession, action: StoredAction) -> Recovered:
    decision = EditorDecision.model_validate(action.decision)
    what = f"your interrupted {_what(action)}"
    snapshot = session.state()
    taken = any(d.id == decision.id for d in decisions_of(snapshot.values))
    try:
        if taken:
            if unfinished(snapshot) and "editor_review" not in snapshot.next:
                snapshot = session.run(None)  # finish the pass the decision started
            result = settle(session, action.id, decision, snapshot.values, applied="recovered")
            return Recovered(action.id, f"finished {what}", result)
        if ("editor_review" in snapshot.next
                and draft_version_of(snapshot.values) == action.draft_version):
            result = resume(session, action.id, decision, applied="recovered")
            return Recovered(action.id, f"applied {what}, stored before the crash", result)
    except DeskError as error:
        return Recovered(action.id, f"{what} could not be finished: {error}")
    session.store.mark_action(action.id, "rolled_back", "the run moved on without it")
    return Recovered(action.id, f"rolled back {what}: the run moved on without it; the "
                                "decision is kept in the log, not applied")


def _what(action: StoredAction) -> str:
    decision = EditorDecision.model_validate(action.decision)
    names = {"accept": "approval", "response": "notes", "edit": "edit", "ignore": "ignore",
             "regen": f"regen of {decision.section}",
             "restore": f"restore of {decision.section} v{decision.version}"}
    return f"{names[decision.type]} (action #{action.id})"
