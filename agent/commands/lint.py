"""``desk lint FILE [--json]``: the rubric's deterministic checks on any plain-text essay, or on
the lead essay of a package's draft.md / final.md.

Exit code 0 when the essay is clean, 1 when any lint fires. Paragraph numbers are 0-based, as
in ``LintViolation`` and the rest of the handoff. ``--json`` prints exactly one JSON
object, ``{"violations": [...]}``, and nothing else.
"""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from agent.errors import DeskError
from agent.rubric.lints import lint_text
from agent.rubric.rubric import load_rubric
from agent.render.markdown import essay_of_issue
from agent.schemas import LintViolation
from agent.text import clip

_TABLE_SPAN_CHARS = 120


JSON_FIELDS = {"id", "scope", "message", "span"}  # the documented --json contract, exactly


def lint_command(path: Path, *, as_json: bool) -> int:
    """Lint an essay file; for the package's own draft.md or final.md, only the publishable
    lead essay (not the masthead, the sections or the editor notes)."""
    violations = lint_text(essay_of_issue(_read_essay(path)))
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
    """One violation per entry, wrapped at word boundaries: readable at 80 columns."""
    console = Console()
    version = load_rubric().version
    if not violations:
        console.print(f"{path}: no violations (rubric v{version})", markup=False, highlight=False,
                      soft_wrap=True)
        return
    console.print(Text(f"{path}: {len(violations)} violation(s), rubric v{version}",
                       style="bold"))
    for v in violations:
        where = v.scope if v.paragraph is None else f"{v.scope}, paragraph {v.paragraph}"
        console.print(Text.assemble((v.id, "bold"), f" ({where}): ", v.message))
        if v.span:
            console.print(Padding(Text(f'"{_shorten(v.span)}"', style="dim"), (0, 0, 0, 2)))


def _shorten(span: str | None) -> str:
    if span is None:
        return ""
    return clip(" ".join(span.split()), _TABLE_SPAN_CHARS)
