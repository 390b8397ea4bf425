"""``desk draft`` and ``desk runs``: start, resume or report a morning run."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path

from rich.console import Console

from agent.commands.output import Progress, print_summary
from agent import clock
from agent.errors import LLMError, OutputError, RunStateError, UsageError
from agent.paths import ARCHIVE_DIR, data_dir as resolve_data_dir, out_dir as resolve_out_dir
from agent.editor.versions import record_versions
from agent.persistence import RUN_STORE_FILE, database_url, open_backends
from agent.session import DeskSession
from agent.sources.snapshots import load_snapshot, sample_path

console = Console(stderr=True)


def resolve_source(*, date: str | None, live: bool, snapshot: Path | None,
                   sample: str | None) -> tuple[str, dict]:
    """Which day and where its inputs come from; exactly one source flag at most."""
    if sum(bool(x) for x in (live, snapshot, sample)) > 1:
        raise UsageError("use only one of --live, --snapshot and --sample")
    if sample:
        if date and clock.parse_date(date) != clock.parse_date(sample):
            raise UsageError("--date and --sample name different days")
        return clock.parse_date(sample).isoformat(), {"kind": "snapshot",
                                                "path": str(sample_path(sample, ARCHIVE_DIR))}
    if snapshot:
        day = load_snapshot(snapshot).date  # fail early, with a clear message
        if date and clock.parse_date(date) != day:
            raise UsageError(f"--date {date} does not match the snapshot's date {day}")
        return day.isoformat(), {"kind": "snapshot", "path": str(snapshot.resolve())}
    day = clock.parse_date(date) if date else clock.today()
    return day.isoformat(), {"kind": "live"}


def draft_command(*, date: str | None, live: bool, snapshot: Path | None, sample: str | None,
                  out: Path | None, data_dir: Path | None, no_review: bool,
                  model_overrides: list[str], fresh: bool) -> int:
    day, source = resolve_source(date=date, live=live, snapshot=snapshot, sample=sample)
    progress = Progress(console)
    started = time.perf_counter()
    with DeskSession(date=day, data_dir=resolve_data_dir(data_dir), out_dir=resolve_out_dir(out),
                     model_overrides=model_overrides, fresh=fresh, progress=progress) as session:
        if session.router.is_baseline:
            console.print("[yellow]No model key found: drafting with the no-LLM baseline writer."
                          "[/yellow]")
        else:
            from agent.llm.estimate import estimate_run_cost

            console.print(f"Pre-flight estimate: {estimate_run_cost(session.router).summary()}")
        current = session.state()
        if current.next and "editor_review" in current.next:
            console.print(f"The {day} run is waiting for editor review.")
        elif current.values.get("status") in ("published", "drafted", "ignored") and not current.next:
            console.print(f"The {day} run is already {current.values['status']}; "
                          "use --fresh to draft it again.")
        else:
            payload = None if current.next else {"date": day, "source": source,
                                                 "review": not no_review}
            if payload is None:
                console.print(f"Resuming the {day} run from its last checkpoint "
                              f"(next: {', '.join(current.next)}).")
            try:
                _run_or_pause(session, payload)
            finally:  # every section version written so far is kept, even if a step failed
                record_versions(session, update_origin="draft")
        print_summary(console, session, elapsed=time.perf_counter() - started)
    return 0


def _run_or_pause(session: DeskSession, payload: object) -> None:
    try:
        session.run(payload)
    except (LLMError, OutputError) as error:
        state = session.state()
        where = ", ".join(state.next) or "the next step"
        message = str(error).rstrip(".")
        hint = "" if "resume" in message else (
            ". Completed steps are checkpointed; run the same command again to resume")
        raise RunStateError(f"paused before {where}: {message}{hint}.") from error


def runs_command(*, data_dir: Path | None, as_json: bool) -> int:
    rows = saved_runs(resolve_data_dir(data_dir))
    if as_json:
        print(json.dumps({"runs": rows}))
        return 0
    from rich.table import Table

    table = Table("date", "status", "draft", "next", "thread")
    for row in rows:
        table.add_row(row["date"], row["status"], f"v{row['draft_version']}",
                      ", ".join(row["next"]) or "-", row["thread_id"])
    Console().print(table if rows else "No saved runs.")
    return 0


def saved_runs(root: Path) -> list[dict]:
    """Every date's current run and where it stands: one store, one compiled graph for all."""
    if database_url(os.environ) is None and not (root / RUN_STORE_FILE).exists():
        return []
    from agent.graph import build_graph

    backends = open_backends(root, os.environ)
    try:
        graph = build_graph(backends.checkpointer)
        rows = []
        for day, thread in backends.store.dates():
            state = graph.get_state({"configurable": {"thread_id": thread}})
            rows.append({"date": day, "thread_id": thread,
                         "status": state.values.get("status", "unknown"),
                         "next": list(state.next),
                         "draft_version": state.values.get("draft_version", 0)})
        return rows
    finally:
        backends.close()
