"""Build the run's ``LLMRouter`` from config/models.toml, the environment and ``--model`` flags.

Resolution, role by role: the keys present pick the default family (one key: every role on it;
both: ``[both_keys]``, critic on the other family from the writer; none: the baseline), then each
``ROLE=provider:model`` override (or ``all=...``) replaces the default. Keys are read from ``env``
only, handed straight to the SDK clients, and scrubbed from every error message.

Each adapter gets its model's ``ModelProfile`` from ``config/model_capabilities.toml``: the family's
configured effort is sent only where the model accepts it (the nearest higher level it accepts,
or nothing), with one log line when it is changed or dropped.

Base URLs follow the SDKs' conventions: ``ANTHROPIC_BASE_URL`` for ``anthropic:``,
``OPENAI_BASE_URL`` for ``openai:`` (a gateway or proxy; the real ``OPENAI_API_KEY`` goes with
it, as with the SDK itself, but never over plain HTTP to another machine) and, for
``openai-compatible:``, ``OPENAI_COMPATIBLE_BASE_URL``, then ``[openai_compatible] base_url``,
then ``OPENAI_BASE_URL``. When a run's local server is reached through ``OPENAI_BASE_URL`` itself,
that variable names the local server, so ``openai:`` roles of the same run stay on
api.openai.com: the real key is never sent to the local server (config/models.toml says more).
"""

from __future__ import annotations

import ipaddress
import logging
import re
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, cast
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict

from agent.config import ConfigError
from agent.errors import UsageError
from agent.llm.base import ROLES, ChatModel, ModelProfile, Role, TokenCallback
from agent.llm.capabilities import CapabilityTable, load_capabilities
from agent.persistence.ledger import Ledger
from agent.llm.pricing import PriceTable
from agent.llm.redact import redactor
from agent.llm.retry import Retrier, Sleeper
from agent.llm.router import Budget, LLMRouter
from agent.llm.settings import (
    PROVIDERS,
    Family,
    ModelsConfig,
    Provider,
    load_models_config,
)

if TYPE_CHECKING:  # the SDKs load only when a role has a model (a keyless run never needs them)
    import anthropic
    import httpx2
    import openai

log = logging.getLogger(__name__)

ALL_ROLES = "all"
_OVERRIDE = re.compile(r"^(?P<role>[a-z]+)=(?P<provider>[a-z-]+):(?P<model>[^\s=]+)$")
_FAMILIES: tuple[Family, ...] = ("anthropic", "openai")
# The providers' key variables, as in anthropic_provider.KEY_ENV / openai_provider.KEY_ENV
# (spelled out here so resolving roles does not import the SDKs).
_KEY_ENV: dict[str, str] = {"anthropic": "ANTHROPIC_API_KEY", "openai": "OPENAI_API_KEY"}
_COMPATIBLE_KEY_ENV = "OPENAI_COMPATIBLE_API_KEY"
COMPATIBLE_BASE_URL_ENV = "OPENAI_COMPATIBLE_BASE_URL"
OPENAI_BASE_URL_ENV = "OPENAI_BASE_URL"  # the openai SDK's own variable


class ModelSpec(BaseModel):
    model_config = ConfigDict(frozen=True)

    provider: Provider
    model: str

    def __str__(self) -> str:
        return f"{self.provider}:{self.model}"


def parse_override(text: str) -> tuple[list[Role], ModelSpec]:
    """``writer=anthropic:MODEL`` -> ([writer], spec); ``all=...`` names every role."""
    match = _OVERRIDE.match(text.strip())
    example = "e.g. --model writer=anthropic:claude-sonnet-5-5"
    if match is None:
        raise UsageError(f"--model {text!r} is not ROLE=provider:model ({example})")
    role, provider = match["role"], match["provider"]
    if role != ALL_ROLES and role not in ROLES:
        raise UsageError(f"--model {text!r}: unknown role {role!r}; use one of "
                         f"{', '.join(ROLES)} or {ALL_ROLES}")
    if provider not in PROVIDERS:
        raise UsageError(f"--model {text!r}: unknown provider {provider!r}; use one of "
                         f"{', '.join(PROVIDERS)}")
    roles = list(ROLES) if role == ALL_ROLES else [cast(Role, role)]
    return roles, ModelSpec(provider=cast(Provider, provider), model=match["model"])


