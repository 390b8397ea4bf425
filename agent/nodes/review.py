"""editor_review: pause for the human editor (an interrupt shaped for LangGraph's Agent Inbox),
then route on the typed decision: accept -> publish, response (notes) -> revise, edit -> re-check
the editor's text, ignore -> end."""

from __future__ import annotations

import time
from typing import Any, Literal

from langgraph.runtime import Runtime
from langgraph.types import interrupt

from agent.context import DeskContext
from agent.state import claims_of, dump, essay_of
from agent.schemas import EDITOR_AUTHOR, EditorDecision
from agent.state import DeskState



def review_request(state: DeskState, ctx: DeskContext) -> dict[str, Any]:
    """The interrupt payload: an Agent Inbox ``HumanInterrupt`` plus our own summary fields."""
    claims = claims_of(state)
    unsupported = sum(1 for c in claims if c.status == "unsupported")
    essay = essay_of(state)
    return {
        "action_request": {"action": "review_issue",
                           "args": {"date": state["date"], "paragraphs": essay.paragraphs,
                                    "byline": essay.byline}},
        "config": {"allow_ignore": True, "allow_respond": True, "allow_edit": True,
                   "allow_accept": True},
        "description": (f"Draft v{state.get('draft_version', 1)} of {state['date']}: "
                        f"{len(claims)} claims, {unsupported} unsupported. Package: "
                        f"{ctx.out_dir / state['date']}"),
        "draft_version": state.get("draft_version", 1),
    }


def editor_review(state: DeskState, runtime: Runtime[DeskContext]) -> dict[str, Any]:
    # Nothing before interrupt() has side effects: the node re-runs from the top on resume.
    answer = interrupt(review_request(state, runtime.context))
    decision = EditorDecision.model_validate(answer)
    update: dict[str, Any] = {"editor_decisions": [dump(decision)],
                              "pending_decision": dump(decision), "revision": 0,
                              "started_at": time.time()}
    if decision.type == "ignore":
        update["status"] = "ignored"
    if decision.type == "edit" and decision.edited_paragraphs:
        essay = essay_of(state)
        update["essay"] = dump(essay.model_copy(update={
            "paragraphs": decision.edited_paragraphs, "version": essay.version + 1,
            "generated_by": EDITOR_AUTHOR, "outline": None}))
        update["essay_plan"] = None
    return update


def route_after_review(state: DeskState) -> Literal["publish", "revise", "critique", "__end__"]:
    decision = EditorDecision.model_validate(state["pending_decision"])
    if decision.type == "accept":
        return "publish"
    if decision.type == "response":
        return "revise"
    if decision.type == "edit":
        return "critique"
    return "__end__"
