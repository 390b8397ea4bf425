"""Provider faults at every LLM node, over real HTTP to the simulated server (Anthropic API,
streamed as the CLI streams): HTTP 429, 529, 500, a timeout, a dropped connection, an error event
inside the stream, invalid JSON, an answer cut off at max_tokens, and a request the API refuses.

A fault that clears is absorbed (retried, re-asked, or asked again with a larger budget) and the
draft completes. One that does not clear degrades the nodes that have a deterministic path (the
section desks, the judge, claims extraction and entailment): the draft completes and the handoff
says so. At the nodes that have none (thesis, draft) it pauses the run before that node
with a one-line message, and the same command resumes it without paying again for any call that
had completed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.commands.draft import _run_or_pause
from agent.errors import RunStateError
from tests.helpers import start_input
from tests.reliability.support import (
    DATE,
    NODE_REQUESTS,
    assert_complete_package,
    assert_no_completed_call_repeated,
    open_session,
    sim_router,
)
from tests.sim.server import TRANSIENT_FAULTS, Fault, FaultKind, SimLLMServer, SimRequest

GRAPH_NODE = {"desk_wire": "section_desk", "desk_labs": "section_desk",
              "desk_papers": "section_desk", "claims_extract": "claims", "claims_verify": "claims"}
PAUSING = ("thesis", "draft")
"""Nodes with no deterministic path: a persistent failure pauses the run before them."""


def _fault(kind: FaultKind, node: str, times: int) -> Fault:
    schema, contains = NODE_REQUESTS[node]
    return Fault(kind, schema=schema, contains=contains, times=times)


def _ledger_node(node: str) -> str:
    return "claims" if node.startswith("claims_") else node


@pytest.mark.parametrize(("kind", "stream"), [*((k, True) for k in TRANSIENT_FAULTS),
                                               ("disconnect", False)])
def test_a_fault_that_clears_at_every_node_is_absorbed(tmp_path, sim: SimLLMServer, config_dir,
                                                       kind, stream):
    faults = [_fault(kind, node, times=1) for node in NODE_REQUESTS]
    sim.inject(*faults)
    with open_session(tmp_path, sim_router(sim, config_dir, stream=stream)) as session:
        state = session.run(start_input(DATE, review=False))
        calls = session.ledger.calls(session.thread_id)
    assert state.values["status"] == "drafted" and not state.next
    assert all(f.times == 0 for f in faults), "a node was never asked"
    retried = {c.node for c in calls if c.outcome == "ok"
               and (c.attempts > 1 if kind == "invalid_json" else c.transport_attempts > 1)}
    assert retried == {_ledger_node(n) for n in NODE_REQUESTS}
    assert_no_completed_call_repeated(calls)
    assert_complete_package(tmp_path / "out")
    if kind == "overthink":  # each cut-off answer was asked again with a larger budget
        for schema, _ in NODE_REQUESTS.values():
            seen = sim.requests_for(schema)
            cut = [r for r in seen if r.stop_reason == "max_tokens"]
            assert cut and all(_asked_again_larger(c, seen) for c in cut), schema


@pytest.mark.parametrize(("node", "kind"), [("thesis", "529"), ("draft", "stream_invalid"),
                                            ("draft", "timeout")])
def test_a_fault_that_persists_pauses_a_node_without_fallback_and_the_same_command_resumes(
        tmp_path, sim: SimLLMServer, config_dir, node, kind):
    sim.inject(_fault(kind, node, times=1000))
    with open_session(tmp_path, sim_router(sim, config_dir)) as session:
        with pytest.raises(RunStateError) as paused:
            _run_or_pause(session, start_input(DATE, review=False))
        stopped_at = session.state().next
    message = str(paused.value)
    assert message.startswith("paused before") and "\n" not in message
    assert "run the same command again" in message
    assert GRAPH_NODE.get(node, node) in stopped_at

    sim.clear_faults()
    with open_session(tmp_path, sim_router(sim, config_dir)) as session:  # the same command, again
        _run_or_pause(session, None)
        state = session.state()
        calls = session.ledger.calls(session.thread_id)
    assert state.values["status"] == "drafted" and not state.next
    assert any(c.outcome != "ok" and c.node == _ledger_node(node) for c in calls)
    assert_no_completed_call_repeated(calls)
    assert_complete_package(tmp_path / "out")


DEGRADING = [("desk_wire", "500"), ("desk_papers", "stream_invalid"), ("critique", "529"),
             ("claims_extract", "stream_error"), ("claims_extract", "overthink"),
             ("claims_verify", "invalid_json")]


@pytest.mark.parametrize(("node", "kind"), DEGRADING)
def test_a_fault_that_persists_degrades_a_node_with_a_fallback_and_the_handoff_says_so(
        tmp_path, sim: SimLLMServer, config_dir, node, kind):
    sim.inject(_fault(kind, node, times=1000))
    with open_session(tmp_path, sim_router(sim, config_dir)) as session:
        _run_or_pause(session, start_input(DATE, review=False))
        state = session.state()
        calls = session.ledger.calls(session.thread_id)
    assert state.values["status"] == "drafted" and not state.next
    assert any(c.outcome != "ok" and c.node == _ledger_node(node) for c in calls)
    assert_complete_package(tmp_path / "out")
    run = _package(tmp_path, "run.json")
    assert any("failed" in note for note in run["degradations"]), run["degradations"]
    _assert_fallback_is_labelled(node, state.values, _package(tmp_path, "review.json"))


def _asked_again_larger(cut: SimRequest, seen: list[SimRequest]) -> bool:
    return any(r.started > cut.started and (r.max_tokens or 0) > (cut.max_tokens or 0)
               for r in seen)


def _assert_fallback_is_labelled(node: str, values: dict, review: dict) -> None:
    if node.startswith("desk_"):
        section = node.removeprefix("desk_")
        assert values["sections"][section]["generated_by"] == "baseline"
    elif node == "critique":
        (round_,) = review["rounds"]
        assert round_["judge"] is None and round_["judge_unavailable"]
    else:
        kind = "extractor_failed" if node == "claims_extract" else "verifier_failed"
        assert any(p["kind"] == kind for p in review["problems"]), review["problems"]


def _package(root: Path, name: str) -> dict:
    return json.loads((root / "out" / DATE / name).read_text())
