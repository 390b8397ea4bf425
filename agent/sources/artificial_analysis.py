"""Artificial Analysis Intelligence Index: the top models as ``BenchmarkRow``s.

Endpoints, tried in the configured order: the free ``/language/models/free`` (paged; the envelope
``tier``/``intelligence_index_version``/``pagination`` sits at the top level or under ``meta``;
speed under ``performance``) and the legacy ``/data/llms/models`` (unpaged; speed at the top
level). The key comes from the environment (``x-api-key`` header) and is never stored.

Data rules: ``0`` means "not measured" and becomes ``None``; ``null`` means not evaluated. There is
one row per reasoning effort ("GPT-5.5 (xhigh)", "GPT-5.5 (high)"); each model keeps its best
scoring effort, with the effort label kept in the row's ``title``. A missing blended price is
``(3 x input + output) / 4``. The index version is stored on each row so movement is never
computed across versions. Attribution is required wherever the data is shown: ``ATTRIBUTION``.
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from agent.sources.credits import ARTIFICIAL_ANALYSIS_CREDIT
from agent.schemas import BenchmarkRow
from agent.sources.adapter import ParserOptions, SourceContext
from agent.sources.errors import SourceProblem
from agent.sources.normalize import slugify
from agent.sources.result import SourceOutcome

ATTRIBUTION = ARTIFICIAL_ANALYSIS_CREDIT
SOURCE_NAME = "Artificial Analysis"
SITE_URL = "https://artificialanalysis.ai/"
_ENDPOINT_PATHS = {"free": "/language/models/free", "legacy": "/data/llms/models"}
_EFFORT_WORDS = re.compile(
    r"\b(?:minimal|low|medium|high|xhigh|max|maximum|reasoning|non-reasoning|thinking|effort|"
    r"adaptive)\b", re.I)
_TRAILING_PARENS = re.compile(r"^(?P<base>.*?)\s*\((?P<label>[^()]*)\)\s*$")


class AAOptions(ParserOptions):
    api_key_env: str = "ARTIFICIAL_ANALYSIS_API_KEY"
    endpoints: tuple[Literal["free", "legacy"], ...] = Field(default=("free", "legacy"),
                                                            min_length=1)
    top_n: int = Field(default=25, ge=1)
    max_pages: int = Field(default=5, ge=1)

    def required_env_names(self) -> tuple[str, ...]:
        return (self.api_key_env,)


def _unmeasured_to_none(value: Any) -> Any:
    """Artificial Analysis writes ``0`` for "not measured" (speed, prices, scores)."""
    return None if value == 0 else value


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _ZeroIsUnmeasured(_Loose):
    @field_validator("*", mode="before")
    @classmethod
    def _zero_to_none(cls, value: Any) -> Any:
        return _unmeasured_to_none(value)


class AACreator(_Loose):
    name: str | None = None
    slug: str | None = None


class AAPricing(_ZeroIsUnmeasured):
    price_1m_blended_3_to_1: float | None = None
    price_1m_input_tokens: float | None = None
    price_1m_output_tokens: float | None = None

    def blended(self) -> float | None:
        if self.price_1m_blended_3_to_1 is not None:
            return self.price_1m_blended_3_to_1
        if self.price_1m_input_tokens is None or self.price_1m_output_tokens is None:
            return None
        return round((3 * self.price_1m_input_tokens + self.price_1m_output_tokens) / 4, 4)


class AAPerformance(_ZeroIsUnmeasured):
    median_output_tokens_per_second: float | None = None


class AAModel(_Loose):
    name: str
    slug: str
    model_creator: AACreator = Field(default_factory=AACreator)
    evaluations: dict[str, float | None] = Field(default_factory=dict)
    pricing: AAPricing = Field(default_factory=AAPricing)
    performance: AAPerformance | None = None
    median_output_tokens_per_second: float | None = None

    @field_validator("median_output_tokens_per_second", mode="before")
    @classmethod
    def _zero_to_none(cls, value: Any) -> Any:
        return _unmeasured_to_none(value)

    @property
    def intelligence_index(self) -> float | None:
        return _unmeasured_to_none(self.evaluations.get("artificial_analysis_intelligence_index"))

    @property
    def tokens_per_s(self) -> float | None:
        if self.performance and self.performance.median_output_tokens_per_second is not None:
            return self.performance.median_output_tokens_per_second
        return self.median_output_tokens_per_second


class AAPagination(_Loose):
    page: int = 1
    total_pages: int | None = None
    has_more: bool = False


class AAEnvelope(_Loose):
    tier: str | None = None
    intelligence_index_version: str | None = None
    pagination: AAPagination | None = None
    data: list[AAModel]

    @field_validator("intelligence_index_version", mode="before")
    @classmethod
    def _version_text(cls, value: Any) -> Any:
        return None if value is None else str(value)


def parse_envelope(payload: Any) -> AAEnvelope:
    """Either envelope layout: keys at the top level, or under ``meta`` next to ``data``."""
    if not isinstance(payload, dict):
        raise SourceProblem("schema_error", "Artificial Analysis: response is not a JSON object")
    meta = payload.get("meta")
    merged = {**meta, **payload} if isinstance(meta, dict) else payload
    try:
        return AAEnvelope.model_validate(merged)
    except ValidationError as error:
        raise SourceProblem("schema_error", f"Artificial Analysis: {_first_error(error)}") from None


def split_effort(name: str) -> tuple[str, str | None]:
    """``"GPT-5.5 (xhigh)"`` -> ``("GPT-5.5", "xhigh")``; other parentheses are part of the name."""
    match = _TRAILING_PARENS.match(name)
    if match and _EFFORT_WORDS.search(match.group("label")):
        return match.group("base"), match.group("label")
    return name, None


def best_effort_per_model(models: list[AAModel]) -> list[AAModel]:
    """One row per (creator, base model): the reasoning effort with the highest index score."""
    best: dict[tuple[str, str], AAModel] = {}
    for model in models:
        if model.intelligence_index is None:
            continue
        key = (model.model_creator.slug or "", split_effort(model.name)[0].casefold())
        current = best.get(key)
        if current is None or _rank_key(model) < _rank_key(current):
            best[key] = model
    return sorted(best.values(), key=_rank_key)


def to_rows(models: list[AAModel], *, index_version: str | None, top_n: int) -> list[BenchmarkRow]:
    rows = []
    for rank, model in enumerate(best_effort_per_model(models)[:top_n], start=1):
        base, _effort = split_effort(model.name)
        rows.append(BenchmarkRow(
            id=f"aa-{slugify(base)}", source=SOURCE_NAME, url=SITE_URL, title=model.name,
            board="artificial_analysis", rank=rank, model=base,
            score=model.intelligence_index or 0.0, tokens_per_s=model.tokens_per_s,
            price_per_1m_usd=model.pricing.blended(), index_version=index_version,
        ))
    return rows


async def fetch(ctx: SourceContext) -> SourceOutcome:
    options = ctx.options_as(AAOptions)
    key = ctx.env.get(options.api_key_env)
    if not key:
        raise SourceProblem("failed", f"{options.api_key_env} is not set")
    warnings: list[str] = []
    for endpoint in options.endpoints:
        try:
            models, version = await _fetch_endpoint(ctx, endpoint, key, options)
        except SourceProblem as problem:
            if problem.status == "blocked" or endpoint == options.endpoints[-1]:
                raise
            warnings.append(f"{endpoint} endpoint failed ({problem}); fell back")
            continue
        rows = to_rows(models, index_version=version, top_n=options.top_n)
        return SourceOutcome(items=list(rows), warnings=warnings)
    raise AssertionError("unreachable: the last endpoint raises")  # pragma: no cover


async def _fetch_endpoint(ctx: SourceContext, endpoint: str, key: str,
                          options: AAOptions) -> tuple[list[AAModel], str | None]:
    url = ctx.spec.url.rstrip("/") + _ENDPOINT_PATHS[endpoint]
    models: list[AAModel] = []
    version: str | None = None
    for page in range(1, options.max_pages + 1):
        params = {"page": str(page)} if endpoint == "free" else None
        result = await ctx.get(url, params=params,
                               headers={"x-api-key": key, "Accept": "application/json"})
        envelope = parse_envelope(_json(result.body))
        models += envelope.data
        version = version or envelope.intelligence_index_version
        if endpoint != "free" or not (envelope.pagination and envelope.pagination.has_more):
            break
    if not any(m.intelligence_index is not None for m in models):
        raise SourceProblem("schema_error", f"Artificial Analysis {endpoint}: no scored models")
    return models, version


def _rank_key(model: AAModel) -> tuple[float, str]:
    return (-(model.intelligence_index or 0.0), model.name)


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError as error:
        raise SourceProblem("schema_error",
                            f"Artificial Analysis: invalid JSON ({error})") from None


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    return f"{'.'.join(str(p) for p in first['loc']) or '(root)'}: {first['msg']}"
