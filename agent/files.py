"""Writing files so that a killed process never leaves half of one (DESIGN §8)."""

from __future__ import annotations

import json
import os
from pathlib import Path


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` (unique per process, so two processes
    never share one), then rename it over ``path`` in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    tmp.replace(path)


def write_json(path: Path, payload: object) -> None:
    write_atomic(path, json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
