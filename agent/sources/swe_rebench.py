"""SWE-rebench leaderboard, read from the page's embedded Next.js flight data.

There is no API: the rows are a JSON array inside ``self.__next_f.push([1,"..."])`` script
chunks, where they are JSON-string escaped (``\\"items\\":[``). We unescape every chunk in page
order (a row may be split across chunks), find ``"items":[`` and ``raw_decode`` the array.

Rules (see notes/sources.md §3): keep ``meta.instance_type == "model"`` (harnesses are another
board), prefer the ``tools`` agent over ``text`` for the same model, read each model's stats for
its own ``taskRangeTimestamp`` window (flat ``rangeStats`` or nested under ``all``/``python``),
treat an all-zero window as "not run", and rank only models that share the board's window,
keeping the window label and the standard error. A page without the anchor is ``schema_error``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agent.schemas import BenchmarkRow
from agent.sources.adapter import ParserOptions, SourceContext
from agent.sources.errors import SourceProblem
from agent.sources.normalize import slugify
from agent.sources.result import SourceOutcome

SOURCE_NAME = "SWE-rebench"
SITE_URL = "https://swe-rebench.com/"
_PUSH_CHUNK = re.compile(r'self\.__next_f\.push\(\[1,"((?:[^"\\]|\\.)*)"\]\)', re.S)
_ESCAPED_ANCHOR = '\\"items\\":['
_ANCHOR = '"items":['
_WINDOW_KEY = re.compile(r"^\d+:\d+$")


class SweOptions(ParserOptions):
    subset: str = Field(default="all", description="rangeStats bucket on nested pages.")
    top_n: int = Field(default=20, ge=1)


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore")


class SweMeta(_Loose):
    instance_type: str | None = None
    developer: str | None = None


class SweWindow(_Loose):
    from_ms: int = Field(alias="from")
    to_ms: int = Field(alias="to")

    @property
    def key(self) -> str:
        return f"{self.from_ms}:{self.to_ms}"

    @property
    def label(self) -> str:
        start, end = (dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc).date()
                      for ms in (self.from_ms, self.to_ms))
        return f"{start.isoformat()} to {end.isoformat()}"


class SweStats(_Loose):
    resolved_rate: float = Field(default=0.0, alias="resolvedRate")
    sem: float | None = None
    pass_n: float | None = Field(default=None, alias="passN")

    def ran(self) -> bool:
        return bool(self.resolved_rate or self.sem or self.pass_n)


class SweItem(_Loose):
    model_id: str = Field(alias="modelId")
    model_name: str = Field(alias="modelName")
    agent_version: str | None = Field(default=None, alias="agentVersion")
    meta: SweMeta = Field(default_factory=SweMeta)
    window: SweWindow = Field(alias="taskRangeTimestamp")
    range_stats: dict[str, Any] = Field(alias="rangeStats")


def flight_text(page: str) -> str:
    """All flight-data chunks of the page, unescaped and concatenated in page order."""
    if _ESCAPED_ANCHOR not in page:
        raise SourceProblem("schema_error", "SWE-rebench page has no embedded items array")
    chunks = []
    for match in _PUSH_CHUNK.finditer(page):
        try:
            chunks.append(json.loads(f'"{match.group(1)}"'))
        except ValueError as error:
            raise SourceProblem("schema_error", f"SWE-rebench flight chunk: {error}") from None
    return "".join(chunks)


def extract_items(page: str) -> list[SweItem]:
    """The leaderboard's item objects (the first ``items`` array whose rows name models)."""
    text = flight_text(page)
    decoder = json.JSONDecoder()
    start = text.find(_ANCHOR)
    while start >= 0:
        try:
            array, _end = decoder.raw_decode(text, start + len(_ANCHOR) - 1)
        except ValueError as error:
            raise SourceProblem("schema_error", f"SWE-rebench items array: {error}") from None
        if array and isinstance(array[0], dict) and "modelName" in array[0]:
            return _validate_items(array)
        start = text.find(_ANCHOR, start + 1)
    raise SourceProblem("schema_error", "SWE-rebench: no items array with model rows")


def window_stats(item: SweItem, subset: str) -> SweStats | None:
    """The item's stats for its own window, or None when it has no run there."""
    stats = item.range_stats
    if stats and not all(_WINDOW_KEY.match(k) for k in stats):  # nested under subsets
        bucket: Any = stats.get(subset) or next(iter(stats.values()), {})
        stats = bucket if isinstance(bucket, dict) else {}
    raw = stats.get(item.window.key)
    if raw is None:
        return None
    parsed = SweStats.model_validate(raw)
    return parsed if parsed.ran() else None


def select_models(items: list[SweItem]) -> list[SweItem]:
    """Model entries only, one per model name, the tools agent preferred."""
    chosen: dict[str, SweItem] = {}
    for item in items:
        if item.meta.instance_type != "model":
            continue
        current = chosen.get(item.model_name)
        if current is None or (current.agent_version != "tools" and item.agent_version == "tools"):
            chosen[item.model_name] = item
    return list(chosen.values())


def to_rows(items: list[SweItem], options: SweOptions) -> list[BenchmarkRow]:
    scored = [(item, stats) for item in select_models(items)
              if (stats := window_stats(item, options.subset)) is not None]
    if not scored:
        return []
    board_window = _board_window([item.window for item, _ in scored])
    ranked = sorted(((i, s) for i, s in scored if i.window.key == board_window.key),
                    key=lambda pair: (-pair[1].resolved_rate, pair[0].model_name))
    return [
        BenchmarkRow(
            id=f"swe-{slugify(item.model_name)}", source=SOURCE_NAME, url=SITE_URL,
            title=item.model_name, board="swe_rebench", rank=rank, model=item.model_name,
            score=round(stats.resolved_rate, 1),
            sem=round(stats.sem, 2) if stats.sem is not None else None,
            task_window=board_window.label,
        )
        for rank, (item, stats) in enumerate(ranked[: options.top_n], start=1)
    ]


async def fetch(ctx: SourceContext) -> SourceOutcome:
    options = ctx.options_as(SweOptions)
    result = await ctx.get(ctx.spec.url, headers={"Accept": "text/html"})
    rows = to_rows(extract_items(result.text), options)
    if not rows:
        raise SourceProblem("schema_error", "SWE-rebench: no model has results in its window")
    return SourceOutcome(items=list(rows))


def _board_window(windows: list[SweWindow]) -> SweWindow:
    """The window most models share (ties: the most recent), so ranks compare like with like."""
    counts = Counter(w.key for w in windows)
    by_key = {w.key: w for w in windows}
    key = max(counts, key=lambda k: (counts[k], by_key[k].to_ms, by_key[k].from_ms))
    return by_key[key]


def _validate_items(array: list[Any]) -> list[SweItem]:
    try:
        return [SweItem.model_validate(row) for row in array]
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise SourceProblem("schema_error", f"SWE-rebench item: {where}: {first['msg']}") from None
