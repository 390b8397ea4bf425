"""What an adapter receives: its spec and options, the shared fetcher, the day window, a clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from pydantic import BaseModel, ConfigDict

from agent.sources.catalog import SourceSpec, SourcesSettings
from agent.sources.first_seen import FirstSeenStore
from agent.sources.http import Clock, Fetcher, FetchResult, MinIntervalThrottle, Throttle
from agent.sources.window import DayWindow


class ParserOptions(BaseModel):
    """Base of every parser's ``options`` table: unknown keys are configuration errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def secret_env_names(self) -> tuple[str, ...]:
        """Environment variables this source reads secrets from (the options named ``*_env``)."""
        return tuple(value for name, value in self
                     if name.endswith("_env") and isinstance(value, str) and value)

    def required_env_names(self) -> tuple[str, ...]:
        """The secrets without which this source cannot fetch at all (none by default)."""
        return ()


OptionsT = TypeVar("OptionsT", bound=ParserOptions)


@dataclass
class SourceContext:
    spec: SourceSpec
    settings: SourcesSettings
    options: ParserOptions
    fetcher: Fetcher
    window: DayWindow
    clock: Clock
    first_seen: FirstSeenStore
    timeout_s: float
    env: Mapping[str, str] = field(default_factory=dict)
    arxiv_throttle: MinIntervalThrottle = field(default_factory=MinIntervalThrottle)
    fetched: list[FetchResult] = field(default_factory=list)

    async def get(self, url: str, *, params: dict[str, str] | None = None,
                  headers: dict[str, str] | None = None,
                  throttle: Throttle | None = None) -> FetchResult:
        """Fetch through the shared fetcher, remembering the result for the cache commit."""
        result = await self.fetcher.get(url, timeout=self.timeout_s, params=params,
                                        headers=headers, throttle=throttle)
        self.fetched.append(result)
        return result

    def options_as(self, kind: type[OptionsT]) -> OptionsT:
        if not isinstance(self.options, kind):
            raise TypeError(f"{self.spec.name}: expected {kind.__name__}, got "
                            f"{type(self.options).__name__}")
        return self.options

    def first_seen_at(self, item_id: str) -> dt.datetime:
        return self.first_seen.first_seen(item_id, self.clock())
