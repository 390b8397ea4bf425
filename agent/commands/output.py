"""Terminal output shared by the commands: per-node progress and the one-screen summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from rich.console import Console
from rich.panel import Panel

from agent.editor.resume import ActionResult
from agent.render.package import PACKAGE_FILES
from agent.session import DeskSession
from agent.state import draft_version_of


class Progress:
    """Receives (node, message) from the graph; prints one line per node event.

    Streamed token deltas (node ``llm``) are shown as a dot per chunk so long generations are
    visibly alive without flooding the terminal. Lines wrap at word boundaries (rich), never
    mid-word.
    """

    def __init__(self, console: Console) -> None:
        self.console = console
        self._before_drafting: Callable[[], None] | None = None

    def before_drafting(self, announce: Callable[[], None]) -> None:
        """Call ``announce`` once, when the first node after gathering starts: a day refused
        at gathering (no news, no sources) then ends in its one error line alone."""
        self._before_drafting = announce

    def __call__(self, node: str, message: str) -> None:
        if self._before_drafting is not None and node != "gather":
            announce, self._before_drafting = self._before_drafting, None
            announce()
        if node == "llm":
            self.console.print(".", end="", style="dim", highlight=False)
            return
        if message == "started":
            return
        self.console.print(f"[green]✓[/green] [bold]{node}[/bold] {message}", highlight=False,
                           overflow="fold")


def print_recovered(console: Console, result: ActionResult) -> None:
    if result.recovered:
        console.print(f"[yellow]finished your earlier {result.decision.type} (action "
                      f"#{result.action_id}), interrupted before it completed[/yellow]",
                      highlight=False)


def print_summary(console: Console, session: DeskSession, *, elapsed: float) -> None:
    state = session.state()
    values = state.values
    target = session.context.package_dir(session.date)
    claims = Counter(c["status"] for c in values.get("claims", []))
    totals = session.ledger.totals(session.thread_id)
    status = values.get("status", "not started")
    files = [name for name in (*PACKAGE_FILES, "final.md", "final.html") if (target / name).exists()]
    lines = [
        f"[bold]{session.date}[/bold]: {status} (draft v{draft_version_of(values)})",
        f"package: {target}/ ({', '.join(files) or 'not written yet'})",
        f"claims: {claims.get('supported', 0)} supported, {claims.get('partial', 0)} partial, "
        f"[red]{claims.get('unsupported', 0)} unsupported[/red], "
        f"{claims.get('not_checkable', 0)} not checkable",
        f"models: {'baseline (no LLM)' if session.router.is_baseline else session.router.describe()}",
        f"LLM calls: {totals.calls}, tokens in/out {totals.input_tokens}/{totals.output_tokens}, "
        f"cost ${totals.cost_usd:.4f}",
        f"elapsed: {elapsed:.2f}s",
        "next: " + next_step(session, status),
    ]
    console.print(Panel("\n".join(lines), title="inference-desk", expand=False))


def next_step(session: DeskSession, status: str) -> str:
    date = session.date
    package = session.context.package_dir(date)
    flags = _location_flags(session)
    if status == "awaiting_review":
        return (f"read {package}/draft.md, then `desk review {date}{flags} --approve`, "
                f"`--notes \"...\"` or `--edit FILE`; or `desk serve{flags}`")
    if status == "published":
        return f"final.md and final.html are in {package}/"
    if status == "drafted":
        return f"review {package}/draft.md (run without --no-review to pause for approval)"
    return f"run `desk draft --date {date}{flags}` again to resume"


def _location_flags(session: DeskSession) -> str:
    """The --out/--data-dir a follow-up command needs to find this run (none for defaults)."""
    from agent.paths import data_dir, out_dir

    flags = ""
    if session.context.out_root != out_dir():
        flags += f" --out {session.context.out_root}"
    if session.context.data_root != data_dir():
        flags += f" --data-dir {session.context.data_root}"
    return flags
