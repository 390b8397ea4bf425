"""What each model accepts and can do (``config/model_capabilities.toml``).

The adapters ask this table before building a request: which effort value (if any) the model
accepts, how many output tokens a call may have (its answer budget plus room for the thinking or
reasoning tokens that count against the same limit, capped at the model's maximum), and from
which prefix length the provider caches. A model missing from the table gets the conservative
``[defaults]`` and one warning per process, not one per call.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agent.config import ConfigError, read_toml
from agent.paths import CONFIG_DIR

log = logging.getLogger(__name__)

CAPABILITIES_FILE = "model_capabilities.toml"
WILDCARD = "*"
CHARS_PER_TOKEN = 4
EFFORT_ORDER = ("none", "minimal", "low", "medium", "high", "xhigh", "max")


class ModelCapabilities(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    max_output_tokens: int = Field(gt=0)
    context_window: int = Field(gt=0)
    min_cache_tokens: int = Field(ge=0)
    effort: tuple[str, ...] = Field(default=(), description="Accepted values; () = refused.")
    default_effort: str | None = None
    reasoning: bool = Field(default=False, description="Thinks/reasons without being asked.")
    assumed: tuple[str, ...] = Field(default=(), description="Fields taken by analogy.")
    known: bool = Field(default=True, description="False for the [defaults] of an unknown model.")

    def accepted_effort(self, wanted: str | None) -> str | None:
        """The effort value to send for ``wanted``: itself if accepted, else the next higher
        accepted level, else None (the parameter is not sent)."""
        if wanted is None or not self.effort:
            return None
        if wanted in self.effort:
            return wanted
        rank = EFFORT_ORDER.index(wanted) if wanted in EFFORT_ORDER else 0
        higher = [level for level in EFFORT_ORDER[rank:] if level in self.effort]
        return higher[0] if higher else self.effort[-1]

    def thinking_effort(self, sent: str | None) -> str | None:
        """The effort a reasoning model thinks at (the one sent, else its default); None for a
        model that does not think unless asked (the desk never asks)."""
        if not self.reasoning:
            return None
        return sent or self.default_effort


class CapabilityTable:
    """The parsed file: per provider, per model id (``"*"`` a provider-wide entry)."""

    def __init__(self, models: dict[str, dict[str, ModelCapabilities]],
                 defaults: ModelCapabilities, reserve: dict[str, int]) -> None:
        self._models = models
        self.defaults = defaults
        self.reserve = reserve
        self._warned: set[str] = set()
        self._lock = threading.Lock()

    @classmethod
    def load(cls, config_dir: Path | None = None) -> CapabilityTable:
        raw = read_toml(CAPABILITIES_FILE, config_dir)
        try:
            defaults = ModelCapabilities.model_validate({**raw.pop("defaults"), "known": False})
            reserve = {str(k): int(v) for k, v in raw.pop("reasoning_reserve").items()}
            models = {provider: {model: ModelCapabilities.model_validate(entry)
                                 for model, entry in entries.items()}
                      for provider, entries in raw.items()}
        except (KeyError, ValidationError, AttributeError, TypeError, ValueError) as error:
            raise ConfigError(f"config/{CAPABILITIES_FILE} is invalid: {error}") from None
        return cls(models, defaults, reserve)

    def for_model(self, provider: str, model: str) -> ModelCapabilities:
        """The model's entry, the provider's ``"*"`` entry, or the defaults (warned once)."""
        found = self.find(provider, model)
        if found is not None:
            return found
        self._warn_unknown(f"{provider}:{model}")
        return self.defaults

    def find(self, provider: str, model: str) -> ModelCapabilities | None:
        entries = self._models.get(provider, {})
        return entries.get(model) or entries.get(WILDCARD)

    def reserve_for(self, effort: str | None) -> int:
        return self.reserve.get(effort, 0) if effort else 0

    def _warn_unknown(self, model_id: str) -> None:
        with self._lock:
            if model_id in self._warned:
                return
            self._warned.add(model_id)
        log.warning("%s is not in config/%s: using conservative defaults (max %s output tokens, "
                    "no effort sent, no cache saving assumed)", model_id, CAPABILITIES_FILE,
                    f"{self.defaults.max_output_tokens:,}")


def load_capabilities(config_dir: Path | None = None) -> CapabilityTable:
    """The table of ``config_dir`` (default: the bundled config), one per process, so a model
    missing from it is warned about once."""
    return _load_capabilities(config_dir or CONFIG_DIR)


@lru_cache(maxsize=4)
def _load_capabilities(config_dir: Path) -> CapabilityTable:
    return CapabilityTable.load(config_dir)


def approx_tokens(text: str) -> int:
    """A low estimate of a text's tokens (4 characters each; newer tokenizers count more), so a
    prefix judged long enough to cache is long enough on the real tokenizer too."""
    return len(text) // CHARS_PER_TOKEN
