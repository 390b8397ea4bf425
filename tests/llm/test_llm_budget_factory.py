"""Budgets degrade a run (never crash it), and how the router is built from keys, config and
--model overrides."""

from __future__ import annotations

import pytest

from agent.config import ConfigError
from agent.errors import UsageError
from agent.llm.anthropic_provider import AnthropicChatModel
from agent.llm.estimate import estimate_run_cost
from agent.llm.factory import build_router, parse_override
from agent.persistence.ledger import MemoryLedger, SqliteLedger
from agent.llm.pricing import PriceTable
from agent.llm.router import Budget, LLMRouter
from tests.llm.desk_requests import VALID_JSON, EntailmentVerdict, verify_request
from tests.llm.sdk_mocks import ScriptedAPI, anthropic_message, anthropic_usage, openai_completion

RUN = "issue-2026-04-21"
BOTH_KEYS = {"ANTHROPIC_API_KEY": "k-anthropic", "OPENAI_API_KEY": "k-openai"}


def budget_router(api: ScriptedAPI, retrier, budget: Budget, ledger=None) -> LLMRouter:
    client = api.anthropic_client()
    sonnet = AnthropicChatModel("claude-sonnet-5-5", client=client, retrier=retrier)
    haiku = AnthropicChatModel("claude-haiku-5-5", client=client, retrier=retrier)
    return LLMRouter({"writer": sonnet, "verifier": sonnet}, ledger=ledger or MemoryLedger(),
                     run_id=RUN, budget=budget, prices=PriceTable.load(),
                     fallbacks={"verifier": haiku})


def test_token_cap_is_enforced_and_moves_the_verifier(retrier, tmp_path):
    api = ScriptedAPI(*[anthropic_message(VALID_JSON, usage=anthropic_usage(3000, 500))] * 3)
    ledger = SqliteLedger(tmp_path / "ledger.sqlite")
    router = budget_router(api, retrier, Budget(max_tokens=6000), ledger)

    router.call(verify_request(role="writer", node="draft"), EntailmentVerdict)
    assert router.enforce_budget() is False and router.degradations == []
    revision = verify_request(role="writer", node="revise", user="<essay>v2</essay>")
    router.call(revision, EntailmentVerdict)  # 7,000 tokens in all
    assert router.enforce_budget() is True
    router.call(verify_request(role="verifier", node="verify"), EntailmentVerdict)

    assert [body["model"] for body in api.bodies] == [
        "claude-sonnet-5-5", "claude-sonnet-5-5", "claude-haiku-5-5"]
    assert router.model_id("verifier") == "anthropic:claude-haiku-5-5"
    assert router.degradations == [
        "token budget reached (cap 6,000 tokens): verifier switched from "
        "anthropic:claude-sonnet-5-5 to anthropic:claude-haiku-5-5"]
    saved = ledger.run_info(RUN)
    assert saved is not None and saved.degradations == router.degradations
    assert saved.models["verifier"] == "anthropic:claude-haiku-5-5"


def test_dollar_cap_is_reached_from_ledger_cost(retrier):
    # sonnet-5-5: 10,000 output tokens cost $0.10.
    api = ScriptedAPI(anthropic_message(VALID_JSON, usage=anthropic_usage(0, 10_000)))
    router = budget_router(api, retrier, Budget(max_usd=0.10))

    assert router.enforce_budget() is False
    router.call(verify_request(role="writer", node="draft"), EntailmentVerdict)

    assert router.enforce_budget() is True
    assert router.degradations[0].startswith("dollar budget reached (cap $0.10)")


def test_a_resumed_run_keeps_its_degradation_once(retrier, tmp_path):
    ledger_file = tmp_path / "ledger.sqlite"
    api = ScriptedAPI(anthropic_message(VALID_JSON, usage=anthropic_usage(9000, 500)))
    first = budget_router(api, retrier, Budget(max_tokens=6000), SqliteLedger(ledger_file))
    first.call(verify_request(role="writer", node="draft"), EntailmentVerdict)
    assert first.enforce_budget()

    resumed = budget_router(ScriptedAPI(), retrier, Budget(max_tokens=6000),
                            SqliteLedger(ledger_file))

    assert resumed.enforce_budget() is True
    assert resumed.model_id("verifier") == "anthropic:claude-haiku-5-5"
    assert SqliteLedger(ledger_file).run_info(RUN).degradations == first.degradations


def test_no_key_and_no_override_is_the_baseline():
    router = build_router(overrides=[], env={}, ledger=MemoryLedger(), run_id=RUN)

    assert router.is_baseline
    assert set(router.describe().values()) == {"baseline"}
    assert estimate_run_cost(router).calls == 0


@pytest.mark.parametrize(("env", "family"), [
    ({"ANTHROPIC_API_KEY": "k"}, "anthropic"), ({"OPENAI_API_KEY": "k"}, "openai")])
