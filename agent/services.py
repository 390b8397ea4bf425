"""The services a run needs, built from its settings: the composition root of the desk.

The CLI's session builds a ``DeskContext`` itself (it also holds the checkpointer and the date
lock). A run served by LangGraph Server arrives with only ``DeskSettings`` (or nothing); the
graph's node wrapper (``served``) turns them into a full context here, exactly as the CLI would:
models from the environment's keys and the settings' ``models``, the same stores
(``DESK_DATABASE_URL``, else the data directory), packages per thread under the out dir.
Keys never enter settings, context or state.
"""

from __future__ import annotations

import functools
import json
import os
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from langgraph.config import get_config
from langgraph.runtime import Runtime

from agent.context import DeskContext, DeskSettings
from agent.persistence import database_url, open_ledger, open_run_store
from agent.persistence.ledger import Ledger
from agent.persistence.runs import RunStore

_lock = threading.Lock()
_stores: dict[tuple[str, str], tuple[RunStore, Ledger]] = {}
_contexts: dict[tuple[str, str], DeskContext] = {}
MAX_CONTEXTS = 64


def served(node: Callable[..., Any]) -> Callable[..., Any]:
    """Run ``node`` with a full DeskContext even when the caller gave only settings."""

    @functools.wraps(node)
    def wrapper(state: Any, runtime: Runtime[Any]) -> Any:
        if not isinstance(runtime.context, DeskContext):
            settings = runtime.context if isinstance(runtime.context, DeskSettings) else (
                DeskSettings(**runtime.context) if isinstance(runtime.context, dict)
                else DeskSettings())
            thread = str(get_config().get("configurable", {}).get("thread_id", ""))
            runtime = runtime.override(context=context_for(settings, thread, os.environ))
        return node(state, runtime)

    return wrapper


def context_for(settings: DeskSettings, thread_id: str, env: Mapping[str, str]) -> DeskContext:
    """One context per (settings, thread), cached: a served run's nodes share its router."""
    from agent.llm.factory import build_router
    from agent.render.package import HandoffWriter

    key = (json.dumps(vars(settings), sort_keys=True, default=str), thread_id)
    with _lock:
        if key in _contexts:
            return _contexts[key]
        runs, ledger = _stores_for(settings.data_root, env)
        overrides = [f"{role}={model}" for role, model in settings.models.items()]
        context = DeskContext(**vars(settings), runs=runs, package=HandoffWriter(),
                              thread_id=thread_id, package_per_thread=True,
                              llm=build_router(overrides=overrides, env=env, ledger=ledger,
                                               run_id=thread_id or "served"))
        if len(_contexts) >= MAX_CONTEXTS:
            _contexts.pop(next(iter(_contexts)))
        _contexts[key] = context
        return context


def _stores_for(data_dir: Path, env: Mapping[str, str]) -> tuple[RunStore, Ledger]:
    """The run store and ledger for a data dir (or DESK_DATABASE_URL), opened once per process."""
    key = (str(data_dir), database_url(env) or "")
    if key not in _stores:
        ledger = open_ledger(data_dir, env, create=True)
        assert ledger is not None
        _stores[key] = (open_run_store(data_dir, env), ledger)
    return _stores[key]
