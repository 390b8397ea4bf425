"""Start the day's draft on a LangGraph Server (``langgraph dev`` or a deployment) from a client or
a cron job: one thread per morning, one run with the day's input and context. The run stops at
the editor's review; answer it from Agent Inbox (the thread is interrupted) or with
``desk review DATE`` on a machine that shares the server's store (docs/deployment.md).

    python scripts/start_morning.py --url http://127.0.0.1:2024 --date 2026-04-21 --sample --wait
    python scripts/start_morning.py --url "$DESK_SERVER_URL"              # today, live sources
    python scripts/start_morning.py --url "$DESK_SERVER_URL" --cron "0 6 * * 1-5"  # server cron

It prints one JSON object (thread id, run id, date; with ``--wait`` the run's status and package
directory; with ``--cron`` the cron id). Exit codes: 0 started, 1 the server refused or the run
failed, 2 usage error. The API key, if the server needs one, comes from LANGGRAPH_API_KEY.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass
from typing import Any

import httpx
from langgraph_sdk import get_sync_client
from langgraph_sdk.client import SyncLangGraphClient

from agent.clock import desk_timezone_name, parse_date, today
from agent.errors import UsageError
from agent.llm.factory import parse_override

GRAPH_ID = "inference_desk"
"""The graph's name in langgraph.json (its default assistant)."""


class MorningFailed(RuntimeError):
    """The run started but ended in an error (the server's log says why)."""


@dataclass(frozen=True)
class Morning:
    """A started morning: where the editor finds it."""

    date: str
    thread_id: str
    run_id: str
    status: str | None = None
    """With --wait: awaiting_review, published, ... (the run's output status)."""
    package_dir: str | None = None


def morning_input(date: str | None, source: dict[str, str]) -> dict[str, Any]:
    """The graph's input (``DeskInput``); without a date the graph drafts its own today."""
    return {"source": source} | ({"date": date} if date else {})


def morning_context(models: list[str], out_dir: str | None) -> dict[str, Any]:
    """The run's ``DeskSettings``: models per role as provider:model strings (never keys)."""
    context: dict[str, Any] = {}
    if models:
        context["models"] = {role_of(text): text.split("=", 1)[1] for text in models}
    if out_dir:
        context["out_dir"] = out_dir
    return context


def role_of(override: str) -> str:
    parse_override(override)  # a UsageError names what is wrong with it
    return override.split("=", 1)[0]


def existing_thread(client: SyncLangGraphClient, date: str) -> dict[str, Any] | None:
    found = client.threads.search(metadata={"graph_id": GRAPH_ID, "date": date}, limit=1)
    return found[0] if found else None


def start_morning(client: SyncLangGraphClient, *, date: str, source: dict[str, str],
                  context: dict[str, Any], wait: bool) -> Morning:
    """Create the morning's thread and its run; with ``wait``, until the run pauses or ends."""
    thread = client.threads.create(metadata={"graph_id": GRAPH_ID, "date": date,
                                             "source": source["kind"]})
    run = client.runs.create(thread["thread_id"], GRAPH_ID, input=morning_input(date, source),
                             context=context or None, metadata={"date": date})
    morning = Morning(date=date, thread_id=thread["thread_id"], run_id=run["run_id"])
    if not wait:
        return morning
    joined = client.runs.join(thread["thread_id"], run["run_id"])
    if not isinstance(joined, dict) or "__error__" in joined:
        error = joined.get("__error__", {}) if isinstance(joined, dict) else {}
        raise MorningFailed(f"the run of {date} (thread {thread['thread_id']}) failed with "
                            f"{error.get('error', joined)}; the server's log has the details")
    # Joining a run that already ended returns only its interrupt: read the thread's state.
    values = client.threads.get_state(thread["thread_id"])["values"]
    return Morning(**{**asdict(morning), "status": values.get("status"),
                      "package_dir": values.get("package_dir")})


def schedule_mornings(client: SyncLangGraphClient, *, schedule: str, timezone: str,
                      source: dict[str, str], context: dict[str, Any]) -> dict[str, Any]:
    """A server cron: each firing makes a new thread (kept, so the editor can answer it) and
    drafts that day (no date in the input: the graph takes today in the desk's time zone)."""
    cron = client.crons.create(GRAPH_ID, schedule=schedule, input=morning_input(None, source),
                               context=context or None, on_run_completed="keep",
                               timezone=timezone, metadata={"source": source["kind"]})
    return {"cron_id": cron["cron_id"], "schedule": schedule, "timezone": timezone}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="the LangGraph Server's URL")
    parser.add_argument("--date", help="issue date YYYY-MM-DD (default: today in the desk's zone)")
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--live", action="store_true", help="live sources (the default)")
    kind.add_argument("--sample", action="store_true", help="the bundled sample of that date")
    kind.add_argument("--snapshot", metavar="PATH", help="a snapshot file on the server's disk")
    parser.add_argument("--model", action="append", default=[], metavar="ROLE=provider:model",
                        help="model per role for this run (keys stay in the server's env)")
    parser.add_argument("--out-dir", help="package root on the server (default: its DESK_OUT_DIR)")
    parser.add_argument("--wait", action="store_true", help="wait until the run pauses or ends")
    parser.add_argument("--again", action="store_true",
                        help="start another thread even if the date already has one")
    parser.add_argument("--cron", metavar="SCHEDULE",
                        help="register a server cron (e.g. '0 6 * * 1-5') instead of one run")
    return parser.parse_args(argv)


def source_of(args: argparse.Namespace) -> dict[str, str]:
    if args.sample:
        return {"kind": "sample"}
    if args.snapshot:
        return {"kind": "snapshot", "path": args.snapshot}
    return {"kind": "live"}


def run(args: argparse.Namespace) -> dict[str, Any]:
    context = morning_context(args.model, args.out_dir)
    with get_sync_client(url=args.url) as client:
        if args.cron:
            if args.date:
                raise UsageError("--cron drafts the day of each firing: drop --date")
            return schedule_mornings(client, schedule=args.cron, timezone=desk_timezone_name(),
                                     source=source_of(args), context=context)
        date = (parse_date(args.date) if args.date else today()).isoformat()
        if not args.again and (found := existing_thread(client, date)) is not None:
            raise UsageError(f"{date} already has a morning (thread {found['thread_id']}, "
                             f"{found['status']}); pass --again to start another")
        return asdict(start_morning(client, date=date, source=source_of(args), context=context,
                                    wait=args.wait))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        print(json.dumps(run(args)))
    except UsageError as error:
        print(f"start_morning: {error}", file=sys.stderr)
        return 2
    except (httpx.HTTPError, MorningFailed) as error:  # the SDK's errors are httpx errors
        print(f"start_morning: {args.url}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
