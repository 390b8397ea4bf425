"""Conversions between the JSON-native graph state and the pydantic contracts, plus the timing
wrapper every node is registered through."""

from __future__ import annotations

import functools
import os
import signal
import time
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, TypeAdapter

from agent.llm.router import current_task
from agent.schemas import (
    Claim, DaySnapshot, LeadEssay, SectionEssay, Storyline, Thesis,
)
from agent.state import DeskState

_claims = TypeAdapter(list[Claim])


def dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")


def snapshot_of(state: DeskState) -> DaySnapshot:
    return DaySnapshot.model_validate(state["snapshot"])


def storylines_of(state: DeskState) -> list[Storyline]:
    return [Storyline.model_validate(s) for s in state.get("storylines", [])]


def sections_of(state: DeskState) -> dict[str, SectionEssay]:
    return {name: SectionEssay.model_validate(s) for name, s in state.get("sections", {}).items()}


def thesis_of(state: DeskState) -> Thesis | None:
    return Thesis.model_validate(state["thesis"]) if state.get("thesis") else None


def essay_of(state: DeskState) -> LeadEssay:
    return LeadEssay.model_validate(state["essay"])


def claims_of(state: DeskState) -> list[Claim]:
    return _claims.validate_python(state.get("claims", []))


def timed(name: str, node: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    """Record wall time per node into state (run.json's node timings) and report progress."""

    @functools.wraps(node)
    def wrapper(state: DeskState, runtime: Any) -> Any:
        runtime.context.report(name, "started")
        info = getattr(runtime, "execution_info", None)
        token = current_task.set(f"{name}:{info.task_id}" if info is not None else name)
        started = time.perf_counter()
        try:
            update = node(state, runtime)
        finally:
            current_task.reset(token)
        _kill_for_crash_test(name)
        seconds = round(time.perf_counter() - started, 4)
        runtime.context.report(name, f"done in {seconds:.2f}s")
        if isinstance(update, dict):
            update = {**update, "timings": [{"node": name, "seconds": seconds}]}
        return update

    return wrapper


KILL_AFTER_ENV = "DESK_TEST_KILL_AFTER"


def _kill_for_crash_test(name: str) -> None:
    """Test-only crash hook: with ``DESK_TEST_KILL_AFTER=<node>`` the process SIGKILLs itself
    the moment that node returns, before LangGraph checkpoints its writes (the harshest node
    boundary). tests/reliability/test_kill_resume.py uses it; nothing else may set it."""
    if os.environ.get(KILL_AFTER_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
