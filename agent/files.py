"""Writing files so that a killed process never leaves half of one (docs/design.md §8)."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` (unique per process, so two processes
    never share one), then rename it over ``path`` in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    tmp.replace(path)


def to_json(payload: object) -> str:
    """Strict JSON text (no NaN or Infinity, which strict parsers reject: a non-finite number
    that got this far is written as null), indented for people."""
    return json.dumps(_finite(payload), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_json(path: Path, payload: object) -> None:
    write_atomic(path, to_json(payload))


def _finite(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value
