"""Dollar cost of LLM usage from the price table in ``config/prices.toml``.

Prices are US$ per million tokens, per provider and model, for four kinds of token: uncached
input, output, cache reads and cache writes (``Usage`` keeps them apart, see the adapters). A
provider may list ``"*"`` as a catch-all (local OpenAI-compatible servers cost nothing). A model
without a price is *unpriced*: its calls are recorded with ``cost_known=False`` and reported, never
silently counted as free.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agent.config import ConfigError, read_toml
from agent.llm.base import Usage

WILDCARD = "*"
REFERENCE_SECTION = "reference"
SONNET_CLASS = "sonnet-class"


class ModelPrice(BaseModel):
    """US$ per 1M tokens."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    input: float = Field(ge=0)
    output: float = Field(ge=0)
    cache_read: float = Field(ge=0)
    cache_write: float = Field(ge=0)

    def cost(self, usage: Usage) -> float:
        total = (usage.input_tokens * self.input + usage.output_tokens * self.output
                 + usage.cache_read_tokens * self.cache_read
                 + usage.cache_write_tokens * self.cache_write)
        return round(total / 1_000_000, 8)


class PriceTable:
    def __init__(self, prices: dict[str, dict[str, ModelPrice]]) -> None:
        self._prices = prices

    @classmethod
    def load(cls, config_dir: Path | None = None) -> PriceTable:
        raw = read_toml("prices.toml", config_dir)
        try:
            return cls({
                provider: {model: ModelPrice.model_validate(price)
                           for model, price in models.items()}
                for provider, models in raw.items()
            })
        except (ValidationError, AttributeError) as error:
            raise ConfigError(f"config/prices.toml is invalid: {error}") from None

    def price_for(self, provider: str, model: str) -> ModelPrice | None:
        models = self._prices.get(provider, {})
        return models.get(model) or models.get(WILDCARD)

    def cost(self, provider: str, model: str, usage: Usage) -> float | None:
        """Cost of ``usage`` on ``provider:model``; None when the model has no price."""
        price = self.price_for(provider, model)
        return price.cost(usage) if price is not None else None

    def reference(self, name: str = SONNET_CLASS) -> ModelPrice | None:
        """A named reference price (the design states its cost target at Sonnet-class prices)."""
        return self._prices.get(REFERENCE_SECTION, {}).get(name)
