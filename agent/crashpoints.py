"""Test-only crash points: the process SIGKILLs itself at a named point, so the kill suites can
stop a real desk command at every node boundary and every store write, deterministically.

``DESK_TEST_KILL_AT=<label>`` names the point; labels are ``after-node:<node>`` (a node returned,
before LangGraph checkpoints its writes), ``store-write:<n>`` / ``store-written:<n>`` (the n-th
write transaction of the process, before / after its commit), ``migration:<store>:<version>:<i>``
(before statement i of a migration) and ``action-stored`` (an editor's decision is stored, the
graph has not acted on it). Nothing but the tests may set it.
"""

from __future__ import annotations

import os
import signal

KILL_AT_ENV = "DESK_TEST_KILL_AT"


def crash_point(label: str) -> None:
    if os.environ.get(KILL_AT_ENV) == label:
        os.kill(os.getpid(), signal.SIGKILL)


def armed() -> bool:
    """Whether any crash point is set (lets hot paths skip building labels)."""
    return bool(os.environ.get(KILL_AT_ENV))
