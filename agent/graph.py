"""The desk's graph: this file is the table of contents. Wiring only.

    gather -> curate -> [section desks x5 (Send) | thesis]             (in parallel)
           -> draft -> critique <-> revise                               (bounded loop)
           -> claims -> assemble -> editor_review (the one interrupt)
    editor_review -> publish                   (accept)
                  -> revise -> critique ...    (notes)
                  -> critique -> claims ...    (edit: the editor's text is checked, not rewritten)
                  -> rework -> [critique] -> claims -> assemble    (regen / restore one section)
                  -> close                     (ignore)
                  -> editor_review             (a reply it cannot act on: asks again, saying why)

Every editor action is ``Command(resume=EditorDecision)`` on the one interrupt, so the graph is
the only pipeline and the checkpoint is the record. Importing this module has no side effects;
``graph`` is compiled without a checkpointer for LangGraph Server (which injects its own) and
builds its services from the environment (``agent.services``); ``build_graph`` compiles with
ours for the CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Send

from agent.context import DeskSettings
from agent.nodes.assemble import assemble
from agent.nodes.claims import claims
from agent.nodes.critique import critique, route_after_critique
from agent.nodes.curate import curate
from agent.nodes.desks import SectionTask, section_desk
from agent.nodes.draft import draft
from agent.nodes.gather import gather
from agent.nodes.publish import close, publish
from agent.nodes.review import editor_review, route_after_review
from agent.nodes.revise import revise
from agent.nodes.rework import route_after_rework, rework
from agent.nodes.thesis import thesis
from agent.nodes.timing import timed
from agent.schemas import SECTION_NAMES
from agent.services import served
from agent.state import DeskInput, DeskOutput, DeskState, draft_version_of


def fan_out_desks(state: DeskState) -> list[Send | str]:
    """One Send per section desk, plus the thesis, which needs only the storylines."""
    sends: list[Send | str] = [
        Send("section_desk", SectionTask(section=name, snapshot_id=state["snapshot_id"],
                                         storylines=state["storylines"],
                                         draft_version=draft_version_of(state) + 1))
        for name in SECTION_NAMES
    ]
    return [*sends, "thesis"]


def route_after_assemble(state: DeskState) -> str:
    """Eval replays and ``--no-review`` runs end after the package is written."""
    return "editor_review" if state.get("review", True) else END


def node(name: str, fn: Callable[..., Any],
         label: Callable[[Any], str] | None = None) -> Callable[..., Any]:
    """Every node: timed, with a full context whoever invoked the graph."""
    return served(timed(name, fn, label))


def build_builder() -> StateGraph:
    builder = StateGraph(DeskState, context_schema=DeskSettings, input_schema=DeskInput,
                         output_schema=DeskOutput)
    # 1. Gather and curate the day.
    builder.add_node("gather", node("gather", gather))
    builder.add_node("curate", node("curate", curate))
    # 2. Section desks and the thesis, in parallel.
    builder.add_node("section_desk", node("section_desk", section_desk,
                                          label=lambda task: f"desk:{task['section']}"))
    builder.add_node("thesis", node("thesis", thesis))
    # 3. The lead essay and its critique loop.
    builder.add_node("draft", node("draft", draft))
    builder.add_node("critique", node("critique", critique))
    builder.add_node("revise", node("revise", revise))
    # 4. Claims, the handoff package, the editor and what the editor asked for.
    builder.add_node("claims", node("claims", claims))
    builder.add_node("assemble", node("assemble", assemble))
    builder.add_node("editor_review", served(editor_review))
    builder.add_node("rework", node("rework", rework))
    builder.add_node("publish", node("publish", publish))
    builder.add_node("close", node("close", close))

    builder.add_edge(START, "gather")
    builder.add_edge("gather", "curate")
    builder.add_conditional_edges("curate", fan_out_desks, ["section_desk", "thesis"])
    builder.add_edge(["section_desk", "thesis"], "draft")
    builder.add_edge("draft", "critique")
    builder.add_conditional_edges("critique", route_after_critique, ["revise", "claims"])
    builder.add_edge("revise", "critique")
    builder.add_edge("claims", "assemble")
    builder.add_conditional_edges("assemble", route_after_assemble, ["editor_review", END])
    builder.add_conditional_edges("editor_review", route_after_review,
                                  ["publish", "revise", "critique", "rework", "close",
                                   "editor_review"])
    builder.add_conditional_edges("rework", route_after_rework,
                                  ["critique", "claims", "editor_review"])
    builder.add_edge("publish", END)
    builder.add_edge("close", END)
    return builder


def build_graph(checkpointer: BaseCheckpointSaver | None = None) -> CompiledStateGraph:
    return build_builder().compile(checkpointer=checkpointer, name="inference-desk")


graph = build_graph()
"""For ``langgraph dev`` / LangGraph Server (see langgraph.json)."""
