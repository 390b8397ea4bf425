"""The wrapper every node is registered through: wall time per node into state (run.json's node
timings), progress lines, the router's crash-replay scope, and the test-only crash point after each node."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from agent.crashpoints import crash_point
from agent.llm.router import current_task
from agent.state import DeskState

def timed(name: str, node: Callable[..., dict[str, Any]],
          label: Callable[[Any], str] | None = None) -> Callable[..., dict[str, Any]]:
    """Record wall time per node into state (run.json's node timings) and report progress,
    under ``label(state)`` when given (``desk:papers`` for one of the parallel desks)."""

    @functools.wraps(node)
    def wrapper(state: DeskState, runtime: Any) -> Any:
        crash_point(f"before-node:{name}")  # test-only (agent.crashpoints)
        shown = label(state) if label is not None else name
        runtime.context.report(shown, "started")
        info = getattr(runtime, "execution_info", None)
        token = current_task.set(f"{name}:{info.task_id}" if info is not None else name)
        started = time.perf_counter()
        try:
            update = node(state, runtime)
        finally:
            current_task.reset(token)
        crash_point(f"after-node:{name}")  # test-only (agent.crashpoints)
        seconds = round(time.perf_counter() - started, 4)
        runtime.context.report(shown, f"done in {seconds:.2f}s")
        if isinstance(update, dict):
            update = {**update, "timings": [{"node": name, "seconds": seconds}]}
        return update

    return wrapper

