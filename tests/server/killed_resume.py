"""A one-interrupt graph on a SqliteSaver file, driven from a subprocess so a test can SIGKILL it
inside the node after ``interrupt()`` has returned its resume value.

    python -m tests.server.killed_resume DB LOG start
    python -m tests.server.killed_resume DB LOG resume VALUE [--kill]
    python -m tests.server.killed_resume DB LOG continue

Every value the node receives is appended to LOG (one JSON line) before the optional kill, so
the test sees what the node saw even when the process never returns. The final state (or the
pending interrupt) is printed as JSON on stdout.

LangGraph saves the resume value (a write of the null task to ``__resume__``) from a background
thread, typically some 100 ms after the node has started; a kill before that loses it. ``--kill``
therefore waits until the write is in the database, as it would be during a real LLM call.
"""

from __future__ import annotations

import argparse
import json
import operator
import os
import signal
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from typing import Annotated, Any

import typing_extensions
from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command, interrupt

THREAD: RunnableConfig = {"configurable": {"thread_id": "stranded"}}
RESUME_WRITES = "SELECT value FROM writes WHERE channel = '__resume__'"


class State(typing_extensions.TypedDict, total=False):
    decisions: Annotated[list[Any], operator.add]


def stored_resume_writes(db: Path) -> int:
    with closing(sqlite3.connect(db)) as connection:
        return len(connection.execute(RESUME_WRITES).fetchall())


def die_once_resume_is_saved(db: Path, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while stored_resume_writes(db) == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(os.getpid(), signal.SIGKILL)


def build(saver: SqliteSaver, db: Path, log: Path, *, kill: bool) -> CompiledStateGraph:
    def review(state: State) -> dict[str, Any]:
        decision = interrupt("decide")
        with log.open("a") as handle:
            handle.write(json.dumps(decision) + "\n")
        if kill:
            die_once_resume_is_saved(db)
        return {"decisions": [decision]}

    builder = StateGraph(State)
    builder.add_node("review", review)
    builder.add_edge(START, "review")
    builder.add_edge("review", END)
    return builder.compile(checkpointer=saver)


def run(db: Path, log: Path, action: str, value: str | None, *, kill: bool) -> dict[str, Any]:
    saver = SqliteSaver(sqlite3.connect(db, check_same_thread=False))
    graph = build(saver, db, log, kill=kill)
    payload: Any = {} if action == "start" else None
    if action == "resume":
        payload = Command(resume=value)
    output = graph.invoke(payload, THREAD, durability="sync", version="v2")
    return {"values": output.value, "interrupts": [i.value for i in output.interrupts]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db", type=Path)
    parser.add_argument("log", type=Path)
    parser.add_argument("action", choices=["start", "resume", "continue"])
    parser.add_argument("value", nargs="?")
    parser.add_argument("--kill", action="store_true",
                        help="SIGKILL inside the node once the resume value is saved")
    args = parser.parse_args()
    print(json.dumps(run(args.db, args.log, args.action, args.value, kill=args.kill)))


if __name__ == "__main__":
    main()
