"""The desk's own graph under a real ``langgraph dev``: its configs, a server with private data and
out directories and its own ``.env`` (a developer's repository ``.env`` never reaches a test
server), and the client calls the tests make (start a morning, answer the interrupt the way
Agent Inbox does)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langgraph_sdk.client import SyncLangGraphClient

from agent.paths import REPO_ROOT
from tests.server.conftest import LanggraphServer, langgraph_dev, served_config

DESK_CONFIG = REPO_ROOT / "langgraph.json"
SHARED_CONFIG = REPO_ROOT / "langgraph.postgres.json"
GRAPH_ID = "inference_desk"
DATE = "2026-04-21"
SAMPLE_INPUT = {"date": DATE, "source": {"kind": "sample"}}


@dataclass(frozen=True)
class DeskServer:
    """A served desk and where it keeps the desk's files."""

    server: LanggraphServer
    data_dir: Path
    out_dir: Path

    def client(self) -> SyncLangGraphClient:
        return self.server.client()


def isolated_config(config: Path, root: Path, dotenv: Mapping[str, str]) -> Path:
    """``config`` with absolute paths and its ``env`` file replaced by one holding ``dotenv``."""
    staged = served_config(config, root)
    env_file = root / "server.env"
    env_file.write_text("".join(f"{name}={value}\n" for name, value in dotenv.items()))
    data = json.loads(staged.read_text())
    data["env"] = str(env_file)
    staged.write_text(json.dumps(data, indent=2))
    return staged


@contextmanager
def serve_desk(root: Path, *, config: Path = DESK_CONFIG, dotenv: Mapping[str, str] | None = None,
               env: Mapping[str, str] | None = None) -> Iterator[DeskServer]:
    """``langgraph dev`` serving the desk with its data and packages under ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    data_dir, out_dir = root / "data", root / "out"
    server_env = {"DESK_DATA_DIR": str(data_dir), "DESK_OUT_DIR": str(out_dir), **(env or {})}
    staged = isolated_config(config, root, dotenv or {})
    with langgraph_dev(staged, root / "server", env=server_env) as server:
        yield DeskServer(server=server, data_dir=data_dir, out_dir=out_dir)


def start_runs(client: SyncLangGraphClient, count: int, *,
               inputs: Mapping[str, Any] = SAMPLE_INPUT,
               context: Mapping[str, Any] | None = None) -> list[str]:
    """``count`` new threads, each drafting ``inputs``, started together (the queue runs them in
    parallel); returns their ids once every run has paused or ended. (``runs.join`` on a run that
    already ended returns only its interrupt, so read results from the thread's state.)"""
    started = []
    for _ in range(count):
        thread = client.threads.create()["thread_id"]
        run = client.runs.create(thread, GRAPH_ID, input=dict(inputs),
                                 context=dict(context) if context else None)
        started.append((thread, run["run_id"]))
    for thread, run_id in started:
        client.runs.join(thread, run_id)
    return [thread for thread, _ in started]


def answer(client: SyncLangGraphClient, thread_id: str, reply: Any) -> dict[str, Any]:
    """Resume the thread as Agent Inbox does (``Command(resume=reply)``); the run's output."""
    output = client.runs.wait(thread_id, GRAPH_ID, command={"resume": reply})
    assert isinstance(output, dict) and "__error__" not in output, output
    return output


def pending_request(client: SyncLangGraphClient, thread_id: str) -> dict[str, Any]:
    """The HumanInterrupt the thread waits on, read the way Agent Inbox reads it."""
    thread = client.threads.get(thread_id)
    assert thread["status"] == "interrupted", thread["status"]
    (interrupts,) = thread["interrupts"].values()
    (interrupt,) = interrupts
    assert isinstance(interrupt["value"], list) and len(interrupt["value"]) == 1
    return interrupt["value"][0]


def output_of(client: SyncLangGraphClient, thread_id: str) -> dict[str, Any]:
    """The graph's current values (state) of a thread."""
    return client.threads.get_state(thread_id)["values"]
