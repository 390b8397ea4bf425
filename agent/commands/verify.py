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
from rich.console import Console

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
    claims_date = _claims_date(claims_path)
    if claims_date is not None and claims_date != snapshot.date.isoformat():
        Console(stderr=True).print(
            f"[yellow]warning: the claims are of {claims_date} but the snapshot is of "
            f"{snapshot.date.isoformat()}: claims checked against another day's items "
            "fail for that reason alone[/yellow]", highlight=False)
    verified = verify_claims(claims, snapshot)
    summary = summarize(verified)
    if as_json:
        payload = {"claims": [c.model_dump(mode="json") for c in verified],
                   "summary": summary.model_dump(mode="json")}
        print(json.dumps(payload, ensure_ascii=False))
    else:
        _print_table(verified, summary, claims_path)
    return 1 if summary.unsupported else 0


def _claims_date(path: Path) -> str | None:
    """The issue date a package's claims.json records (``{"date": ..., "claims": [...]}``)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    date = raw.get("date") if isinstance(raw, dict) else None
    return date if isinstance(date, str) else None


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
    """Unsupported and partial claims first, one entry each, wrapped at word boundaries."""
    from rich.padding import Padding
    from rich.text import Text

    console = Console()
    console.print(Text(f"Claims in {path}", style="bold"))
    for claim in attention_order(claims):
        console.print(Text.assemble((claim.status, _STYLE[claim.status]), f"  {claim.id}"))
        console.print(Padding(Text(claim.text), (0, 0, 0, 2)))
        failed = "; ".join(f"{c.name}: {c.detail}" for c in claim.checks if not c.passed)
        if failed:
            console.print(Padding(Text(f"why: {failed}", style="dim"), (0, 0, 0, 2)))
        if claim.nearest_source_text and claim.status in ("unsupported", "partial"):
            console.print(Padding(Text(f"nearest: {claim.nearest_source_text}", style="dim"),
                                  (0, 0, 0, 2)))
    console.print(
        f"{summary.supported} supported, {summary.partial} partial, "
        f"{summary.unsupported} unsupported, {summary.not_checkable} not checkable"
    )
