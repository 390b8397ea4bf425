"""Adapters send only what each model accepts (config/model_capabilities.toml), keep room for
thinking in the output budget, mark only prefixes the provider would cache, and honour
OPENAI_BASE_URL for openai: without ever sending the real key to an unintended host. Through the
real SDK clients over httpx2.MockTransport, behind a handler that refuses what the real API
refuses."""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx2
import pytest

from agent.config import ConfigError
from agent.llm.capabilities import load_capabilities
from agent.llm.factory import build_router
from agent.llm.prompting import static_system
from agent.persistence.ledger import MemoryLedger
from tests.llm.desk_requests import VALID_JSON, EntailmentVerdict, verify_request
from tests.llm.sdk_mocks import (
    FAKE_ANTHROPIC_KEY,
    FAKE_COMPATIBLE_KEY,
    FAKE_OPENAI_KEY,
    ScriptedAPI,
    anthropic_error,
    anthropic_message,
    openai_completion,
)
from agent.llm.base import PromptBlock

ANTHROPIC = {"ANTHROPIC_API_KEY": FAKE_ANTHROPIC_KEY}
OPENAI = {"OPENAI_API_KEY": FAKE_OPENAI_KEY}


def strict_anthropic(body: dict[str, Any]) -> httpx2.Response:
    """Answers like the Messages API: 400 for an effort or max_tokens the model refuses."""
    table = load_capabilities()
    caps = table.find("anthropic", body["model"]) or table.defaults
    effort = (body.get("output_config") or {}).get("effort")
    if effort is not None and effort not in caps.effort:
        return anthropic_error(400, "invalid_request_error",
                               f"output_config.effort: not supported by {body['model']}")
    if body["max_tokens"] > caps.max_output_tokens:
        return anthropic_error(400, "invalid_request_error", "max_tokens: too large")
    return anthropic_message(VALID_JSON, model=body["model"])


def router_for(api: ScriptedAPI, env: dict[str, str], *overrides: str):
    return build_router(overrides=list(overrides), env=env, ledger=MemoryLedger(), run_id="r",
                        http_client=api.http_client())


def test_effort_is_never_sent_to_a_model_that_refuses_it(retrier):
    api = ScriptedAPI(*[strict_anthropic] * 2)
    router = router_for(api, ANTHROPIC, "extractor=anthropic:claude-haiku-4-5")

    router.call(verify_request(role="writer", node="draft"), EntailmentVerdict)
    router.call(verify_request(role="extractor", node="claims"), EntailmentVerdict)

    writer, extractor = api.bodies
    assert writer["output_config"]["effort"] == "low"       # claude-sonnet-5-5 accepts it
    assert "effort" not in extractor["output_config"]       # claude-haiku-4-5 has no effort
    assert [call.outcome for call in router.ledger.calls("r")] == ["ok", "ok"]


def test_output_budgets_keep_room_for_thinking_and_stay_under_the_models_maximum():
    api = ScriptedAPI(*[strict_anthropic] * 3)
    router = router_for(api, ANTHROPIC, "extractor=anthropic:claude-haiku-4-5")

    router.call(verify_request(role="writer", max_tokens=1200), EntailmentVerdict)
    router.call(verify_request(role="extractor", max_tokens=1200), EntailmentVerdict)
    router.call(verify_request(role="extractor", max_tokens=90_000,
                               user="<claim>other</claim>"), EntailmentVerdict)

    sent = [body["max_tokens"] for body in api.bodies]
    # Sonnet 5.5 thinks at effort low (1,024 reserved); Haiku 4.5 does not think unless asked,
    # and its output stops at 64,000.
    assert sent == [1200 + 1024, 1200, 64_000]


def test_an_unknown_model_gets_conservative_limits_and_one_warning(caplog):
    api = ScriptedAPI(*[strict_anthropic] * 3)
    with caplog.at_level(logging.WARNING, logger="agent.llm.capabilities"):
        first = router_for(api, ANTHROPIC, "all=anthropic:claude-future-9")
        router_for(api, ANTHROPIC, "all=anthropic:claude-future-9")
        first.call(verify_request(max_tokens=50_000), EntailmentVerdict)
        first.call(verify_request(user="<claim>x</claim>"), EntailmentVerdict)

    warnings = [r.getMessage() for r in caplog.records if "claude-future-9" in r.getMessage()]
    assert len(warnings) == 1 and "conservative defaults" in warnings[0]
    assert [body["max_tokens"] for body in api.bodies] == [8192, 800]
    assert all("effort" not in body["output_config"] for body in api.bodies)


