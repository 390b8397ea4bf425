"""The desk's graph: this file is the table of contents (DESIGN §3). Wiring only.

    gather -> curate -> [section desks x5 (Send) | thesis]        (in parallel)
           -> draft -> critique <-> revise                          (bounded loop)
           -> claims -> assemble -> editor_review (interrupt)
           -> publish | revise (editor notes) | critique (editor edit) | end (ignore)

Importing this module has no side effects; ``graph`` is compiled without a checkpointer for
LangGraph Server (which injects its own), and ``build_graph`` compiles with ours for the CLI.
"""

from __future__ import annotations

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Send

from agent.context import DeskContext
from agent.nodes.timing import timed
from agent.nodes.assemble import assemble
from agent.nodes.claims import claims
from agent.nodes.critique import critique, route_after_critique
from agent.nodes.curate import curate
from agent.nodes.desks import SectionTask, section_desk
from agent.nodes.draft import draft
from agent.nodes.gather import gather
from agent.nodes.publish import publish
from agent.nodes.review import editor_review, route_after_review
from agent.nodes.revise import revise
from agent.nodes.thesis import thesis
from agent.schemas import SECTION_NAMES
from agent.state import DeskInput, DeskState


def fan_out_desks(state: DeskState) -> list[Send | str]:
    """One Send per section desk, plus the thesis, which needs only the storylines."""
    sends: list[Send | str] = [
        Send("section_desk", SectionTask(section=name, snapshot=state["snapshot"],
                                         storylines=state["storylines"], note=None))
        for name in SECTION_NAMES
    ]
    return [*sends, "thesis"]


def route_after_assemble(state: DeskState) -> str:
    """Eval replays and ``--no-review`` runs end after the package is written."""
    return "editor_review" if state.get("review", True) else END


def build_builder() -> StateGraph:
    builder = StateGraph(DeskState, context_schema=DeskContext, input_schema=DeskInput)
    # 1. Gather and curate the day.
    builder.add_node("gather", timed("gather", gather))
    builder.add_node("curate", timed("curate", curate))
    # 2. Section desks and the thesis, in parallel.
    builder.add_node("section_desk", timed("section_desk", section_desk))
    builder.add_node("thesis", timed("thesis", thesis))
    # 3. The lead essay and its critique loop.
    builder.add_node("draft", timed("draft", draft))
    builder.add_node("critique", timed("critique", critique))
    builder.add_node("revise", timed("revise", revise))
    # 4. Claims, the handoff package, the editor.
    builder.add_node("claims", timed("claims", claims))
    builder.add_node("assemble", timed("assemble", assemble))
    builder.add_node("editor_review", editor_review)
    builder.add_node("publish", timed("publish", publish))

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
                                  ["publish", "revise", "critique", END])
    builder.add_edge("publish", END)
    return builder


def build_graph(checkpointer: BaseCheckpointSaver | None = None) -> CompiledStateGraph:
    return build_builder().compile(checkpointer=checkpointer, name="inference-desk")


graph = build_graph()
"""For ``langgraph dev`` / LangGraph Server (see langgraph.json)."""
