"""The clean day every hostile corpus starts from, and the edits that make it hostile.

The base is the bundled 2026-04-21 sample day turned into a plain fixture day, the way a live
fetch would deliver it: ``origin`` is ``fixture``, there is no ``published`` block and no
``used_in_issue`` label, so nothing but the items reaches the desk. The fields the archive leaves
empty get ordinary values (two authors per paper, the Artificial Analysis index version, the
SWE-rebench task window), so every string field of every kind holds text a payload can join.

Edits address one value by item id and a small path language: ``title``, ``authors[0]``,
``also_reported_by[0].url``. Days are plain JSON-native dicts (never ``DaySnapshot``), because
many hostile days are not valid snapshots and some values (NaN, 2**70) are not even strict JSON.
"""

from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict

from agent.paths import ARCHIVE_DIR
from agent.sources.snapshots import SNAPSHOT_FILE

BASE_DATE = "2026-04-21"
_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+)\])?")

Day = dict[str, Any]


class Edit(BaseModel):
    """Set one value of one item: ``path`` is a field name, ``field[i]`` or ``field[i].key``."""

    model_config = ConfigDict(frozen=True)

    item_id: str
    path: str
    value: Any


@lru_cache(maxsize=1)
def _base_text() -> str:
    return (ARCHIVE_DIR / BASE_DATE / SNAPSHOT_FILE).read_text(encoding="utf-8")


AUTHORS = (("Mei Lin", "Tomas Ortega"), ("Priya Raman", "Jonas Weber"), ("Amara Okafor", "Li Wei"),
           ("Sofia Rossi", "Daniel Park"), ("Hannah Berg", "Ravi Menon"))
AA_INDEX_VERSION = "v4.0"
SWE_TASK_WINDOW = "2026-01..2026-03"


def base_day() -> Day:
    """A fresh, mutable copy of the clean fixture day (labels and published issue removed)."""
    day = json.loads(_base_text())
    day["origin"] = "fixture"
    day["published"] = None
    papers = 0
    for entry in day["items"]:
        entry["used_in_issue"] = None
        if entry["kind"] == "paper":
            entry["authors"] = list(AUTHORS[papers % len(AUTHORS)])
            papers += 1
        elif entry["kind"] == "benchmark" and entry["board"] == "artificial_analysis":
            entry["index_version"] = AA_INDEX_VERSION
        elif entry["kind"] == "benchmark":
            entry["task_window"] = SWE_TASK_WINDOW
    return day


def item(day: Day, item_id: str) -> dict[str, Any]:
    """The item dict with ``item_id`` (KeyError naming it when absent)."""
    for candidate in day["items"]:
        if candidate.get("id") == item_id:
            return candidate
    raise KeyError(f"no item {item_id!r} in the day")


def _steps(path: str) -> list[tuple[str, int | None]]:
    steps = []
    for part in path.split("."):
        match = _STEP.fullmatch(part)
        if match is None:
            raise ValueError(f"bad field path {path!r}")
        steps.append((match.group(1), int(match.group(2)) if match.group(2) else None))
    return steps


def _parent(target: dict[str, Any], path: str) -> tuple[Any, str | int]:
    """The container holding the value at ``path`` and its key or index there."""
    steps = _steps(path)
    node: Any = target
    for name, index in steps[:-1]:
        node = node[name] if index is None else node[name][index]
    name, index = steps[-1]
    return (node, name) if index is None else (node[name], index)


def get_value(day: Day, item_id: str, path: str) -> Any:
    container, key = _parent(item(day, item_id), path)
    return container[key]


def apply_edit(day: Day, edit: Edit) -> Day:
    container, key = _parent(item(day, edit.item_id), edit.path)
    container[key] = copy.deepcopy(edit.value)
    return day


def delete_value(day: Day, item_id: str, path: str) -> Day:
    container, key = _parent(item(day, item_id), path)
    del container[key]
    return day


def to_bytes(day: Any) -> bytes:
    """UTF-8 JSON as the desk's files are written; NaN/Infinity stay as JSON5-style tokens."""
    return json.dumps(day, ensure_ascii=False, indent=1).encode("utf-8")


def string_values(day: Day) -> list[str]:
    """Every string anywhere in the day's items (to check that a marker cannot occur by chance)."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(day["items"])
    return found
