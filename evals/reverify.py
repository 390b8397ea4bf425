"""Does the desk agree with itself? Draft each sample day, then re-verify its package.

For every archive day, ``desk draft --sample D --no-review`` writes a handoff package; its
``claims.json`` is then verified again from scratch against its own ``sources.json`` (what
``desk verify out/D/claims.json --snapshot out/D/sources.json`` does). Reported per day: claims,
claims whose status changed, and claims the desk called supported that re-verification flags
(partial or unsupported). ``sources.json`` must also parse as strict JSON (no ``NaN``).

    python -m evals.reverify [--archive DIR] [--json]

The claims perturbation suite (``python -m evals.claims_perturbation``) reports the same figure
as its ``own`` family.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from pydantic import BaseModel, Field

from agent.commands.verify import load_claims
from agent.claims.verify import verify_claims
from agent.paths import ARCHIVE_DIR
from agent.sources.snapshots import archive_days, load_snapshot

TARGET = 0.01
FLAGGED = frozenset({"partial", "unsupported"})


class DayAgreement(BaseModel):
    date: str
    claims: int
    disagreements: list[str] = Field(description="Claim ids whose status changed.")
    supported_then_flagged: list[str]
    strict_json: bool


class AgreementReport(BaseModel):
    days: list[DayAgreement]

    @property
    def claims(self) -> int:
        return sum(d.claims for d in self.days)

    @property
    def flagged(self) -> int:
        return sum(len(d.supported_then_flagged) for d in self.days)

    @property
    def rate(self) -> float:
        return self.flagged / self.claims if self.claims else 0.0

    @property
    def agrees(self) -> bool:
        return all(not d.disagreements and d.strict_json for d in self.days)


def draft_package(date: str, root: Path) -> Path:
    """The handoff package of ``date`` drafted offline under ``root`` (its ``out/<date>``)."""
    command = [sys.executable, "-m", "agent.cli", "draft", "--sample", date, "--no-review",
               "--out", str(root / "out"), "--data-dir", str(root / "data")]
    subprocess.run(command, check=True, capture_output=True, cwd=root)
    return root / "out" / date


def reverify_package(package: Path) -> DayAgreement:
    stored = load_claims(package / "claims.json")
    again = verify_claims(stored, load_snapshot(package / "sources.json"))
    changed = [a.id for a, b in zip(stored, again) if a.status != b.status]
    flagged = [a.id for a, b in zip(stored, again)
               if a.status == "supported" and b.status in FLAGGED]
    return DayAgreement(date=package.name, claims=len(stored), disagreements=changed,
                        supported_then_flagged=flagged,
                        strict_json=_is_strict_json(package / "sources.json"))


def _is_strict_json(path: Path) -> bool:
    def reject(constant: str) -> object:
        raise ValueError(f"non-finite number {constant}")

    try:
        json.loads(path.read_text(encoding="utf-8"), parse_constant=reject)
    except ValueError:
        return False
    return True


def reverify_sample_days(archive_dir: Path | None = None) -> AgreementReport:
    days = [d.isoformat() for d in archive_days(archive_dir or ARCHIVE_DIR)]
    with tempfile.TemporaryDirectory(prefix="desk-reverify-") as tmp:
        return AgreementReport(days=[reverify_package(draft_package(d, Path(tmp))) for d in days])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="Print the report as JSON only.")
    args = parser.parse_args(argv)
    report = reverify_sample_days()
    if args.json:
        print(report.model_dump_json(indent=2))
    else:
        for day in report.days:
            print(f"{day.date}: {day.claims} claims, {len(day.disagreements)} changed status, "
                  f"{len(day.supported_then_flagged)} supported then flagged, "
                  f"strict JSON: {day.strict_json}")
        print(f"own claims flagged on re-verification: {report.flagged}/{report.claims} "
              f"({report.rate:.1%}, target <= {TARGET:.0%}); agreement: "
              f"{'100%' if report.agrees else 'NO'}")
    return 0 if report.agrees and report.rate <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
