"""The baseline digest is deterministic: the same day drafts to the same bytes in every process,
whatever the interpreter's string-hash seed (set order must never decide a lead, a walk or a
weight; 2026-04-21's labs paragraph once did)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DAY = "2026-04-21"


def _draft(tmp_path: Path, seed: str) -> tuple[bytes, bytes]:
    root = tmp_path / seed
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, "-m", "agent.cli", "draft", "--sample", DAY, "--no-review",
                    "--data-dir", str(root / "data"), "--out", str(root / "out")],
                   env=env, check=True, capture_output=True, timeout=120)
    package = root / "out" / DAY
    return (package / "draft.md").read_bytes(), (package / "claims.json").read_bytes()


def test_the_baseline_draft_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    assert _draft(tmp_path, "1") == _draft(tmp_path, "2")
