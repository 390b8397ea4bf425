"""The desk's own graph (``langgraph.json``) under a real ``langgraph dev``, driven through
``langgraph_sdk`` the way Studio and Agent Inbox drive it: published schemas, a sample day to the
review interrupt, every Agent Inbox reply shape (each on its own thread), and an invalid reply
followed by a valid one on the same thread. The server keeps its files in a temporary directory;
the test skips, saying why, without langgraph-cli[inmem]."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langgraph_sdk.client import SyncLangGraphClient
from typer.testing import CliRunner

from agent.cli import app
from agent.paths import REPO_ROOT
from agent.persistence import open_run_store
from agent.nodes.assemble import ON_DISK_ONLY
from agent.render.package import PACKAGE_FILES
from tests.server.conftest import langgraph_cli_missing
from tests.server.desk import (
    DATE, GRAPH_ID, SAMPLE_INPUT, DeskServer, answer, output_of, pending_request, serve_desk,
    start_runs,
)
from tests.skipping import announce_skip

pytestmark = pytest.mark.server

EDITED = ["The desk's editor rewrote this lead paragraph by hand, and the Inbox carried it back "
          "as text.", "A second paragraph closes the issue."]


def accept_null(request: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"type": "accept", "args": None}]


def accept_as_inbox_sends_it(request: dict[str, Any]) -> list[dict[str, Any]]:
    """The Inbox's Accept when the interrupt also allows edit: the action request, unchanged."""
    return [{"type": "accept", "args": request["action_request"]}]


def edit_field_as_string(request: dict[str, Any]) -> list[dict[str, Any]]:
    """An edited field comes back as the textarea's string (the list as compact JSON text)."""
    args = {**request["action_request"]["args"], "paragraphs": json.dumps(EDITED)}
    return [{"type": "edit", "args": {"action": request["action_request"]["action"],
                                      "args": args}}]


def edit_args_as_json_string(request: dict[str, Any]) -> list[dict[str, Any]]:
    """The whole action request as one JSON string, the paragraphs as plain text."""
    args = {**request["action_request"]["args"], "paragraphs": "\n\n".join(EDITED)}
    return [{"type": "edit", "args": json.dumps({"action": request["action_request"]["action"],
                                                 "args": args})}]


def respond(request: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"type": "response", "args": "Lead with the Amazon deal; cut the OCR item."}]


def ignore(request: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"type": "ignore", "args": None}]


REPLIES = [accept_null, accept_as_inbox_sends_it, edit_field_as_string, edit_args_as_json_string,
           respond, ignore]
THREADS = len(REPLIES) + 1  # one per reply, one for invalid replies


@pytest.fixture(scope="module")
def desk(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
         ) -> Iterator[DeskServer]:
    if (reason := langgraph_cli_missing()) is not None:
        announce_skip(request.config, reason)
    with serve_desk(tmp_path_factory.mktemp("served-desk")) as served:
        yield served


@pytest.fixture(scope="module")
def client(desk: DeskServer) -> Iterator[SyncLangGraphClient]:
    with desk.client() as sdk:
        yield sdk


@pytest.fixture(scope="module")
def paused(client: SyncLangGraphClient) -> list[str]:
    """Threads paused at the review interrupt, drafted together."""
    return start_runs(client, THREADS)


def test_the_desk_publishes_its_input_output_and_context_schemas(desk, client):
    schemas = client.assistants.get_schemas(desk.server.assistant_id(GRAPH_ID))
    assert set(schemas["input_schema"]["properties"]) == {"date", "source", "review"}
    assert {"status", "draft_version", "package", "package_dir"} <= set(
        schemas["output_schema"]["properties"])
    context = schemas["context_schema"]
    assert set(context["properties"]) == {"models", "out_dir", "data_dir", "published_dir"}
    assert context["properties"]["models"]["additionalProperties"] == {"type": "string"}
    assert "required" not in context  # Studio may start a run with no settings at all


