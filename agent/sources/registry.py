"""Parser name (``parser = "..."`` in config/sources.toml) -> adapter, options model, item kinds."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from agent.config import ConfigError
from agent.schemas import ItemKind
from agent.sources import (
    artificial_analysis,
    arxiv_listing,
    feeds,
    github_trending,
    hackernews,
    html_listing,
    swe_rebench,
)
from agent.sources.catalog import SourcesConfig, SourceSpec, read_sources_config
from agent.sources.adapter import ParserOptions, SourceContext
from agent.sources.result import SourceOutcome

Adapter = Callable[[SourceContext], Awaitable[SourceOutcome]]


@dataclass(frozen=True)
class Parser:
    fetch: Adapter
    options: type[ParserOptions]
    kinds: frozenset[ItemKind]


PARSERS: dict[str, Parser] = {
    "rss": Parser(feeds.fetch, feeds.FeedOptions, frozenset({"wire", "lab"})),
    "html_listing": Parser(html_listing.fetch, html_listing.ListingOptions,
                           frozenset({"wire", "lab"})),
    "hn_algolia": Parser(hackernews.fetch, hackernews.HNOptions, frozenset({"wire"})),
    "arxiv_listing": Parser(arxiv_listing.fetch, arxiv_listing.ArxivListingOptions,
                            frozenset({"paper"})),
    "artificial_analysis": Parser(artificial_analysis.fetch, artificial_analysis.AAOptions,
                                  frozenset({"benchmark"})),
    "swe_rebench": Parser(swe_rebench.fetch, swe_rebench.SweOptions, frozenset({"benchmark"})),
    "github_trending": Parser(github_trending.fetch, github_trending.TrendingOptions,
                              frozenset({"repo"})),
}


def parser_for(spec: SourceSpec) -> Parser:
    try:
        parser = PARSERS[spec.parser]
    except KeyError:
        known = ", ".join(sorted(PARSERS))
        raise ConfigError(f"source {spec.name!r}: unknown parser {spec.parser!r} "
                          f"(known: {known})") from None
    if spec.kind not in parser.kinds:
        raise ConfigError(f"source {spec.name!r}: parser {spec.parser!r} does not produce "
                          f"{spec.kind!r} items")
    return parser


def validate_options(spec: SourceSpec) -> ParserOptions:
    """The spec's ``options`` table, validated by its parser (a ConfigError names the source)."""
    parser = parser_for(spec)
    try:
        return parser.options.model_validate(spec.options)
    except ValidationError as error:
        raise ConfigError(f"source {spec.name!r}: invalid options: {error}") from None


def load_sources_config(config_dir: Path | None = None) -> SourcesConfig:
    """Read and validate ``config/sources.toml``, including every parser's options, so a typo
    fails at start-up rather than in the middle of a morning fetch."""
    config = read_sources_config(config_dir)
    for spec in config.sources:
        validate_options(spec)
    return config
