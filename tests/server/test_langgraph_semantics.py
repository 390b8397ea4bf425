"""What LangGraph Server (``langgraph dev``, langgraph-api in memory) does with the desk's kind of
graph, checked through ``langgraph_sdk`` against the scratch graphs in scratch_graph.py: published
schemas, how ``context`` reaches a node, Agent Inbox replies, answering an invalid reply, resume
values, injected persistence and graph factories. docs/research/langgraph-server.md sums them up.
"""

from __future__ import annotations

import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from langgraph_sdk.client import SyncLangGraphClient
from langgraph_sdk.errors import UnprocessableEntityError

from tests.server.conftest import LanggraphServer, ServerDidNotStart

# The facts the desk is designed against (docs/research/langgraph-server.md): re-checked by
# `make test-slow` and CI; the desk's own served tests run in `make test`.
pytestmark = [pytest.mark.server, pytest.mark.slow]

REPO_ROOT = Path(__file__).resolve().parents[2]
DAY = {"day": "2026-04-21"}
REQUEST_CONFIG = {"allow_ignore": True, "allow_respond": True, "allow_edit": True,
                  "allow_accept": True}
ACTION_REQUEST = {"action": "review_draft", "args": {"draft": "D"}}


def schemas(server: LanggraphServer, client: SyncLangGraphClient, graph_id: str) -> dict[str, Any]:
    return client.assistants.get_schemas(server.assistant_id(graph_id))


