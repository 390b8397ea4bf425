"""Pushing one hostile input through the real ``desk`` CLI.

An ``Invoke`` runs one CLI command and returns how it ended. Two exist: a subprocess per command
(``sys.executable -m agent.cli``, what the runner script uses, with a timeout and no model keys in
its environment) and typer's in-process ``CliRunner`` (what the acceptance tests use; an
exception that escapes the CLI is reported as a traceback, as a terminal would show it).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from evals.hostile.outcomes import CommandResult, VariantRuns

Invoke = Callable[[list[str]], CommandResult]
ACCEPT_FLAG = "--accept-unsupported"
# Keys would switch the desk from the offline baseline writer to a paid model.
SECRET_ENV = ("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "OPENAI_BASE_URL", "DESK_DATABASE_URL",
               "ARTIFICIAL_ANALYSIS_API_KEY", "GITHUB_TOKEN", "DESK_DATA_DIR", "DESK_OUT_DIR")


def _offline_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SECRET_ENV}
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def subprocess_invoker(*, timeout: float, cwd: Path) -> Invoke:
    """Each command in its own ``python -m agent.cli`` process, killed after ``timeout`` s."""
    def invoke(args: list[str]) -> CommandResult:
        started = time.perf_counter()
        try:
            done = subprocess.run([sys.executable, "-m", "agent.cli", *args], cwd=cwd,
                                  env=_offline_env(), capture_output=True, timeout=timeout,
                                  stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired as expired:
            return CommandResult(args=args, exit_code=None, timed_out=True,
                                 stderr=_decode(expired.stderr), seconds=timeout)
        return CommandResult(args=args, exit_code=done.returncode, stdout=_decode(done.stdout),
                             stderr=_decode(done.stderr),
                             seconds=round(time.perf_counter() - started, 3))
    return invoke


def _decode(data: bytes | str | None) -> str:
    if data is None:
        return ""
    return data if isinstance(data, str) else data.decode("utf-8", errors="replace")


def in_process_invoker() -> Invoke:
    """Each command through typer's ``CliRunner`` against ``agent.cli.app``."""
    from typer.testing import CliRunner

    from agent.cli import app

    runner = CliRunner()

    def invoke(args: list[str]) -> CommandResult:
        started = time.perf_counter()
        result = runner.invoke(app, args)
        stderr = result.stderr
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            stderr += "".join(traceback.format_exception(result.exception))
        return CommandResult(args=args, exit_code=result.exit_code, stdout=result.stdout,
                             stderr=stderr, seconds=round(time.perf_counter() - started, 3))
    return invoke


def accepts_unsupported(invoke: Invoke) -> bool:
    """Whether this desk's ``review`` has the explicit ``--accept-unsupported`` override."""
    return ACCEPT_FLAG in invoke(["review", "--help"]).stdout


def draft_args(snapshot: Path, data: Path, out: Path, *, review: bool) -> list[str]:
    args = ["draft", "--snapshot", str(snapshot), "--data-dir", str(data), "--out", str(out)]
    return args if review else [*args, "--no-review"]


def run_variant(snapshot: bytes, date: str, workdir: Path, invoke: Invoke, *,
                accept_flag: bool, unattended: bool = True) -> VariantRuns:
    """An unattended draft, then a reviewed draft that the editor approves (retrying with
    ``--accept-unsupported`` when approve refuses and the flag exists). With
    ``unattended=False`` the reviewed draft's package stands for the draft (same pipeline up to
    the editor's interrupt), which saves one run where time is short."""
    path = workdir / "snapshot.json"
    path.write_bytes(snapshot)
    data, out = workdir / "review-data", workdir / "review-out"
    reviewed = invoke(draft_args(path, data, out, review=True))
    draft, draft_out = reviewed, out
    if unattended:
        draft_out = workdir / "out"
        draft = invoke(draft_args(path, workdir / "data", draft_out, review=False))
    approve, accepted = None, False
    if reviewed.exit_code == 0:
        approve_args = ["review", date, "--approve", "--data-dir", str(data), "--out", str(out)]
        approve = invoke(approve_args)
        if approve.exit_code == 1 and accept_flag:
            approve, accepted = invoke([*approve_args, ACCEPT_FLAG]), True
    return VariantRuns(draft=draft, draft_package=draft_out / date, reviewed=reviewed,
                       approve=approve, accepted_unsupported=accepted,
                       review_package=out / date)


def run_case(snapshot: bytes, date: str, workdir: Path, invoke: Invoke,
             extra_args: tuple[str, ...] = ()) -> tuple[CommandResult, Path]:
    """One unattended draft of a bad snapshot; the result and where its package would be."""
    path = workdir / "snapshot.json"
    path.write_bytes(snapshot)
    args = draft_args(path, workdir / "data", workdir / "out", review=False)
    return invoke([*args, *extra_args]), workdir / "out" / date
