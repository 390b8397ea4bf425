"""Test-only crash points: the process SIGKILLs itself at a named point, so the kill suites can
stop a real desk command at every node boundary and every store write, deterministically.

``DESK_TEST_KILL_AT=<label>`` names the point; labels are ``before-node:<node>`` (the previous
step is checkpointed, the node has not begun), ``after-node:<node>`` (a node returned, before
LangGraph checkpoints its writes), ``task-saved:<n>`` (the n-th task result LangGraph saved in
this process; its step's checkpoint is not written yet), ``store-write:<n>`` /
``store-written:<n>`` (the n-th write transaction of the process, before / after its commit),
``migration:<store>:<version>:<i>`` (before statement i of a migration) and ``action-stored``
(an editor's decision is stored, the graph has not acted on it).

``DESK_TEST_TRACE=<file>`` appends every label the process passes to the file, one a line, so a
suite can enumerate a command's points by running it once. ``DESK_TEST_PAUSE_AT=<label>`` with
``DESK_TEST_PAUSE_DIR=<dir>`` stops the process at the label (it creates ``<dir>/reached`` and
waits for ``<dir>/go``), so a concurrency test knows a command holds its date. Nothing but the
tests may set any of them.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

KILL_AT_ENV = "DESK_TEST_KILL_AT"
TRACE_ENV = "DESK_TEST_TRACE"
PAUSE_AT_ENV = "DESK_TEST_PAUSE_AT"
PAUSE_DIR_ENV = "DESK_TEST_PAUSE_DIR"
PAUSE_LIMIT_S = 300.0


def crash_point(label: str) -> None:
    trace = os.environ.get(TRACE_ENV)
    if trace:
        with open(trace, "a", encoding="utf-8") as handle:
            handle.write(label + "\n")
    if os.environ.get(KILL_AT_ENV) == label:
        os.kill(os.getpid(), signal.SIGKILL)
    if os.environ.get(PAUSE_AT_ENV) == label:
        _pause(Path(os.environ[PAUSE_DIR_ENV]))


def _pause(directory: Path) -> None:
    (directory / "reached").write_text(str(os.getpid()), encoding="utf-8")
    deadline = time.monotonic() + PAUSE_LIMIT_S
    while not (directory / "go").exists() and time.monotonic() < deadline:
        time.sleep(0.02)


def armed() -> bool:
    """Whether any crash point is set or traced (lets hot paths skip building labels)."""
    return any(os.environ.get(name) for name in (KILL_AT_ENV, TRACE_ENV, PAUSE_AT_ENV))