def report(client: SyncLangGraphClient, graph_id: str,
           context: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the scratch graph's node saw of ``runtime`` on a stateless run."""
    return client.runs.wait(None, graph_id, input=DAY, context=context)["report"]


def review_thread(client: SyncLangGraphClient, mode: str) -> str:
    """A thread of the review graph, paused at its first Inbox interrupt."""
    return review_threads(client, mode, 1)[0]


def review_threads(client: SyncLangGraphClient, mode: str, count: int) -> list[str]:
    threads = [client.threads.create()["thread_id"] for _ in range(count)]
    together(client, [(thread_id, {"input": {"draft": "D", "mode": mode}})
                      for thread_id in threads])
    return threads


def together(client: SyncLangGraphClient,
             runs: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Wait for a review run per (thread, run arguments) at once; each thread's final values.

    A run costs about a second of the server's queue and join polling, so independent runs
    wait side by side.
    """
    def wait(run: tuple[str, dict[str, Any]]) -> dict[str, Any]:
        thread_id, arguments = run
        return client.runs.wait(thread_id, "review", raise_error=False, **arguments)

    with ThreadPoolExecutor(max_workers=len(runs)) as pool:
        return list(pool.map(wait, runs))


def resume(client: SyncLangGraphClient, thread_id: str, value: Any) -> dict[str, Any]:
    return client.runs.wait(thread_id, "review", command={"resume": value}, raise_error=False)


def pending_descriptions(client: SyncLangGraphClient, thread_id: str) -> list[str]:
    interrupts = client.threads.get(thread_id)["interrupts"]
    return [request["description"] for pending in interrupts.values()
            for interrupt in pending for request in interrupt["value"]]


# --- the fixture itself ---------------------------------------------------------------------------


def test_the_server_keeps_its_files_in_its_own_working_directory(scratch_server):
    assert (scratch_server.workdir / ".langgraph_api").is_dir()
    assert not scratch_server.workdir.resolve().is_relative_to(REPO_ROOT)


def test_a_graph_compiled_with_a_checkpointer_stops_the_server(serve_langgraph, tmp_path):
    module = tmp_path / "saver_graph.py"
    module.write_text(textwrap.dedent("""
        from typing_extensions import TypedDict
        from langgraph.checkpoint.memory import InMemorySaver
        from langgraph.graph import END, START, StateGraph

        class State(TypedDict):
            day: str

        builder = StateGraph(State)
        builder.add_node("noop", lambda state: {})
        builder.add_edge(START, "noop")
        builder.add_edge("noop", END)
        graph = builder.compile(checkpointer=InMemorySaver())
    """))
    config = tmp_path / "langgraph.json"
    config.write_text('{"dependencies": ["."], "graphs": {"saver": "./saver_graph.py:graph"}}')
    with pytest.raises(ServerDidNotStart) as refused:
        serve_langgraph(config)
    assert "exited with" in str(refused.value)
    assert "includes a custom checkpointer" in refused.value.log


# --- a. schemas -----------------------------------------------------------------------------------


def test_typing_extensions_typeddicts_publish_input_and_output_schemas(scratch_server, client):
    published = schemas(scratch_server, client, "extensions")
    assert published["input_schema"]["properties"] == {"day": {"title": "Day", "type": "string"}}
    assert published["input_schema"]["required"] == ["day"]
    assert published["output_schema"]["properties"]["report"]["type"] == "object"


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="typing.TypedDict is fine from 3.12")
def test_typing_typeddicts_publish_no_input_or_output_schema_on_python_311(scratch_server, client):
    published = schemas(scratch_server, client, "plain")
    assert published["input_schema"] is None and published["output_schema"] is None
    assert set(published["state_schema"]["properties"]) == {"day", "report"}


def test_a_json_native_dataclass_context_publishes_its_fields(scratch_server, client):
    context = schemas(scratch_server, client, "extensions")["context_schema"]
    assert context["title"] == "ScratchContext" and "required" not in context
    assert context["properties"] == {
        "out_dir": {"default": "out", "title": "Out Dir", "type": "string"},
        "offline": {"default": True, "title": "Offline", "type": "boolean"},
        "models": {"additionalProperties": {"type": "string"}, "title": "Models",
                   "type": "object"},
    }


def test_any_object_and_path_fields_keep_the_context_schema(scratch_server, client):
    properties = schemas(scratch_server, client, "loose_context")["context_schema"]["properties"]
    assert properties["router"] == {"default": None, "title": "Router"}  # no type: any JSON
    assert properties["extra"] == {"default": None, "title": "Extra"}
    assert properties["out_dir"]["type"] == "string" and properties["out_dir"]["format"] == "path"


def test_a_field_typed_as_a_plain_class_leaves_no_context_schema(scratch_server, client):
    published = schemas(scratch_server, client, "class_context")
    assert published["context_schema"] is None
    assert published["input_schema"] is not None  # only the context schema is lost


def test_schemas_are_read_by_assistant_uuid_not_graph_id(scratch_server, client):
    with pytest.raises(UnprocessableEntityError, match="must be a UUID"):
        client.assistants.get_schemas("extensions")


# --- b. context -----------------------------------------------------------------------------------


def test_a_context_dict_reaches_the_node_as_the_dataclass(client):
    seen = report(client, "extensions", {"out_dir": "/srv/out", "offline": False,
                                         "models": {"writer": "anthropic:claude-sonnet"}})
    assert seen["context_type"] == "ScratchContext"
    assert seen["field_types"] == {"out_dir": "str", "offline": "bool", "models": "dict"}
    assert seen["fields"] == {"out_dir": "/srv/out", "offline": False,
                              "models": {"writer": "anthropic:claude-sonnet"}}


def test_without_context_the_node_gets_the_dataclass_defaults(client):
    seen = report(client, "extensions")
    assert seen["context_type"] == "ScratchContext"
    assert seen["fields"] == {"out_dir": "out", "offline": True, "models": {}}


def test_keys_outside_the_context_schema_are_dropped(client):
    seen = report(client, "extensions", {"out_dir": "/srv/out", "api_key": "sk-not-a-field"})
    assert seen["fields"]["out_dir"] == "/srv/out" and "api_key" not in seen["fields"]


def test_context_values_are_neither_validated_nor_converted(client):
    seen = report(client, "loose_context", {"out_dir": "/srv/out", "router": {"writer": "x"}})
    assert seen["field_types"]["out_dir"] == "str"  # a Path field receives the JSON string
    assert seen["fields"]["router"] == {"writer": "x"}
    seen = report(client, "class_context", {"router": {"writer": "x"}})
    assert seen["field_types"]["router"] == "dict"  # a Router field receives a dict


def test_without_a_context_schema_an_unknown_key_fails_the_run(client):
    outcome = client.runs.wait(None, "class_context", input=DAY, context={"bogus": 1},
                               raise_error=False)
    assert outcome["__error__"]["error"] == "TypeError"
    assert "unexpected keyword argument 'bogus'" in outcome["__error__"]["message"]


# --- c. Agent Inbox shapes ------------------------------------------------------------------------


def test_the_interrupt_reaches_clients_in_the_shape_the_inbox_parses(client):
    thread_id = review_thread(client, "loop")
    thread = client.threads.get(thread_id)
    assert thread["status"] == "interrupted"
    [pending] = thread["interrupts"].values()  # {task id: [{"id", "value"}]}
    assert set(pending[0]) == {"id", "value"}
    assert pending[0]["value"] == [{"action_request": ACTION_REQUEST, "config": REQUEST_CONFIG,
                                    "description": "Review today's draft."}]


INBOX_REPLIES = {
    "accept": [{"type": "accept", "args": None}],
    "accept_unedited": [{"type": "accept", "args": ACTION_REQUEST}],
    "edit": [{"type": "edit", "args": {"action": "review_draft", "args": {"draft": "New text"}}}],
    "response": [{"type": "response", "args": "Tighten the lede."}],
    "ignore": [{"type": "ignore", "args": None}],
}


def test_each_inbox_reply_reaches_the_node_verbatim(client):
    shapes = sorted(INBOX_REPLIES)
    threads = review_threads(client, "loop", len(shapes))
    finals = together(client, [(thread_id, {"command": {"resume": INBOX_REPLIES[shape]}})
                               for thread_id, shape in zip(threads, shapes, strict=True)])
    for shape, final in zip(shapes, finals, strict=True):
        assert final["received"] == [INBOX_REPLIES[shape]], shape
        assert final["outcome"] == INBOX_REPLIES[shape][0]["type"], shape
    assert {client.threads.get(thread_id)["status"] for thread_id in threads} == {"idle"}


# --- d. invalid replies ---------------------------------------------------------------------------


def test_raising_on_an_invalid_reply_strands_the_thread(client):
    thread_id = review_thread(client, "raise")
    failed = resume(client, thread_id, [{"type": "bogus"}])
    assert failed["__error__"]["error"] == "ValidationError"
    again = resume(client, thread_id, INBOX_REPLIES["accept"])
    assert again["__error__"]["error"] == "ValidationError"
    assert "input_value='bogus'" in again["__error__"]["message"]  # the first reply, again
    assert client.threads.get(thread_id)["status"] == "error"


def test_routing_back_to_interrupt_again_lets_the_next_reply_succeed(client):
    thread_id = review_thread(client, "loop")
    asked_again = resume(client, thread_id, [{"type": "bogus"}])
    assert "__error__" not in asked_again
    assert client.threads.get(thread_id)["status"] == "interrupted"
    [description] = pending_descriptions(client, thread_id)
    assert description.startswith("Your last reply was not understood: 1 validation error")
    final = resume(client, thread_id, INBOX_REPLIES["edit"])
    assert final["outcome"] == "edit" and final["error"] == ""
    assert final["received"] == [[{"type": "bogus"}], INBOX_REPLIES["edit"]]


def test_interrupting_again_inside_the_node_replays_every_earlier_reply(client):
    thread_id = review_thread(client, "in_node")
    first_id = next(iter(client.threads.get(thread_id)["interrupts"].values()))[0]["id"]
    for invalid in ([{"type": "bogus"}], [{"type": "nope"}]):
        pending = resume(client, thread_id, invalid)["__interrupt__"]
        assert pending[0]["id"] != first_id  # each interrupt() call has its own id
        assert pending[0]["value"][0]["description"].startswith("Your last reply")
    final = resume(client, thread_id, INBOX_REPLIES["response"])
    # the node re-ran from the top: its first interrupt() calls returned the earlier replies
    assert final["received"] == [[{"type": "bogus"}], [{"type": "nope"}],
                                 INBOX_REPLIES["response"]]


def test_a_response_schema_rejects_a_reply_without_keeping_it(client):
    thread_id = review_thread(client, "schema")
    pending = next(iter(client.threads.get(thread_id)["interrupts"].values()))
    assert pending[0]["response_schema"]["items"] == {"$ref": "#/$defs/InboxReply"}  # published
    failed = resume(client, thread_id, [{"type": "bogus"}])
    assert failed["__error__"]["error"] == "ValidationError"
    assert client.threads.get(thread_id)["status"] == "error"  # off the Inbox's interrupted list
    final = resume(client, thread_id, INBOX_REPLIES["ignore"])
    assert final["outcome"] == "ignore" and final["received"] == [INBOX_REPLIES["ignore"]]


# --- e. resume values -----------------------------------------------------------------------------


def test_the_node_receives_each_resume_value_unchanged(client):
    thread_id = review_thread(client, "loop")
    single_reply = INBOX_REPLIES["accept"][0]
    # the review graph asks again after an invalid reply, so one thread takes all three values
    assert resume(client, thread_id, single_reply)["received"] == [single_reply]  # a dict
    assert resume(client, thread_id, "Tighten the lede.")["received"][-1] == "Tighten the lede."
    final = resume(client, thread_id, INBOX_REPLIES["accept"])  # a list
    assert final["received"] == [single_reply, "Tighten the lede.", INBOX_REPLIES["accept"]]
    assert final["outcome"] == "accept"


def test_an_empty_dict_answers_nothing_and_a_map_by_interrupt_id_answers(client):
    thread_id = review_thread(client, "loop")
    unanswered = resume(client, thread_id, {})  # read as a resume map naming no interrupt
    assert unanswered["received"] == [] and "__interrupt__" in unanswered
    assert pending_descriptions(client, thread_id) == ["Review today's draft."]
    interrupt_id = next(iter(client.threads.get(thread_id)["interrupts"].values()))[0]["id"]
    answered = resume(client, thread_id, {interrupt_id: INBOX_REPLIES["ignore"]})
    assert answered["received"] == [INBOX_REPLIES["ignore"]] and answered["outcome"] == "ignore"


# --- f. persistence and factories -----------------------------------------------------------------


@pytest.fixture(scope="module")
def factory_run(scratch_server: LanggraphServer) -> tuple[str, dict[str, Any]]:
    """A thread and what the factory graph reported about the config it was built with."""
    with scratch_server.client() as sdk_client:
        thread_id = sdk_client.threads.create()["thread_id"]
        return thread_id, sdk_client.runs.wait(thread_id, "factory", input=DAY)["factory_config"]


def test_the_server_injects_a_store_and_a_checkpointer(client, factory_run):
    assert report(client, "extensions")["store_type"] == "BatchedStore"
    _, seen = factory_run
    assert seen["configurable"]["__pregel_checkpointer"] == "InMemorySaver"


def test_a_factory_receives_the_run_config(factory_run):
    thread_id, seen = factory_run
    assert seen["thread_id"] == thread_id
    assert seen["keys"] == ["callbacks", "configurable", "metadata", "recursion_limit", "tags"]
    assert {"thread_id", "run_id", "assistant_id", "graph_id", "user_id"} <= set(
        seen["configurable"])
