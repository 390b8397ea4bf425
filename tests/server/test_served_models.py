"""A served run uses the models its environment and context configure, exactly as the CLI would:
keys in the ``.env`` that ``langgraph.json`` names turn the models on (here pointed at the
simulated LLM server, tests/sim/server.py), a run's context ``models`` overrides them per role,
and the ledger's rows, keyed by the server's thread id, show which model answered each call.
No key is ever written to the ledger, the run store, a package or the server's log."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from langgraph_sdk.client import SyncLangGraphClient

from agent.llm.settings import load_models_config
from agent.persistence import open_ledger
from agent.persistence.ledger import CallRecord
from tests.sim.server import SimLLMServer, SimSettings
from tests.server.conftest import langgraph_cli_missing
from tests.server.desk import DeskServer, answer, output_of, serve_desk, start_runs
from tests.skipping import announce_skip

pytestmark = pytest.mark.server

ANTHROPIC_KEY = "sim-ant-key-0123456789abcdef"
COMPATIBLE_KEY = "sim-oai-key-fedcba9876543210"
LOCAL_MODEL = "sim-local-model"


@pytest.fixture(scope="module")
def sim() -> Iterator[SimLLMServer]:
    with SimLLMServer(SimSettings(lifetime_s=300, tokens_per_event=128)) as server:
        yield server


@pytest.fixture(scope="module")
def desk(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
         sim: SimLLMServer) -> Iterator[DeskServer]:
    if (reason := langgraph_cli_missing()) is not None:
        announce_skip(request.config, reason)
    dotenv = {"ANTHROPIC_API_KEY": ANTHROPIC_KEY, "ANTHROPIC_BASE_URL": sim.anthropic_base_url,
              "OPENAI_COMPATIBLE_API_KEY": COMPATIBLE_KEY, "OPENAI_BASE_URL": sim.openai_base_url}
    with serve_desk(tmp_path_factory.mktemp("served-models"), dotenv=dotenv) as served:
        yield served


@pytest.fixture(scope="module")
def client(desk: DeskServer) -> Iterator[SyncLangGraphClient]:
    with desk.client() as sdk:
        yield sdk


def ledger_calls(desk: DeskServer, thread: str) -> list[CallRecord]:
    ledger = open_ledger(desk.data_dir, {})
    assert ledger is not None, "the served run opened no ledger"
    try:
        return ledger.calls(thread)
    finally:
        ledger.close()


def test_keys_in_the_env_file_turn_on_the_configured_models(desk, client):
    (thread,) = start_runs(client, 1)
    calls = ledger_calls(desk, thread)
    configured = load_models_config().families["anthropic"]
    assert {c.role for c in calls} >= {"writer", "critic", "extractor"}
    for call in calls:  # each role on the model config/models.toml gives it
        assert (call.provider, call.model, call.outcome) == (
            "anthropic", configured.for_role(call.role), "ok")
    assert '"writer": "anthropic:' in output_of(client, thread)["package"]["run.json"]

    # Notes from the Inbox now revise the essay with the writer model.
    output = answer(client, thread, [{"type": "response", "args": "Tighten the lead."}])
    assert output["status"] == "awaiting_review" and output["draft_version"] == 2
    revised = [c for c in ledger_calls(desk, thread) if c.node == "revise"]
    assert revised and {c.model for c in revised} == {configured.for_role("writer")}


def test_the_runs_context_names_the_model_for_every_role(desk, client, sim):
    models = {"all": f"openai-compatible:{LOCAL_MODEL}"}
    (thread,) = start_runs(client, 1, context={"models": models})
    calls = ledger_calls(desk, thread)
    assert calls and {(c.provider, c.model) for c in calls} == {
        ("openai-compatible", LOCAL_MODEL)}
    # Each call went to the OpenAI-compatible endpoint the server's env names.
    assert sum(request.api == "openai" for request in sim.log) == len(calls)


def test_no_key_is_written_anywhere(desk, client):
    written = [path for path in Path(desk.server.workdir).parent.rglob("*")
               if path.is_file() and path.name != "server.env"]
    assert written
    for path in written:
        data = path.read_bytes()
        assert ANTHROPIC_KEY.encode() not in data and COMPATIBLE_KEY.encode() not in data, path
