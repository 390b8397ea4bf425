"""Recovering a review whose process died after ``interrupt()`` returned (in-process LangGraph with
a SqliteSaver file, no server): what a second ``Command(resume=...)`` and a plain
``invoke(None)`` do with the resume value the dead process had already saved, and, in contrast,
what a node that raised leaves behind.
"""

from __future__ import annotations

import json
import operator
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import pytest
import typing_extensions
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph import END, START, StateGraph
from langgraph.types import Command, interrupt

from tests.server.killed_resume import stored_resume_writes

pytestmark = pytest.mark.slow  # LangGraph facts behind the recovery design (make test-slow, CI)

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Killed:
    """A thread whose resume ``"first"`` was saved before its process was SIGKILLed."""

    db: Path
    returncode: int
    seen: list[Any]


def drive(db: Path, log: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tests.server.killed_resume", str(db), str(log),
                           *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)


def node_log(log: Path) -> list[Any]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def final_values(result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def killed(tmp_path_factory: pytest.TempPathFactory) -> Killed:
    work = tmp_path_factory.mktemp("killed-review")
    db, log = work / "checkpoints.sqlite", work / "node.jsonl"
    assert final_values(drive(db, log, "start"))["interrupts"] == ["decide"]
    dead = drive(db, log, "resume", "first", "--kill")
    return Killed(db=db, returncode=dead.returncode, seen=node_log(log))


def copy_of(killed: Killed, tmp_path: Path) -> tuple[Path, Path]:
    db = tmp_path / "checkpoints.sqlite"
    shutil.copyfile(killed.db, db)
    return db, tmp_path / "node.jsonl"


def test_the_killed_process_saw_its_resume_and_left_it_saved(killed):
    assert killed.returncode == -signal.SIGKILL
    assert killed.seen == ["first"]
    assert stored_resume_writes(killed.db) == 1


def test_a_new_resume_replaces_the_one_the_dead_process_saved(killed, tmp_path):
    db, log = copy_of(killed, tmp_path)
    assert final_values(drive(db, log, "resume", "second")) == {
        "values": {"decisions": ["second"]}, "interrupts": []}
    assert node_log(log) == ["second"]


def test_continuing_reruns_the_node_with_the_saved_resume(killed, tmp_path):
    db, log = copy_of(killed, tmp_path)
    assert final_values(drive(db, log, "continue")) == {
        "values": {"decisions": ["first"]}, "interrupts": []}
    assert node_log(log) == ["first"]


class Decisions(typing_extensions.TypedDict, total=False):
    decisions: Annotated[list[Any], operator.add]


def test_a_node_that_raised_after_interrupt_gets_its_first_reply_for_good():
    seen: list[Any] = []

    def review(state: Decisions) -> dict[str, Any]:
        decision = interrupt("decide")
        seen.append(decision)
        if decision == "bad":
            raise ValueError("reply not understood")
        return {"decisions": [decision]}

    builder = StateGraph(Decisions)
    builder.add_node("review", review)
    builder.add_edge(START, "review")
    builder.add_edge("review", END)
    saver = InMemorySaver()
    graph = builder.compile(checkpointer=saver)
    config = {"configurable": {"thread_id": "raised"}}
    graph.invoke({}, config)
    for reply in ("bad", "good"):
        with pytest.raises(ValueError, match="not understood"):
            graph.invoke(Command(resume=reply), config)
    assert seen == ["bad", "bad"]
    # the failed task's own resume write outlives it; a new resume only replaces the null task's
    pending = {(task_id == "00000000-0000-0000-0000-000000000000", channel)
               for task_id, channel, _ in saver.get_tuple(config).pending_writes}
    assert pending == {(True, "__resume__"), (False, "__resume__"), (False, "__interrupt__"),
                       (False, "__error__")}
