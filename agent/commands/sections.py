"""``desk regen``, ``desk history``, ``desk diff`` and ``desk restore``: one section at a time,
with every version kept (the work is done in ``agent.editor``; this module parses and prints)."""

from __future__ import annotations

import difflib
import json
import os
import time
from pathlib import Path

from rich.console import Console
from rich.padding import Padding
from rich.panel import Panel
from rich.text import Text

from agent.commands.output import Progress, print_summary
from agent.editor.actions import ReworkReport, editor_session, regenerate, restore
from agent.editor.versions import TRACKED_SECTIONS, section_text, summary_line
from agent.errors import DeskError, UnknownDateError, UsageError
from agent.paths import data_dir as resolve_data_dir, out_dir as resolve_out_dir
from agent.persistence import open_run_store
from agent.schemas import EditorDecision
from agent.clock import parse_date
from agent.persistence.runs import RunStore, SectionVersion
from agent.writing.rework import RegenTarget

console = Console(stderr=True)


def editor_name() -> str:
    return os.environ.get("DESK_EDITOR", "editor")


def regen_command(*, date: str, section: str, note: str | None, out: Path | None,
                  data_dir: Path | None, model_overrides: list[str]) -> int:
    target = RegenTarget.parse(section)
    day = parse_date(date).isoformat()
    started = time.perf_counter()
    request = EditorDecision(type="regen", section=target.label, note=note, editor=editor_name())
    with editor_session(date=day, data_dir=resolve_data_dir(data_dir),
                        out_dir=resolve_out_dir(out), decision=request, command="desk regen",
                        model_overrides=model_overrides, progress=Progress(console)) as session:
        report = regenerate(session, target.label, note=note, editor=editor_name())
        print_rework(report, f"regenerated {report.target}", "desk regen")
        print_summary(console, session, elapsed=time.perf_counter() - started)
    return 0


def restore_command(*, date: str, section: str, version: int, out: Path | None,
                    data_dir: Path | None) -> int:
    day = parse_date(date).isoformat()
    _check_section(section)
    request = EditorDecision(type="restore", section=section, version=version,
                             editor=editor_name())
    with editor_session(date=day, data_dir=resolve_data_dir(data_dir),
                        out_dir=resolve_out_dir(out), decision=request, command="desk restore",
                        progress=Progress(console)) as session:
        report = restore(session, section, version, editor=editor_name())
        print_rework(report, f"restored {section} v{version}", "desk restore")
    return 0


def print_rework(report: ReworkReport, headline: str, title: str) -> None:
    """The new versions, the essay's lints, the re-checked claims of the changed sections, and
    anything the editor should follow up."""
    lines = [Text.assemble((headline, "green"), f" → draft v{report.draft_version}"),
             Text(report.explanation)]
    lines += [Text(f"stored {v.section} v{v.version} ({v.origin})") for v in report.versions]
    if report.lint is not None:
        lines.append(Text(f"essay lints: {', '.join(v.id for v in report.lint) or 'none'}"))
    c = report.claims
    if c.supported + c.partial + c.unsupported + c.not_checkable:
        lines.append(Text(f"claims re-checked: {c.supported} supported, {c.partial} partial, "
                          f"{c.unsupported} unsupported, {c.not_checkable} not checkable"))
    else:
        lines.append(Text("no prose claims in the changed section (a table of items)"))
    lines += [Text(f"note: {notice}", style="yellow") for notice in report.notices]
    console.print(Panel(Text("\n").join(lines), title=title, expand=False))


def history_command(*, date: str, section: str | None, data_dir: Path | None,
                    as_json: bool) -> int:
    day = parse_date(date).isoformat()
    if section is not None:
        _check_section(section)
    store = open_run_store(resolve_data_dir(data_dir), os.environ)
    try:
        thread = _thread(store, day)
        versions = sorted(store.versions(thread, section),
                          key=lambda v: (TRACKED_SECTIONS.index(v.section), v.version))
    finally:
        store.close()
    if as_json:
        print(json.dumps({"date": day, "thread_id": thread,
                          "versions": [v.model_dump(mode="json") for v in versions]}))
        return 0
    out = Console()
    if not versions:
        out.print(f"No stored versions for {day}.")
        return 0
    out.print(Text(f"Section versions of {day}", style="bold"))
    for v in versions:  # one entry per version, wrapped at word boundaries (80 columns)
        draft = f"draft v{v.draft_version}" if v.draft_version else "no draft"
        out.print(Text.assemble((f"{v.section} v{v.version}", "bold"),
                                f" · {v.origin} · {draft} · {v.editor or 'desk'} · "
                                f"{v.created_at.replace('T', ' ')[:16]}"))
        out.print(Padding(Text(summary_line(v.section, v.content, width=160), style="dim"),
                          (0, 0, 0, 2)))
    return 0


def diff_command(*, date: str, section: str, v1: int, v2: int, data_dir: Path | None) -> int:
    day = parse_date(date).isoformat()
    _check_section(section)
    store = open_run_store(resolve_data_dir(data_dir), os.environ)
    try:
        thread = _thread(store, day)
        first, second = (_version(store, thread, day, section, n) for n in (v1, v2))
    finally:
        store.close()
    lines = list(difflib.unified_diff(
        section_text(section, first.content).splitlines(),
        section_text(section, second.content).splitlines(),
        fromfile=f"{section} v{v1} ({first.origin})", tofile=f"{section} v{v2} ({second.origin})",
        lineterm=""))
    out = Console()
    if not lines:
        out.print(f"v{v1} and v{v2} of {section} have the same text.", highlight=False)
    for line in lines:
        out.print(Text(line, style=_diff_style(line)), soft_wrap=True)
    return 0


def _diff_style(line: str) -> str:
    if line.startswith(("+++", "---")):
        return "bold"
    if line.startswith("@@"):
        return "cyan"
    return {"+": "green", "-": "red"}.get(line[:1], "")


def _check_section(section: str) -> None:
    if section not in TRACKED_SECTIONS:
        hint = " (versions are kept per section: use essay)" if section.startswith("essay.") else ""
        raise UsageError(f"unknown section {section!r}{hint}; choose one of "
                         f"{', '.join(TRACKED_SECTIONS)}")


def _thread(store: RunStore, day: str) -> str:
    thread = store.existing_thread(day)
    if thread is None:
        raise UnknownDateError(f"no saved run for {day}; start one with `desk draft --date {day}`")
    return thread


def _version(store: RunStore, thread: str, day: str, section: str, number: int) -> SectionVersion:
    found = store.version(thread, section, number)
    if found is None:
        known = [v.version for v in store.versions(thread, section)]
        listing = f"versions 1-{max(known)}" if known else "no versions yet"
        raise DeskError(f"{section} of {day} has no version {number} ({listing})")
    return found