def test_cache_markers_only_where_the_prefix_reaches_the_models_minimum():
    api = ScriptedAPI(*[strict_anthropic] * 3)
    router = router_for(api, ANTHROPIC)
    short = static_system("house_style.md")                    # about 700 tokens
    long = [PromptBlock(text="x" * 4 * 2000, cache=True)]      # 2,000 tokens

    router.call(verify_request(role="writer", system=short), EntailmentVerdict)
    router.call(verify_request(role="writer", system=long), EntailmentVerdict)
    router.call(verify_request(role="extractor", system=long), EntailmentVerdict)

    marked = [[bool(b.get("cache_control")) for b in body["system"]] for body in api.bodies]
    # Sonnet 5.5 caches from 1,024 tokens, Haiku 5.5 from 4,096.
    assert marked == [[False], [True], [False]]


def test_openai_gets_a_prompt_cache_key_only_for_a_prefix_it_would_cache():
    api = ScriptedAPI(*[openai_completion(VALID_JSON)] * 2)
    router = router_for(api, OPENAI)

    router.call(verify_request(role="writer", system=static_system("house_style.md")),
                EntailmentVerdict)
    router.call(verify_request(role="writer",
                               system=[PromptBlock(text="y" * 4 * 1100, cache=True)]),
                EntailmentVerdict)

    assert ["prompt_cache_key" in body for body in api.bodies] == [False, True]


# -- OPENAI_BASE_URL ------------------------------------------------------------------------------
def _calls_by_host(api: ScriptedAPI) -> list[tuple[str, str]]:
    return [(f"{r.url.scheme}://{r.url.host}", r.headers["authorization"]) for r in api.requests]


def test_openai_honours_openai_base_url_as_the_sdk_documents():
    api = ScriptedAPI(openai_completion(VALID_JSON))
    env = {**OPENAI, "OPENAI_BASE_URL": "https://gateway.example.com/openai/v1"}

    router_for(api, env).call(verify_request(role="writer"), EntailmentVerdict)

    (request,) = api.requests
    assert str(request.url) == "https://gateway.example.com/openai/v1/chat/completions"
    assert request.headers["authorization"] == f"Bearer {FAKE_OPENAI_KEY}"


@pytest.mark.parametrize("url", ["http://gateway.example.com/v1", "http://10.0.0.5:8080/v1"])
def test_the_openai_key_is_never_sent_in_clear_text_to_another_machine(url):
    with pytest.raises(ConfigError, match="unencrypted"):
        router_for(ScriptedAPI(), {**OPENAI, "OPENAI_BASE_URL": url})


def test_a_local_proxy_on_this_machine_may_use_plain_http():
    api = ScriptedAPI(openai_completion(VALID_JSON))
    env = {**OPENAI, "OPENAI_BASE_URL": "http://127.0.0.1:4000/v1"}

    router_for(api, env).call(verify_request(role="writer"), EntailmentVerdict)

    assert _calls_by_host(api) == [("http://127.0.0.1", f"Bearer {FAKE_OPENAI_KEY}")]


def test_the_real_key_never_reaches_the_local_server_that_openai_base_url_names():
    api = ScriptedAPI(*[openai_completion(VALID_JSON)] * 2)
    env = {**OPENAI, "OPENAI_COMPATIBLE_API_KEY": FAKE_COMPATIBLE_KEY,
           "OPENAI_BASE_URL": "http://127.0.0.1:11434/v1"}
    router = router_for(api, env, "extractor=openai-compatible:llama3.1")

    router.call(verify_request(role="writer"), EntailmentVerdict)
    router.call(verify_request(role="extractor"), EntailmentVerdict)

    assert _calls_by_host(api) == [("https://api.openai.com", f"Bearer {FAKE_OPENAI_KEY}"),
                                   ("http://127.0.0.1", f"Bearer {FAKE_COMPATIBLE_KEY}")]


def test_a_separate_compatible_url_frees_openai_base_url_for_openai():
    api = ScriptedAPI(*[openai_completion(VALID_JSON)] * 2)
    env = {**OPENAI, "OPENAI_BASE_URL": "https://gateway.example.com/v1",
           "OPENAI_COMPATIBLE_BASE_URL": "http://127.0.0.1:11434/v1"}
    router = router_for(api, env, "extractor=openai-compatible:llama3.1")

    router.call(verify_request(role="writer"), EntailmentVerdict)
    router.call(verify_request(role="extractor"), EntailmentVerdict)

    assert [str(r.url) for r in api.requests] == [
        "https://gateway.example.com/v1/chat/completions",
        "http://127.0.0.1:11434/v1/chat/completions"]
    assert "authorization" not in json.dumps(api.bodies)
