"""The CLI's one error boundary for what nobody anticipated: an unexpected exception becomes one
line on stderr naming a log file that holds the traceback (exit 1); ``desk --debug`` shows the
traceback instead. Typed ``DeskError``s never get here: they are already one clear line.

The log goes under the data directory (``<data dir>/logs/``), or the system's temporary
directory when the data directory is unusable (read-only, full, not a directory). Key values
from the environment are masked, so a log is safe to attach to a bug report.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import traceback
from collections.abc import Mapping, Sequence
from pathlib import Path

from agent.text import replace_literals

SECRET_ENV = ("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "OPENAI_COMPATIBLE_API_KEY",
              "ARTIFICIAL_ANALYSIS_API_KEY", "GITHUB_TOKEN", "DESK_DATABASE_URL")
LOG_DIR_NAME = "logs"


def report_unexpected(error: BaseException, *, data_dir: Path,
                      argv: Sequence[str] | None = None,
                      env: Mapping[str, str] | None = None) -> str:
    """Write ``error``'s traceback to a log file; returns the one line to show the user."""
    env = os.environ if env is None else env
    text = _masked(_log_text(error, list(sys.argv if argv is None else argv)), env)
    where = _write_log(text, [data_dir / LOG_DIR_NAME,
                              Path(tempfile.gettempdir()) / "desk-logs"])
    summary = _masked(_first_line(error), env)
    if where is None:
        return (f"unexpected error: {summary} (the log could not be written anywhere; run with "
                "--debug for the traceback)")
    return (f"unexpected error: {summary}; the details are in {where} (run with --debug to see "
            "the traceback)")


def _log_text(error: BaseException, argv: list[str]) -> str:
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    lines = [f"desk {' '.join(argv[1:])}", f"at {stamp}, pid {os.getpid()}", ""]
    lines += traceback.format_exception(error)
    return "\n".join(line.rstrip("\n") for line in lines) + "\n"


def _masked(text: str, env: Mapping[str, str]) -> str:
    return replace_literals(text, {env[name]: f"<{name}>" for name in SECRET_ENV
                                   if len(env.get(name, "")) >= 4})


def _write_log(text: str, candidates: Sequence[Path]) -> Path | None:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    for directory in candidates:
        path = directory / f"desk-{stamp}-{os.getpid()}.log"
        try:
            directory.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError:
            continue
        return path
    return None


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    first = text.splitlines()[0] if text else ""
    return f"{type(error).__name__}: {first}" if first else type(error).__name__
