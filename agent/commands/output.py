"""Terminal output shared by the commands: per-node progress and the one-screen summary."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.panel import Panel

from agent.render.package import PACKAGE_FILES
from agent.session import DeskSession


class Progress:
    """Receives (node, message) from the graph; prints one line per node event.

    Streamed token deltas (node ``llm``) are shown as a dot per chunk so long generations are
    visibly alive without flooding the terminal.
    """

    def __init__(self, console: Console) -> None:
        self.console = console

    def __call__(self, node: str, message: str) -> None:
        if node == "llm":
            self.console.print(".", end="", style="dim", highlight=False)
            return
        if message == "started":
            return
        self.console.print(f"[green]✓[/green] [bold]{node}[/bold] {message}", highlight=False)


def print_summary(console: Console, session: DeskSession, *, elapsed: float) -> None:
    state = session.state()
    values = state.values
    target = session.context.out_dir / session.date
    claims = Counter(c["status"] for c in values.get("claims", []))
    totals = session.ledger.totals(session.thread_id)
    status = values.get("status", "not started")
    files = [name for name in (*PACKAGE_FILES, "final.md", "final.html") if (target / name).exists()]
    lines = [
        f"[bold]{session.date}[/bold]: {status} (draft v{values.get('draft_version', 0)})",
        f"package: {target}/ ({', '.join(files) or 'not written yet'})",
        f"claims: {claims.get('supported', 0)} supported, {claims.get('partial', 0)} partial, "
        f"[red]{claims.get('unsupported', 0)} unsupported[/red], "
        f"{claims.get('not_checkable', 0)} not checkable",
        f"models: {'baseline (no LLM)' if session.router.is_baseline else session.router.describe()}",
        f"LLM calls: {totals.calls}, tokens in/out {totals.input_tokens}/{totals.output_tokens}, "
        f"cost ${totals.cost_usd:.4f}",
        f"elapsed: {elapsed:.2f}s",
        "next: " + _next_step(session.date, status),
    ]
    console.print(Panel("\n".join(lines), title="inference-desk", expand=False))


def _next_step(date: str, status: str) -> str:
    if status == "awaiting_review":
        return (f"read out/{date}/draft.md, then `desk review {date} --approve`, "
                f"`--notes \"...\"` or `--edit FILE`; or `desk serve`")
    if status == "published":
        return f"final.md and final.html are in out/{date}/"
    if status == "drafted":
        return f"review out/{date}/draft.md (run without --no-review to pause for approval)"
    return f"run `desk draft --date {date}` again to resume"
