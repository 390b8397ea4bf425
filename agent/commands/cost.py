"""``desk cost D``: LLM calls, tokens and dollars of the run for date D, per node and per role.

Reads the ledger where the session wrote it (``<data_dir>/ledger.sqlite``, or PostgreSQL with
``DESK_DATABASE_URL``); the run is the date's current thread in the run store (``issue-D``, or
``issue-D-gN`` after ``--fresh``).
Beside the recorded cost it prints what the same tokens cost at the Sonnet-class reference price
(the unit docs/design.md §7's per-draft target is stated in).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict
from rich.console import Console
from rich.table import Table

from agent.errors import UnknownDateError, UsageError
from agent.llm.base import Usage
from agent.persistence.ledger import (
    CallRecord,
    LedgerTotals,
    RunInfo,
    totals_by,
    totals_of,
)
from agent.llm.pricing import PriceTable
from agent.persistence.runs import thread_id_for as run_id_for
from agent.paths import data_dir as resolve_data_dir


class CostReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: str
    run_id: str
    models: dict[str, str]
    totals: LedgerTotals
    by_node: dict[str, LedgerTotals]
    by_role: dict[str, LedgerTotals]
    unpriced_models: list[str]
    degradations: list[str]
    usd_at_sonnet_class: float | None


def cost_command(*, date: str, data_dir: Path | None, as_json: bool) -> int:
    report = build_cost_report(date=date, data_dir=data_dir)
    if as_json:
        print(json.dumps(report.model_dump(mode="json"), indent=2))
    else:
        print_cost_report(report, Console())
    return 0


def build_cost_report(*, date: str, data_dir: Path | None, prices: PriceTable | None = None,
                      env: Mapping[str, str] | None = None) -> CostReport:
    _check_date(date)
    root = resolve_data_dir(data_dir)
    env = os.environ if env is None else env
    run_id = current_run_id(root, date, env)
    calls, info = _read_run(root, run_id, env)
    if info is None and not calls:
        raise UnknownDateError(f"no run for {date} in {root}: draft it first (desk draft --date "
                               f"{date})")
    reference = (prices or PriceTable.load()).reference()
    return CostReport(
        date=date, run_id=run_id,
        models=info.models if info else {},
        totals=totals_of(calls),
        by_node=totals_by(calls, lambda c: c.node),
        by_role=totals_by(calls, lambda c: c.role),
        unpriced_models=sorted({f"{c.provider}:{c.model}" for c in calls if not c.cost_known}),
        degradations=info.degradations if info else [],
        usd_at_sonnet_class=(round(sum(reference.cost(_usage(c)) for c in calls), 6)
                             if reference else None),
    )


def print_cost_report(report: CostReport, console: Console) -> None:
    console.print(f"[bold]LLM cost of {report.date}[/bold] (run {report.run_id})")
    if report.models:
        console.print("models: " + ", ".join(f"{r}={m}" for r, m in report.models.items()))
    if report.totals.calls == 0:
        console.print("no LLM calls: the run used the baseline writer only")
        return
    console.print(_table("per node", report.by_node, report.totals))
    console.print(_table("per role", report.by_role, report.totals))
    if report.usd_at_sonnet_class is not None:
        console.print(f"at Sonnet-class list prices: ${report.usd_at_sonnet_class:.4f}")
    if report.totals.failed_calls:
        console.print(f"[yellow]{report.totals.failed_calls} call(s) failed[/yellow]")
    if report.unpriced_models:
        console.print(f"[yellow]no price for {', '.join(report.unpriced_models)}; their cost is "
                      "not counted (add them to config/prices.toml)[/yellow]")
    for degradation in report.degradations:
        console.print(f"[yellow]degraded:[/yellow] {degradation}")


def _table(title: str, groups: dict[str, LedgerTotals], total: LedgerTotals) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("", "calls", "input", "output", "cache read", "cache write", "$"):
        table.add_column(column, justify="left" if not column else "right")
    for name, totals in [*groups.items(), ("total", total)]:
        table.add_row(name, str(totals.calls), f"{totals.input_tokens:,}",
                      f"{totals.output_tokens:,}", f"{totals.cache_read_tokens:,}",
                      f"{totals.cache_write_tokens:,}", f"{totals.cost_usd:.4f}",
                      end_section=name == list(groups)[-1])
    return table


def current_run_id(data_dir: Path, date: str, env: Mapping[str, str]) -> str:
    """The date's current thread; ``issue-D`` when the run store does not know the date."""
    from agent.persistence import RUN_STORE_FILE, database_url, open_run_store

    if database_url(env) is None and not (data_dir / RUN_STORE_FILE).exists():
        return run_id_for(date)
    store = open_run_store(data_dir, env)
    try:
        return store.existing_thread(date) or run_id_for(date)
    finally:
        store.close()


def _read_run(data_dir: Path, run_id: str,
              env: Mapping[str, str]) -> tuple[list[CallRecord], RunInfo | None]:
    from agent.persistence import open_ledger

    ledger = open_ledger(data_dir, env)
    if ledger is None:
        return [], None
    try:
        return ledger.calls(run_id), ledger.run_info(run_id)
    finally:
        ledger.close()


def _usage(call: CallRecord) -> Usage:
    return Usage(input_tokens=call.input_tokens, output_tokens=call.output_tokens,
                 cache_read_tokens=call.cache_read_tokens,
                 cache_write_tokens=call.cache_write_tokens)


def _check_date(date: str) -> None:
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        raise UsageError(f"date {date!r} is not YYYY-MM-DD") from None