def test_a_sample_day_stops_at_the_review_with_its_package(desk, client):
    thread = client.threads.create()["thread_id"]
    output = client.runs.wait(thread, GRAPH_ID, input=SAMPLE_INPUT)
    request = pending_request(client, thread)
    assert request["action_request"]["action"] == "review_issue"
    assert request["action_request"]["args"]["date"] == DATE
    assert request["action_request"]["args"]["paragraphs"]
    assert all(request["config"][f"allow_{kind}"] for kind in ("accept", "edit", "respond",
                                                                "ignore"))
    assert request["description"].startswith(f"**Draft v1 of {DATE}**")

    # The run's output is DeskOutput (plus the pending interrupt), not the whole state.
    assert set(output) == {"date", "status", "draft_version", "package", "package_dir",
                           "__interrupt__"}
    assert output["status"] == "awaiting_review" and output["draft_version"] == 1
    package_dir = Path(output["package_dir"])
    assert package_dir == desk.out_dir / DATE / thread  # threads never overwrite each other
    # sources.json is the whole day's snapshot: it stays on disk (and in the run store), never
    # in the checkpointed output; every other file is returned.
    returned = set(PACKAGE_FILES) - ON_DISK_ONLY
    assert returned <= set(output["package"]) and not ON_DISK_ONLY & set(output["package"])
    for name in returned:  # what the client got is what the server wrote
        assert (package_dir / name).read_text(encoding="utf-8") == output["package"][name]
    assert json.loads(output["package"]["run.json"])["thread_id"] == thread


def test_served_runs_are_recorded_under_the_servers_thread_id(desk, client, paused):
    store = open_run_store(desk.data_dir, {})
    try:
        threads = {v.thread_id for v in store.versions(paused[0])}
        assert threads == {paused[0]}
        assert {v.section for v in store.versions(paused[0])} >= {"essay", "thesis", "wire"}
        assert store.existing_thread(DATE) in paused  # the latest served run is the date's run
    finally:
        store.close()


def expect_published(client: SyncLangGraphClient, thread: str, output: dict[str, Any]) -> None:
    assert output["status"] == "published"
    final = Path(output["package_dir"]) / "final.md"
    assert final.read_text(encoding="utf-8") == output["package"]["final.md"]
    assert "final.html" in output["package"]
    assert client.threads.get(thread)["status"] == "idle"


def expect_edited(client: SyncLangGraphClient, thread: str, output: dict[str, Any]) -> None:
    assert output["status"] == "awaiting_review" and output["draft_version"] == 2
    assert all(paragraph in output["package"]["draft.md"] for paragraph in EDITED)
    request = pending_request(client, thread)  # the re-checked edit is the next draft to review
    assert request["action_request"]["args"]["paragraphs"] == EDITED
    essays = [v for v in output_of(client, thread)["versions"] if v["section"] == "essay"]
    assert [v["origin"] for v in essays] == ["draft", "editor edit"]


def expect_notes_kept(client: SyncLangGraphClient, thread: str, output: dict[str, Any]) -> None:
    # No model on this server: the notes are kept and the editor is asked again, saying why.
    assert output["status"] == "awaiting_review" and output["draft_version"] == 1
    assert "notes stored but not applied" in pending_request(client, thread)["description"]
    (decision,) = output_of(client, thread)["editor_decisions"]
    assert decision["notes"] == "Lead with the Amazon deal; cut the OCR item."


def expect_ignored(client: SyncLangGraphClient, thread: str, output: dict[str, Any]) -> None:
    assert output["status"] == "ignored"
    assert "final.md" not in output["package"]
    assert not (Path(output["package_dir"]) / "final.md").exists()
    assert client.threads.get(thread)["status"] == "idle"


OUTCOMES = {accept_null: expect_published, accept_as_inbox_sends_it: expect_published,
            edit_field_as_string: expect_edited, edit_args_as_json_string: expect_edited,
            respond: expect_notes_kept, ignore: expect_ignored}


@pytest.mark.parametrize("reply", REPLIES, ids=[r.__name__ for r in REPLIES])
def test_each_agent_inbox_reply_is_acted_on(client, paused, reply):
    thread = paused[REPLIES.index(reply)]
    output = answer(client, thread, reply(pending_request(client, thread)))
    OUTCOMES[reply](client, thread, output)