def resolve_specs(config: ModelsConfig, env: Mapping[str, str],
                  overrides: list[str]) -> dict[Role, ModelSpec | None]:
    """The model per role (None = baseline) before any client exists."""
    keys = [family for family in _FAMILIES if env.get(_KEY_ENV[family])]
    specs: dict[Role, ModelSpec | None] = {}
    for role in ROLES:
        family: Family | None = (config.both_keys.for_role(role) if len(keys) == 2
                                 else keys[0] if keys else None)
        specs[role] = (ModelSpec(provider=family, model=config.families[family].for_role(role))
                       if family else None)
    for text in overrides:
        roles, spec = parse_override(text)
        specs.update({role: spec for role in roles})
    return specs


def economy_spec(config: ModelsConfig, spec: ModelSpec | None) -> ModelSpec | None:
    """The cheaper model for ``spec``'s family, used by the verifier at a budget cap."""
    if spec is None:
        return None
    family = config.family_of(spec.provider)
    economy = family.economy if family else config.openai_compatible.economy
    return ModelSpec(provider=spec.provider, model=economy) if economy else None


class _ModelBuilder:
    """One SDK client per provider and one adapter per model id, shared across roles."""

    def __init__(self, config: ModelsConfig, env: Mapping[str, str], retrier: Retrier,
                 http_client: httpx2.Client | None, capabilities: CapabilityTable,
                 specs: list[ModelSpec]) -> None:
        self._config, self._env, self._retrier = config, env, retrier
        self._http_client = http_client
        self._capabilities = capabilities
        self._urls = _BaseUrls(config, env, specs)
        self._anthropic: anthropic.Anthropic | None = None
        self._openai: dict[str, openai.OpenAI] = {}
        self._models: dict[ModelSpec, ChatModel] = {}

    def model(self, spec: ModelSpec) -> ChatModel:
        if spec not in self._models:
            self._models[spec] = self._build(spec)
        return self._models[spec]

    def _build(self, spec: ModelSpec) -> ChatModel:
        # Each adapter imports only its own SDK (seconds each): an Anthropic-only run never
        # loads openai, and a keyless run builds no model at all.
        reasks = self._config.structured.max_reasks
        profile = self._profile(spec)
        if spec.provider == "anthropic":
            from agent.llm import anthropic_provider

            return anthropic_provider.AnthropicChatModel(
                spec.model, client=self._anthropic_client(spec), retrier=self._retrier,
                max_reasks=reasks, profile=profile)
        from agent.llm import openai_provider

        return openai_provider.OpenAIChatModel(
            spec.model, client=self._openai_client(spec), retrier=self._retrier,
            provider=spec.provider, max_reasks=reasks, profile=profile)

    def _profile(self, spec: ModelSpec) -> ModelProfile:
        capabilities = self._capabilities.for_model(spec.provider, spec.model)
        family = self._config.family_of(spec.provider)
        wanted = family.effort if family else None
        effort = capabilities.accepted_effort(wanted)
        if wanted and effort != wanted:
            log.info("%s does not accept effort %r: %s", spec, wanted,
                     f"sending {effort!r}" if effort else "no effort sent")
        reserve = self._capabilities.reserve_for(capabilities.thinking_effort(effort))
        return ModelProfile(capabilities=capabilities, effort=effort, reasoning_reserve=reserve)

    def _anthropic_client(self, spec: ModelSpec) -> anthropic.Anthropic:
        from agent.llm import anthropic_provider

        if self._anthropic is None:
            base_url = (self._env.get(anthropic_provider.BASE_URL_ENV)
                        or anthropic_provider.DEFAULT_BASE_URL)
            self._anthropic = anthropic_provider.make_client(
                self._key(spec), timeout_s=self._timeout, base_url=base_url,
                http_client=self._http_client)
        return self._anthropic

    def _openai_client(self, spec: ModelSpec) -> openai.OpenAI:
        from agent.llm import openai_provider

        if spec.provider not in self._openai:
            if spec.provider == openai_provider.COMPATIBLE:
                key = self._env.get(openai_provider.COMPATIBLE_KEY_ENV)
                base_url = self._urls.compatible(spec)
            else:
                key, base_url = self._key(spec), self._urls.openai()
            self._openai[spec.provider] = openai_provider.make_client(
                key, base_url=base_url, timeout_s=self._timeout, http_client=self._http_client)
        return self._openai[spec.provider]

    @property
    def _timeout(self) -> float:
        return self._retrier.policy.call_timeout_s

    def _key(self, spec: ModelSpec) -> str:
        name = _KEY_ENV[spec.provider]
        if not (key := self._env.get(name)):
            raise ConfigError(f"{spec} needs {name} in the environment")
        return key