def test_one_key_puts_every_role_on_that_family(env, family):
    router = build_router(overrides=[], env=env, ledger=MemoryLedger(), run_id=RUN)

    assert {model_id.split(":")[0] for model_id in router.describe().values()} == {family}
    assert router.model_id("writer") in ("anthropic:claude-sonnet-5-5", "openai:gpt-6.2-sol")
    assert router.budget is not None and router.budget.max_usd == 0.40


def test_both_keys_put_the_critic_on_the_other_family():
    router = build_router(overrides=[], env=BOTH_KEYS, ledger=MemoryLedger(), run_id=RUN)

    assert router.describe() == {
        "writer": "anthropic:claude-sonnet-5-5", "critic": "openai:gpt-6.2-sol",
        "extractor": "anthropic:claude-haiku-5-5", "verifier": "anthropic:claude-haiku-5-5"}
    assert router.fallbacks["verifier"].model_id == "anthropic:claude-haiku-5-5"


def test_overrides_replace_single_roles_or_all():
    env = {**BOTH_KEYS, "OPENAI_BASE_URL": "http://127.0.0.1:11434/v1"}
    router = build_router(
        overrides=["writer=openai-compatible:llama3.1", "critic=anthropic:claude-opus-5-5"],
        env=env, ledger=MemoryLedger(), run_id=RUN)
    assert router.model_id("writer") == "openai-compatible:llama3.1"
    assert router.model_id("critic") == "anthropic:claude-opus-5-5"
    assert router.model_id("verifier") == "anthropic:claude-haiku-5-5"

    local = build_router(overrides=["all=openai-compatible:qwen3:8b"], env=env,
                         ledger=MemoryLedger(), run_id=RUN)
    assert set(local.describe().values()) == {"openai-compatible:qwen3:8b"}
    assert local.fallbacks == {}  # no cheaper local model configured


@pytest.mark.parametrize("bad", [
    "writer", "writer=claude-sonnet-5-5", "poet=anthropic:claude-sonnet-5-5",
    "writer=mistral:large", "writer=anthropic:", "writer = anthropic:x"])
def test_bad_override_syntax_is_a_usage_error(bad):
    with pytest.raises(UsageError, match="--model"):
        parse_override(bad)


def test_overrides_need_their_credentials():
    with pytest.raises(ConfigError, match="needs ANTHROPIC_API_KEY"):
        build_router(overrides=["writer=anthropic:claude-sonnet-5-5"], env={},
                     ledger=MemoryLedger(), run_id=RUN)
    with pytest.raises(ConfigError, match="OPENAI_BASE_URL"):
        build_router(overrides=["writer=openai-compatible:llama3.1"], env={},
                     ledger=MemoryLedger(), run_id=RUN)


def test_the_router_records_its_models_in_the_ledger(tmp_path):
    ledger = SqliteLedger(tmp_path / "ledger.sqlite")

    build_router(overrides=[], env=BOTH_KEYS, ledger=ledger, run_id=RUN)

    info = ledger.run_info(RUN)
    assert info is not None and info.models["critic"] == "openai:gpt-6.2-sol"


def test_built_models_send_the_configured_effort_to_each_api():
    api = ScriptedAPI(anthropic_message(VALID_JSON), openai_completion(VALID_JSON),
                      openai_completion(VALID_JSON))
    env = {**BOTH_KEYS, "OPENAI_BASE_URL": "http://127.0.0.1:11434/v1"}
    router = build_router(overrides=["extractor=openai-compatible:llama3.1"], env=env,
                          ledger=MemoryLedger(), run_id=RUN, http_client=api.http_client())

    for role in ("writer", "critic", "extractor"):
        router.call(verify_request(role=role, node=role), EntailmentVerdict)

    writer, critic, extractor = api.bodies
    assert writer["output_config"]["effort"] == "low"            # Anthropic adaptive thinking
    assert critic["reasoning_effort"] == "low"                   # OpenAI reasoning models
    assert "reasoning_effort" not in extractor                   # local servers: left alone
    assert [str(r.url) for r in api.requests] == [
        "https://api.anthropic.com/v1/messages", "https://api.openai.com/v1/chat/completions",
        "http://127.0.0.1:11434/v1/chat/completions"]


def test_anthropic_base_url_comes_from_the_given_env_only(monkeypatch):
    monkeypatch.setenv("ANTHROPIC_BASE_URL", "http://127.0.0.1:1/not-this-one")
    api = ScriptedAPI(anthropic_message(VALID_JSON), anthropic_message(VALID_JSON))
    for env in ({"ANTHROPIC_API_KEY": "k"},
                {"ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": "http://127.0.0.1:8090"}):
        router = build_router(overrides=[], env=env, ledger=MemoryLedger(), run_id=RUN,
                              http_client=api.http_client())
        router.call(verify_request(role="writer", node="draft"), EntailmentVerdict)

    assert [str(r.url) for r in api.requests] == [
        "https://api.anthropic.com/v1/messages", "http://127.0.0.1:8090/v1/messages"]
