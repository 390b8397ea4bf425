"""``desk lint FILE [--json]``: the rubric's deterministic checks on any plain-text essay.

Exit code 0 when the essay is clean, 1 when any lint fires. Paragraph numbers are 0-based, as
in ``LintViolation`` and the rest of the handoff. ``--json`` prints exactly one JSON
object, ``{"violations": [...]}``, and nothing else.
"""

from __future__ import annotations

import json
from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from agent.errors import DeskError
from agent.rubric.lints import lint_text
from agent.rubric.rubric import load_rubric
from agent.schemas import LintViolation

_TABLE_SPAN_CHARS = 120


JSON_FIELDS = {"id", "scope", "message", "span"}  # the documented --json contract, exactly


def lint_command(path: Path, *, as_json: bool) -> int:
    violations = lint_text(_read_essay(path))
    if as_json:
        print(json.dumps({"violations": [v.model_dump(mode="json", include=JSON_FIELDS)
                                         for v in violations]},
                         ensure_ascii=False))
    else:
        _print_table(path, violations)
    return 1 if violations else 0


def _read_essay(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DeskError(f"cannot lint {path}: no such file") from None
    except IsADirectoryError:
        raise DeskError(f"cannot lint {path}: it is a directory, not an essay file") from None
    except UnicodeDecodeError:
        raise DeskError(f"cannot lint {path}: not UTF-8 text") from None
    except OSError as error:
        raise DeskError(f"cannot lint {path}: {error.strerror or error}") from None


def _print_table(path: Path, violations: list[LintViolation]) -> None:
    console = Console()
    version = load_rubric().version
    if not violations:
        console.print(f"{path}: no violations (rubric v{version})", markup=False, highlight=False,
                      soft_wrap=True)
        return
    table = Table(title=Text(f"{path}: {len(violations)} violation(s), rubric v{version}"),
                  box=box.SIMPLE_HEAD, expand=True)
    for column in ("id", "scope", "paragraph"):
        table.add_column(column, no_wrap=True)
    table.add_column("message", ratio=1)
    table.add_column("span", ratio=1)
    for v in violations:
        paragraph = "" if v.paragraph is None else str(v.paragraph)
        table.add_row(*(Text(cell) for cell in (v.id, v.scope, paragraph, v.message,
                                                 _shorten(v.span))))
    console.print(table)


def _shorten(span: str | None) -> str:
    if span is None:
        return ""
    flat = " ".join(span.split())
    return flat if len(flat) <= _TABLE_SPAN_CHARS else flat[: _TABLE_SPAN_CHARS - 1] + "…"