def test_an_invalid_reply_asks_again_and_the_next_reply_works(client, paused):
    thread = paused[len(REPLIES)]
    for invalid in ([{"type": "approve", "args": None}], "yes please"):
        output = answer(client, thread, invalid)
        assert output["status"] == "awaiting_review"
        request = pending_request(client, thread)  # still interrupted, not failed
        assert request["description"].startswith("**Your last reply was not applied:**")
    assert "a reply is an object" in request["error"]

    expect_published(client, thread, answer(client, thread, [{"type": "accept", "args": None}]))
    assert [d["type"] for d in output_of(client, thread)["editor_decisions"]] == ["accept"]


# -- scheduled mornings: scripts/start_morning.py -----------------------------------------------


def start_morning(url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    """The script as a cron job runs it: its own process and a bare environment."""
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run([sys.executable, str(REPO_ROOT / "scripts" / "start_morning.py"),
                           "--url", url, *extra], env=env, capture_output=True, text=True,
                          timeout=120)


def test_start_morning_starts_the_day_once_and_the_inbox_answers_it(desk, client):
    started = start_morning(desk.server.url, "--date", DATE, "--sample", "--wait")
    assert started.returncode == 0, started.stderr
    morning = json.loads(started.stdout)
    thread = morning["thread_id"]
    assert morning["status"] == "awaiting_review"
    assert morning["package_dir"] == str(desk.out_dir / DATE / thread)
    assert client.threads.get(thread)["metadata"]["date"] == DATE

    again = start_morning(desk.server.url, "--date", DATE, "--sample")
    assert again.returncode == 2
    assert f"{DATE} already has a morning (thread {thread}, interrupted)" in again.stderr

    expect_published(client, thread, answer(client, thread, [{"type": "accept", "args": None}]))


def test_start_morning_registers_a_server_cron_that_drafts_each_days_own_date(desk, client):
    started = start_morning(desk.server.url, "--cron", "0 6 * * 1-5", "--sample", "--model",
                            "writer=anthropic:claude-sonnet-5-5")
    assert started.returncode == 0, started.stderr
    cron_id = json.loads(started.stdout)["cron_id"]
    (cron,) = [c for c in client.crons.search() if c["cron_id"] == cron_id]
    client.crons.delete(cron_id)  # never fires here
    assert cron["schedule"] == "0 6 * * 1-5"
    assert cron["on_run_completed"] == "keep"  # each morning's thread stays for the editor
    assert cron["payload"]["input"] == {"source": {"kind": "sample"}}  # no date: the firing's day
    assert cron["payload"]["context"] == {"models": {"writer": "anthropic:claude-sonnet-5-5"}}


def test_start_morning_refuses_a_malformed_model_before_calling_the_server(desk):
    started = start_morning(desk.server.url, "--date", DATE, "--model", "writer=gpt")
    assert started.returncode == 2
    assert "is not ROLE=provider:model" in started.stderr


def test_without_shared_checkpoints_the_cli_says_where_a_served_run_is(desk, client, paused,
                                                                       monkeypatch):
    # Plain langgraph.json: the server keeps its checkpoints; the CLI shares only the records.
    monkeypatch.setenv("DESK_DATA_DIR", str(desk.data_dir))
    runs = CliRunner().invoke(app, ["runs", "--json"])
    assert runs.exit_code == 0, runs.output
    (run,) = json.loads(runs.stdout)["runs"]
    assert run["date"] == DATE and run["status"] == "on the server"
    assert client.threads.get(run["thread_id"])  # the server's own thread
    review = CliRunner().invoke(app, ["review", DATE, "--approve"])
    assert review.exit_code == 1
    assert "was made by LangGraph Server" in review.output
    assert "langgraph.postgres.json" in review.output


def test_start_morning_reports_a_run_that_failed(desk, tmp_path):
    started = start_morning(desk.server.url, "--date", "2026-04-22", "--snapshot",
                            str(tmp_path / "missing.json"), "--wait")
    assert started.returncode == 1
    assert "the run of 2026-04-22" in started.stderr
    assert "failed with SnapshotError" in started.stderr
