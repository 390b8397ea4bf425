"""Where the desk finds its bundled files (prompts, config, archive) and writes its state.

Bundled files are located relative to the repository root so an editable install and a plain
checkout behave the same; ``DESK_HOME`` overrides the root for unusual layouts.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(os.environ.get("DESK_HOME", Path(__file__).resolve().parent.parent))
PROMPTS_DIR = REPO_ROOT / "prompts"
CONFIG_DIR = REPO_ROOT / "config"
ARCHIVE_DIR = REPO_ROOT / "evals" / "archive"


def data_dir(override: Path | None = None) -> Path:
    """Checkpoints, ledger and section versions (``--data-dir`` > ``DESK_DATA_DIR`` > ./.desk)."""
    path = override or Path(os.environ.get("DESK_DATA_DIR", ".desk"))
    return path.expanduser()


def out_dir(override: Path | None = None) -> Path:
    """Handoff packages (``--out`` > ``DESK_OUT_DIR`` > ./out)."""
    return (override or Path(os.environ.get("DESK_OUT_DIR", "out"))).expanduser()

