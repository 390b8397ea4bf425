"""One store, CLI or server: ``langgraph dev`` serving ``langgraph.postgres.json`` keeps its
checkpoints in the desk's PostgreSQL database (``DESK_DATABASE_URL``) beside the run records and
the ledger, so a morning started through the server (``scripts/start_morning.py``) is answered
from Agent Inbox *and* from ``desk review`` on the same thread, and ``desk runs``, ``desk cost``
and ``desk history`` show it. Skips, saying why, without langgraph-cli[inmem] or PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from langgraph_sdk.client import SyncLangGraphClient
from typer.testing import CliRunner

from agent.cli import app
from agent.paths import REPO_ROOT
from agent.persistence.database import Database
from agent.persistence.ledger import DatabaseLedger
from agent.persistence.runs import RunStore
from tests.postgres import fresh_database
from tests.server.conftest import langgraph_cli_missing
from tests.server.desk import (
    DATE, SHARED_CONFIG, DeskServer, answer, output_of, pending_request, serve_desk,
)
from tests.skipping import announce_skip

pytestmark = pytest.mark.server

OTHER_DATE = "2026-04-22"
LAST_DATE = "2026-04-24"


@pytest.fixture(scope="module")
def shared_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """One database for the module's server (each test drafts its own date)."""
    if (reason := langgraph_cli_missing()) is not None:  # before starting PostgreSQL for nothing
        announce_skip(request.config, reason)
    with fresh_database(request.getfixturevalue("postgres_server")) as url:
        yield url


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory, shared_url: str) -> Iterator[DeskServer]:
    with serve_desk(tmp_path_factory.mktemp("shared-store"), config=SHARED_CONFIG,
                    env={"DESK_DATABASE_URL": shared_url}) as served:
        yield served


def start_morning(url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    """``scripts/start_morning.py`` as a cron job runs it (its own process and environment)."""
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run([sys.executable, str(REPO_ROOT / "scripts" / "start_morning.py"),
                           "--url", url, *extra], env=env, capture_output=True, text=True,
                          timeout=120)


def desk(*args: str) -> Any:
    """A ``desk`` command on the shared store (the environment set by the test); its JSON."""
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if "--json" in args else result.stdout


def run_of(date: str) -> dict[str, Any]:
    """The date's row of ``desk runs --json``."""
    (run,) = [r for r in desk("runs", "--json")["runs"] if r["date"] == date]
    return run


def inbox_cut(client: SyncLangGraphClient, thread: str) -> tuple[list[str], dict[str, Any]]:
    """The editor cuts the essay's last paragraph in Agent Inbox (the draft's own sentences, so
    every claim stays supported); the draft's paragraphs and the run's output."""
    action = pending_request(client, thread)["action_request"]
    paragraphs = action["args"]["paragraphs"]
    args = {**action["args"], "paragraphs": json.dumps(paragraphs[:-1])}
    return paragraphs, answer(client, thread, [{"type": "edit", "args": {
        "action": action["action"], "args": args}}])


def test_a_served_morning_is_answered_from_the_inbox_and_desk_review(
        shared, shared_url, tmp_path, monkeypatch):
    started = start_morning(shared.server.url, "--date", DATE, "--sample", "--wait")
    assert started.returncode == 0, started.stderr
    morning = json.loads(started.stdout)
    thread = morning["thread_id"]
    assert morning["status"] == "awaiting_review"

    # The served run's records are in the shared database, keyed by the server's thread id.
    store = RunStore(Database.postgres(shared_url))
    ledger = DatabaseLedger(Database.postgres(shared_url))
    try:
        assert store.existing_thread(DATE) == thread
        assert {v.thread_id for v in store.versions(thread)} == {thread}
        assert ledger.run_info(thread) is not None

        with shared.client() as client:
            drafted, output = inbox_cut(client, thread)
            assert output["draft_version"] == 2 and len(drafted) >= 3

            # The CLI, with its own out dir, acts on the same thread through the shared
            # checkpoints: the editor keeps only the first paragraph.
            monkeypatch.setenv("DESK_DATABASE_URL", shared_url)
            monkeypatch.setenv("DESK_OUT_DIR", str(tmp_path / "cli-out"))
            edited = tmp_path / "essay.txt"
            edited.write_text(drafted[0], encoding="utf-8")
            desk("review", DATE, "--edit", str(edited), "--editor", "ada")
            assert output_of(client, thread)["draft_version"] == 3  # the server sees it
            assert run_of(DATE) == {"date": DATE, "thread_id": thread, "draft_version": 3,
                                    "status": "awaiting_review", "next": ["editor_review"]}

            published = answer(client, thread, [{"type": "accept", "args": None}])
            assert published["status"] == "published", output_of(client, thread)["review_error"]
        final = published["package"]["final.md"]
        assert drafted[0] in final and drafted[1] not in final  # the CLI's text was published
        assert (tmp_path / "cli-out" / DATE / thread / "draft.md").exists()

        history = desk("history", DATE, "--section", "essay", "--json")
        assert history["thread_id"] == thread
        assert [(v["origin"], v["editor"]) for v in history["versions"]] == [
            ("draft", None), ("editor edit", "editor"), ("editor edit", "ada")]
        actions = store.actions(DATE)
        assert [(a.decision["type"], a.status, a.thread_id) for a in actions] == [
            ("edit", "applied", thread), ("edit", "applied", thread),
            ("accept", "applied", thread)]
        assert desk("cost", DATE, "--json")["run_id"] == thread
        assert run_of(DATE)["status"] == "published"
    finally:
        store.close()
        ledger.close()


def test_desk_review_of_a_morning_the_inbox_already_closed_is_a_conflict(
        shared, shared_url, monkeypatch):
    started = start_morning(shared.server.url, "--date", OTHER_DATE, "--sample", "--wait")
    thread = json.loads(started.stdout)["thread_id"]
    with shared.client() as client:
        assert answer(client, thread, [{"type": "ignore", "args": None}])["status"] == "ignored"
    monkeypatch.setenv("DESK_DATABASE_URL", shared_url)
    result = CliRunner().invoke(app, ["review", OTHER_DATE, "--approve"])
    assert result.exit_code == 1
    assert "not waiting for review (status: ignored)" in result.output


def test_an_inbox_reply_to_a_morning_desk_review_already_published_changes_nothing(
        shared, shared_url, monkeypatch):
    started = start_morning(shared.server.url, "--date", LAST_DATE, "--sample", "--wait")
    thread = json.loads(started.stdout)["thread_id"]
    monkeypatch.setenv("DESK_DATABASE_URL", shared_url)
    desk("review", LAST_DATE, "--approve", "--editor", "ada")
    with shared.client() as client:
        # The Inbox still lists the thread until the server runs it again; a late reply is a
        # run with nothing to answer: the issue is not published twice.
        late = answer(client, thread, [{"type": "accept", "args": None}])
        assert late["status"] == "published"
        assert [d["editor"] for d in output_of(client, thread)["editor_decisions"]] == ["ada"]
        assert client.threads.get(thread)["status"] == "idle"
