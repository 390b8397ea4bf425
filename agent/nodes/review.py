"""editor_review: the one interrupt. The editor's reply (from the CLI, the review page or Agent
Inbox) is validated against the draft; a reply the desk cannot act on is answered by asking
again with the reason, never by raising, so a thread can always be answered. A valid decision is
recorded in state and routed: accept -> publish, notes -> revise, edit -> re-check the editor's
text, regen/restore -> rework, ignore -> close."""

from __future__ import annotations

import time
from typing import Any, Literal

from langgraph.runtime import Runtime
from langgraph.types import interrupt

from agent.claims.approval import approval_blockers, describe, uncovered
from agent.context import DeskContext
from agent.crashpoints import crash_point
from agent.errors import UsageError
from agent.nodes.inbox import InvalidReply, decision_from_reply, review_request
from agent.nodes.versions import new_version
from agent.schemas import EDITOR_AUTHOR, TRACKED_SECTIONS, EditorDecision
from agent.state import (
    DeskState, claims_of, decisions_of, draft_version_of, dump, essay_of, pending_decision_of,
    versions_of,
)
from agent.writing.rework import RegenTarget

Next = Literal["publish", "revise", "critique", "rework", "close", "editor_review"]


def editor_review(state: DeskState, runtime: Runtime[DeskContext]) -> dict[str, Any]:
    # Nothing before interrupt() has side effects: the node re-runs from the top on resume.
    ctx = runtime.context
    crash_point("before-node:editor_review")  # test-only (agent.crashpoints)
    reply = interrupt([request_for(state, ctx)])
    decision_id = f"{ctx.thread_id or 'run'}:{len(decisions_of(state)) + 1}"
    try:
        decision = decision_from_reply(reply, decision_id=decision_id,
                                       draft_version=draft_version_of(state))
        check_decision(decision, state, ctx)
    except InvalidReply as error:
        return {"review_error": str(error)}
    update = take_decision(decision, state, ctx)
    crash_point("after-node:editor_review")  # test-only (agent.crashpoints)
    return update


def request_for(state: DeskState, ctx: DeskContext) -> dict[str, Any]:
    claims = claims_of(state)
    unsupported = sum(1 for c in claims if c.status == "unsupported")
    flagged = sum(1 for i in ctx.snapshot(state).items if i.flags)
    summary = f"{len(claims)} claims, {unsupported} unsupported; {flagged} flagged item(s)"
    essay = essay_of(state)
    return review_request(date=state["date"], draft_version=draft_version_of(state),
                          paragraphs=essay.paragraphs, byline=essay.byline, summary=summary,
                          package_dir=str(ctx.package_dir(state["date"])),
                          problem=state.get("review_error"))


def check_decision(decision: EditorDecision, state: DeskState, ctx: DeskContext) -> None:
    """An InvalidReply saying why ``decision`` cannot be acted on in this draft."""
    current = draft_version_of(state)
    if decision.draft_version is not None and decision.draft_version != current:
        raise InvalidReply(f"this reply answers draft v{decision.draft_version}, but the draft "
                           f"is now v{current}: look at the new draft and answer it")
    try:
        if decision.type == "regen":
            RegenTarget.parse(decision.section or "").check(state)
        if decision.type == "restore":
            _check_restore(decision, state)
    except UsageError as error:
        raise InvalidReply(str(error)) from None
    if decision.type == "accept":
        blocking = uncovered(approval_blockers(claims_of(state), ctx.snapshot(state)),
                             decision.accept_unsupported)
        if blocking:
            raise InvalidReply(f"{len(blocking)} claim(s) of the issue are unsupported or rest "
                               f"on a flagged item: {describe(blocking)}. Cut or fix them, or "
                               "approve with accept_unsupported to publish them as they are")


def _check_restore(decision: EditorDecision, state: DeskState) -> None:
    if decision.section not in TRACKED_SECTIONS:
        raise UsageError(f"unknown section {decision.section!r}: choose one of "
                         f"{', '.join(TRACKED_SECTIONS)}")
    known = [v.version for v in versions_of(state, decision.section)]
    if decision.version not in known:
        listing = f"versions 1-{max(known)}" if known else "no versions yet"
        raise UsageError(f"{decision.section} of {state['date']} has no version "
                         f"{decision.version} ({listing})")


def take_decision(decision: EditorDecision, state: DeskState, ctx: DeskContext
                  ) -> dict[str, Any]:
    update: dict[str, Any] = {"editor_decisions": [dump(decision)],
                              "pending_decision": dump(decision), "review_error": None,
                              "rework": None, "revision": 0, "started_at": time.time()}
    if decision.type == "response" and not ctx.llm.has("writer"):
        return {**update, "pending_decision": None, "review_error": (
            "notes stored but not applied: no model is configured, and the baseline writer "
            "cannot follow free text; edit the essay (desk review --edit) or configure a model")}
    if decision.type == "response":
        update["stale_claims"] = ["essay"]
    if decision.type == "edit" and decision.edited_paragraphs:
        essay = essay_of(state)
        edited = essay.model_copy(update={
            "paragraphs": decision.edited_paragraphs, "version": essay.version + 1,
            "generated_by": EDITOR_AUTHOR, "outline": None})
        update |= {"essay": dump(edited), "essay_plan": None, "stale_claims": ["essay"],
                   "versions": new_version(state, "essay", dump(edited), origin="editor edit",
                                           editor=decision.editor, decision_id=decision.id)}
    return update


def route_after_review(state: DeskState) -> Next:
    decision = pending_decision_of(state)
    if decision is None:  # nothing to act on (a refused reply, notes without a model): ask again
        return "editor_review"
    return {"accept": "publish", "response": "revise", "edit": "critique", "regen": "rework",
            "restore": "rework", "ignore": "close"}[decision.type]  # type: ignore[return-value]
