"""``desk verify CLAIMS --snapshot SNAP [--json]``: re-verify a claims ledger against a snapshot.

The claims file is a JSON list of claims or an object with a ``"claims"`` key (``claims.json``
of a handoff package, or the output of ``desk verify --json``). Every claim is re-verified
offline from scratch; stored statuses and checks are ignored. ``--json`` prints exactly one JSON
object ``{"claims": [...], "summary": {...}}`` with the claims in file order; otherwise a table
lists unsupported and partial claims first. Exit code 0 when nothing is unsupported, else 1.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from agent.claims.ordering import attention_order, summarize
from agent.claims.verify import verify_claims
from agent.errors import DeskError
from agent.schemas import Claim, ClaimSummary
from agent.sources.snapshots import load_snapshot

_CLAIMS = TypeAdapter(list[Claim])
_STYLE = {"unsupported": "bold red", "partial": "yellow", "supported": "green",
          "not_checkable": "dim"}


def verify_command(claims_path: Path, snapshot_path: Path, *, as_json: bool) -> int:
    claims = load_claims(claims_path)
    snapshot = load_snapshot(snapshot_path)
    verified = verify_claims(claims, snapshot)
    summary = summarize(verified)
    if as_json:
        payload = {"claims": [c.model_dump(mode="json") for c in verified],
                   "summary": summary.model_dump(mode="json")}
        print(json.dumps(payload, ensure_ascii=False))
    else:
        _print_table(verified, summary, claims_path)
    return 1 if summary.unsupported else 0


def load_claims(path: Path) -> list[Claim]:
    """Claims from ``path``; a missing, unparsable or invalid file is one clear DeskError."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DeskError(f"claims file {path} does not exist") from None
    except OSError as error:
        raise DeskError(f"cannot read claims file {path}: {error.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise DeskError(f"claims file {path} is not valid JSON: {error}") from None
    if isinstance(raw, dict) and "claims" in raw:
        raw = raw["claims"]
    if not isinstance(raw, list):
        raise DeskError(f"claims file {path} must hold a list of claims or an object with a "
                        f'"claims" list')
    try:
        return _CLAIMS.validate_python(raw)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise DeskError(f"claims file {path} is malformed: claim {where}: {first['msg']} "
                        f"({error.error_count()} problem(s))") from None


def _print_table(claims: list[Claim], summary: ClaimSummary, path: Path) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"Claims in {path}", show_lines=True)
    for column, ratio in (("status", 1), ("claim", 4), ("why", 3), ("nearest source", 3)):
        table.add_column(column, ratio=ratio, overflow="fold")
    for claim in attention_order(claims):
        failed = "; ".join(f"{c.name}: {c.detail}" for c in claim.checks if not c.passed)
        table.add_row(Text(claim.status, style=_STYLE[claim.status]),
                      Text(f"{claim.id}\n{claim.text}"), Text(failed),
                      Text(claim.nearest_source_text or ""))
    console = Console()
    console.print(table)
    console.print(
        f"{summary.supported} supported, {summary.partial} partial, "
        f"{summary.unsupported} unsupported, {summary.not_checkable} not checkable"
    )