class _BaseUrls:
    """Where ``openai:`` and ``openai-compatible:`` send their requests (module docstring)."""

    def __init__(self, config: ModelsConfig, env: Mapping[str, str],
                 specs: list[ModelSpec]) -> None:
        self._shared = env.get(OPENAI_BASE_URL_ENV, "")
        self._compatible = (env.get(COMPATIBLE_BASE_URL_ENV)
                            or config.openai_compatible.base_url or self._shared)
        self._local_uses_shared = (any(s.provider == "openai-compatible" for s in specs)
                                   and bool(self._shared) and self._compatible == self._shared)

    def compatible(self, spec: ModelSpec) -> str:
        if not self._compatible:
            raise ConfigError(
                f"{spec} needs the server's URL: set {COMPATIBLE_BASE_URL_ENV} or OPENAI_BASE_URL "
                "(e.g. http://127.0.0.1:11434/v1) or [openai_compatible] base_url in "
                "config/models.toml")
        return self._compatible

    def openai(self) -> str:
        from agent.llm.openai_provider import OPENAI_BASE_URL

        if not self._shared:
            return OPENAI_BASE_URL
        if self._local_uses_shared:
            log.warning("OPENAI_BASE_URL points openai-compatible: at %s in this run, so openai: "
                        "roles use %s (set %s for the local server to send openai: there)",
                        self._shared, OPENAI_BASE_URL, COMPATIBLE_BASE_URL_ENV)
            return OPENAI_BASE_URL
        refuse_plain_http(self._shared)
        return self._shared


def refuse_plain_http(url: str) -> None:
    """The real OpenAI key may go to a gateway, never in clear text to another machine."""
    parts = urlsplit(url)
    if parts.scheme == "https" or (parts.scheme == "http" and _is_loopback(parts.hostname)):
        return
    raise ConfigError(f"OPENAI_BASE_URL={url} would send OPENAI_API_KEY unencrypted to "
                      f"{parts.hostname or 'an unknown host'}: use https (or a loopback address), "
                      "or use openai-compatible: with OPENAI_COMPATIBLE_API_KEY")


def _is_loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def build_router(
    *,
    overrides: list[str],
    env: Mapping[str, str],
    ledger: Ledger,
    run_id: str,
    on_token: TokenCallback | None = None,
    config_dir: Path | None = None,
    http_client: httpx2.Client | None = None,
    sleeper: Sleeper = time.sleep,
) -> LLMRouter:
    """The run's router. ``http_client`` and ``sleeper`` exist for tests and benchmarks."""
    config = load_models_config(config_dir)
    specs = resolve_specs(config, env, overrides)
    secrets = [env.get(name) for name in (*_KEY_ENV.values(), _COMPATIBLE_KEY_ENV)]
    retrier = Retrier(config.retry, sleeper=sleeper, redact=redactor(*secrets))
    fallback = economy_spec(config, specs["verifier"])
    used = [spec for spec in (*specs.values(), fallback) if spec is not None]
    builder = _ModelBuilder(config, env, retrier, http_client, load_capabilities(config_dir), used)
    models: dict[Role, ChatModel | None] = {
        role: builder.model(spec) if spec else None for role, spec in specs.items()}
    router = LLMRouter(
        models, ledger=ledger, run_id=run_id, on_token=on_token,
        budget=Budget(max_tokens=config.budget.max_tokens, max_usd=config.budget.max_usd),
        prices=PriceTable.load(config_dir),
        fallbacks={"verifier": builder.model(fallback)} if fallback else {},
    )
    router.save_run_info()
    return router
