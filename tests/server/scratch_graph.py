"""Small graphs served by ``langgraph dev`` in tests/server, each isolating one server behaviour
the desk's graph relies on: published schemas, how ``context`` reaches a node, what a node receives
as an Agent Inbox reply, answering an invalid reply, and graph factories.

Every graph here is compiled without a checkpointer or store: the server brings its own.
"""

from __future__ import annotations

import operator
import typing
from dataclasses import dataclass, field, is_dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import typing_extensions
from langchain_core.runnables import RunnableConfig
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.runtime import Runtime
from langgraph.types import Command, interrupt
from pydantic import BaseModel, TypeAdapter

# --- schemas and context -------------------------------------------------------------------------

JSON_NATIVE = (str, bool, int, float, dict, list, type(None))


@dataclass(kw_only=True)
class ScratchContext:
    """A context made of JSON-native fields only (what the desk's redesigned context looks like)."""

    out_dir: str = "out"
    offline: bool = True
    models: dict[str, str] = field(default_factory=dict)


class ExtensionsInput(typing_extensions.TypedDict):
    day: str


class ExtensionsOutput(typing_extensions.TypedDict):
    report: dict[str, Any]


class ExtensionsState(ExtensionsInput, ExtensionsOutput):
    pass


class PlainInput(typing.TypedDict):
    day: str


class PlainOutput(typing.TypedDict):
    report: dict[str, Any]


class PlainState(PlainInput, PlainOutput):
    pass


def describe_context(state: dict[str, Any], runtime: Runtime[Any]) -> dict[str, Any]:
    """Report what the server handed the node, in JSON so the client can read it back."""
    context = runtime.context
    fields = vars(context) if is_dataclass(context) else dict(context or {})
    return {"report": {
        "context_type": type(context).__name__,
        "field_types": {name: type(value).__name__ for name, value in fields.items()},
        "fields": {name: value if isinstance(value, JSON_NATIVE) else repr(value)
                   for name, value in fields.items()},
        "store_type": type(runtime.store).__name__,
    }}


def _one_node_graph(state: type, inp: type, out: type, context: type) -> CompiledStateGraph:
    builder = StateGraph(state, context_schema=context, input_schema=inp, output_schema=out)
    builder.add_node("describe_context", describe_context)
    builder.add_edge(START, "describe_context")
    builder.add_edge("describe_context", END)
    return builder.compile()


extensions_graph = _one_node_graph(
    ExtensionsState, ExtensionsInput, ExtensionsOutput, ScratchContext)
plain_graph = _one_node_graph(PlainState, PlainInput, PlainOutput, ScratchContext)


@dataclass(kw_only=True)
class LooseContext:
    """Fields pydantic can describe but the server never validates or converts."""

    out_dir: Path = Path("out")
    router: Any = None
    extra: object = None


class Router:
    """Stands in for a non-serialisable object such as the desk's LLMRouter."""


@dataclass(kw_only=True)
class ClassFieldContext:
    out_dir: str = "out"
    router: Router = field(default_factory=Router)


loose_context_graph = _one_node_graph(
    ExtensionsState, ExtensionsInput, ExtensionsOutput, LooseContext)
class_context_graph = _one_node_graph(
    ExtensionsState, ExtensionsInput, ExtensionsOutput, ClassFieldContext)


# --- Agent Inbox review ---------------------------------------------------------------------------


class ActionRequest(BaseModel):
    action: str
    args: dict[str, Any]


class InboxReply(BaseModel):
    """One Agent Inbox HumanResponse; ``args`` is null, a string or an ActionRequest."""

    type: Literal["accept", "edit", "response", "ignore"]
    args: ActionRequest | str | None = None


INBOX_REPLIES = TypeAdapter(list[InboxReply])

ReviewMode = Literal["raise", "loop", "in_node", "schema"]


class ReviewState(typing_extensions.TypedDict, total=False):
    draft: str
    mode: ReviewMode
    error: str
    received: Annotated[list[Any], operator.add]
    outcome: str


def inbox_request(draft: str, error: str = "") -> dict[str, Any]:
    """An Agent Inbox HumanInterrupt; an earlier invalid reply is explained in the description."""
    description = "Review today's draft."
    if error:
        description = f"Your last reply was not understood: {error}\n\n{description}"
    return {
        "action_request": {"action": "review_draft", "args": {"draft": draft}},
        "config": {"allow_ignore": True, "allow_respond": True, "allow_edit": True,
                   "allow_accept": True},
        "description": description,
    }


def parse_reply(reply: Any) -> InboxReply:
    """The single reply in the Inbox's one-item list; raises ValueError otherwise."""
    replies = INBOX_REPLIES.validate_python(reply)
    if len(replies) != 1:
        raise ValueError(f"expected one reply, got {len(replies)}")
    return replies[0]


def first_line(error: Exception) -> str:
    return str(error).splitlines()[0]


def review(state: ReviewState) -> Command[Literal["review", "publish"]]:
    """Ask for a review; what happens to an invalid reply depends on ``state["mode"]``."""
    mode = state.get("mode", "loop")
    if mode == "in_node":
        return review_until_valid(state)
    if mode == "schema":
        replies = interrupt([inbox_request(state["draft"])], response_schema=list[InboxReply])
        return accepted([reply.model_dump() for reply in replies], replies[0])
    reply = interrupt([inbox_request(state["draft"], state.get("error", ""))])
    try:
        parsed = parse_reply(reply)
    except ValueError as invalid:  # pydantic's ValidationError included
        if mode == "raise":
            raise
        return Command(goto="review", update={"received": [reply], "error": first_line(invalid)})
    return accepted(reply, parsed)


def review_until_valid(state: ReviewState) -> Command[Literal["publish"]]:
    """Interrupt again inside the same execution until a reply parses."""
    received: list[Any] = []
    error = ""
    while True:
        reply = interrupt([inbox_request(state["draft"], error)])
        received.append(reply)
        try:
            parsed = parse_reply(reply)
        except ValueError as invalid:
            error = first_line(invalid)
            continue
        return Command(goto="publish", update={"received": received, "outcome": parsed.type})


def accepted(reply: Any, parsed: InboxReply) -> Command[Literal["publish"]]:
    return Command(goto="publish", update={"received": [reply], "outcome": parsed.type,
                                           "error": ""})


def publish(state: ReviewState) -> dict[str, Any]:
    return {}


def _review_graph() -> CompiledStateGraph:
    builder = StateGraph(ReviewState)
    builder.add_node("review", review)
    builder.add_node("publish", publish)
    builder.add_edge(START, "review")
    builder.add_edge("publish", END)
    return builder.compile()


review_graph = _review_graph()


# --- factory --------------------------------------------------------------------------------------


class FactoryState(typing_extensions.TypedDict, total=False):
    day: str
    factory_config: dict[str, Any]


def make_graph(config: RunnableConfig) -> CompiledStateGraph:
    """A graph factory: the server calls it with a config; the node reports what it saw."""
    seen = {
        "keys": sorted(config),
        "configurable": {key: type(value).__name__
                         for key, value in config.get("configurable", {}).items()},
        "thread_id": str(config.get("configurable", {}).get("thread_id", "")),
    }

    def report(state: FactoryState) -> dict[str, Any]:
        return {"factory_config": seen}

    builder = StateGraph(FactoryState)
    builder.add_node("report", report)
    builder.add_edge(START, "report")
    builder.add_edge("report", END)
    return builder.compile()
