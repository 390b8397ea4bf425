"""``desk draft`` and ``desk runs``: start, resume or report a morning run."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from rich.console import Console

from agent.commands.output import Progress, print_summary
from agent import clock
from agent.editor.recovery import recover
from agent.editor.runs import saved_runs
from agent.errors import LLMError, OutputError, RunStateError, SourceError, UsageError
from agent.paths import ARCHIVE_DIR, data_dir as resolve_data_dir, out_dir as resolve_out_dir
from agent.session import DeskSession, unfinished
from agent.sources.snapshots import read_snapshot, sample_path

console = Console(stderr=True)


def resolve_source(*, date: str | None, live: bool, snapshot: Path | None,
                   sample: str | None) -> tuple[str, dict]:
    """Which day and where its inputs come from; exactly one source flag at most."""
    if sum(bool(x) for x in (live, snapshot, sample)) > 1:
        raise UsageError("use only one of --live, --snapshot and --sample")
    if sample:
        if date and clock.parse_date(date) != clock.parse_date(sample):
            raise UsageError("--date and --sample name different days")
        sample_path(sample, ARCHIVE_DIR)  # an unknown sample day fails here, with the known days
        return clock.parse_date(sample).isoformat(), {"kind": "sample"}
    if snapshot:
        day = read_snapshot(snapshot).date  # fail early, with a clear message
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
                     model_overrides=model_overrides, fresh=fresh, progress=progress,
                     command="desk draft") as session:
        if fresh:
            for moved in move_aside_finals(session.context.package_dir(day)):
                console.print(f"kept the earlier {moved.name.split('.')[0]} file as {moved.name}",
                              highlight=False)
        progress.before_drafting(lambda: _announce_models(session))
        for recovered in recover(session):
            console.print(f"[yellow]{recovered.line}[/yellow]", highlight=False)
        current = session.state()
        status, todo = current.values.get("status"), unfinished(current)
        if "editor_review" in current.next:
            console.print(f"The {day} run is waiting for editor review.")
        elif status in ("published", "drafted", "ignored") and not todo:
            console.print(f"The {day} run is already {status}; use --fresh to draft it again.")
        else:
            payload = None if todo else {"date": day, "source": source,
                                         "review": not no_review}
            if payload is None:
                console.print(f"Resuming the {day} run from its last checkpoint "
                              f"(next: {', '.join(todo)}).")
            _run_or_pause(session, payload)
        print_summary(console, session, elapsed=time.perf_counter() - started)
    return 0


def _announce_models(session: DeskSession) -> None:
    if session.router.is_baseline:
        console.print("[yellow]No model key found: drafting with the no-LLM baseline writer."
                      "[/yellow]")
    else:
        from agent.llm.estimate import estimate_run_cost

        console.print(f"Pre-flight estimate: {estimate_run_cost(session.router).summary()}")


def _run_or_pause(session: DeskSession, payload: object) -> None:
    try:
        session.run(payload)
    except SourceError:
        if not session.state().values.get("snapshot_id"):
            forget_unstarted_run(session)  # nothing was drafted: leave no run behind
        raise
    except (LLMError, OutputError) as error:
        state = session.state()
        where = ", ".join(unfinished(state)) or "the next step"
        message = str(error).rstrip(".")
        hint = "" if "resume" in message else (
            ". Completed steps are checkpointed; run the same command again to resume")
        raise RunStateError(f"paused before {where}: {message}{hint}.") from error


def forget_unstarted_run(session: DeskSession) -> None:
    session.checkpointer.delete_thread(session.thread_id)
    session.store.forget_run(session.date, session.thread_id)


def move_aside_finals(package: Path) -> list[Path]:
    """Before a fresh run, final.md / final.html of the earlier run become final.vN.*, so the
    package never lists a published file the new run did not write."""
    moved = []
    finals = [package / name for name in ("final.md", "final.html") if (package / name).exists()]
    if not finals:
        return moved
    n = 1
    while any((package / f"final.v{n}{path.suffix}").exists() for path in finals):
        n += 1
    for path in finals:
        target = package / f"final.v{n}{path.suffix}"
        path.replace(target)
        moved.append(target)
    return moved


def runs_command(*, data_dir: Path | None, as_json: bool) -> int:
    rows = saved_runs(resolve_data_dir(data_dir), os.environ)
    if as_json:
        print(json.dumps({"runs": [{"date": r.date, "thread_id": r.thread_id, "status": r.status,
                                    "next": list(r.next), "draft_version": r.draft_version}
                                   for r in rows]}))
        return 0
    from rich.table import Table

    table = Table("date", "status", "draft", "next", "thread")
    for row in rows:
        table.add_row(row.date, row.status, f"v{row.draft_version}",
                      ", ".join(row.next) or "-", row.thread_id)
    Console().print(table if rows else "No saved runs.")
    return 0
