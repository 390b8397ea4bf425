"""Every call lands in the ledger with the provider's usage and a cost from the price table;
``desk cost D`` reports it per node and per role."""

from __future__ import annotations

import json

import pytest

from agent.errors import StructuredOutputError, UnknownDateError, UsageError
from agent.llm.anthropic_provider import AnthropicChatModel
from agent.commands.cost import cost_command
from agent.persistence.ledger import SqliteLedger, ledger_path
from agent.llm.openai_provider import OpenAIChatModel
from agent.llm.pricing import PriceTable
from agent.llm.router import LLMRouter
from agent.persistence.runs import RunStore
from tests.llm.desk_requests import MALFORMED_JSON, VALID_JSON, EntailmentVerdict, verify_request
from tests.llm.sdk_mocks import (
    ScriptedAPI,
    anthropic_message,
    anthropic_usage,
    openai_completion,
    openai_usage,
)

RUN = "issue-2026-04-21"


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "desk-data"


def desk_router(data_dir, retrier, anthropic_api: ScriptedAPI, openai_api: ScriptedAPI):
    sonnet = AnthropicChatModel("claude-sonnet-5-5", client=anthropic_api.anthropic_client(),
                                retrier=retrier)
    haiku = AnthropicChatModel("claude-haiku-5-5", client=anthropic_api.anthropic_client(),
                               retrier=retrier)
    sol = OpenAIChatModel("gpt-6.2-sol", client=openai_api.openai_client(), retrier=retrier)
    router = LLMRouter({"writer": sonnet, "critic": sol, "extractor": haiku, "verifier": sonnet},
                       ledger=SqliteLedger(ledger_path(data_dir)), run_id=RUN,
                       prices=PriceTable.load())
    router.save_run_info()
    return router


def run_three_calls(router):
    router.call(verify_request(role="writer", node="draft"), EntailmentVerdict)
    router.call(verify_request(role="critic", node="critique"), EntailmentVerdict)
    router.call(verify_request(role="extractor", node="claims"), EntailmentVerdict)


def test_ledger_totals_equal_the_mocked_usage_and_cost_follows_the_price_table(
        data_dir, retrier):
    anthropic_api = ScriptedAPI(
        anthropic_message(VALID_JSON, usage=anthropic_usage(1000, 800, cache_write=3000)),
        anthropic_message(VALID_JSON, usage=anthropic_usage(2000, 500, cache_read=3000)))
    openai_api = ScriptedAPI(
        openai_completion(VALID_JSON, usage=openai_usage(5000, 400, cached=2000)))
    router = desk_router(data_dir, retrier, anthropic_api, openai_api)

    run_three_calls(router)

    totals = router.totals()
    assert totals.calls == 3 and totals.failed_calls == 0 and totals.unpriced_calls == 0
    assert totals.input_tokens == 1000 + 2000 + (5000 - 2000)
    assert totals.output_tokens == 800 + 500 + 400
    assert totals.cache_read_tokens == 3000 + 2000
    assert totals.cache_write_tokens == 3000
    writer, critic, extractor = router.ledger.calls(RUN)
    # config/prices.toml: sonnet-5-5 2/10/0.10/2.50, gpt-6.2-sol 2/10/0.10, haiku-5-5 0.1/0.5/0.01
    assert writer.cost_usd == pytest.approx((1000 * 2 + 800 * 10 + 3000 * 2.5) / 1e6)
    assert critic.cost_usd == pytest.approx((3000 * 2 + 400 * 10 + 2000 * 0.10) / 1e6)
    assert extractor.cost_usd == pytest.approx((2000 * 0.1 + 500 * 0.5 + 3000 * 0.01) / 1e6)
    assert totals.cost_usd == pytest.approx(writer.cost_usd + critic.cost_usd
                                            + extractor.cost_usd)
    assert (writer.node, writer.role, writer.provider, writer.model) == (
        "draft", "writer", "anthropic", "claude-sonnet-5-5")
    assert writer.transport_attempts == 1 and writer.latency_s > 0


def test_a_failed_structured_call_is_billed_and_not_replayed(data_dir, retrier):
    anthropic_api = ScriptedAPI(
        *[anthropic_message(MALFORMED_JSON, usage=anthropic_usage(700, 60))] * 3,
        anthropic_message(VALID_JSON, usage=anthropic_usage(700, 90)))
    router = desk_router(data_dir, retrier, anthropic_api, ScriptedAPI())
    request = verify_request(role="verifier", node="verify")

    with pytest.raises(StructuredOutputError):
        router.call(request, EntailmentVerdict)
    assert router.call(request, EntailmentVerdict).verdict == "supported"

    failed, succeeded = router.ledger.calls(RUN)
    assert (failed.outcome, failed.attempts) == ("invalid_output", 3)
    assert (failed.input_tokens, failed.output_tokens) == (2100, 180)
    assert "EntailmentVerdict" in failed.error and failed.cost_usd > 0
    assert succeeded.outcome == "ok"
    assert router.totals().failed_calls == 1


def test_a_model_without_a_price_is_reported_unpriced(data_dir, retrier):
    api = ScriptedAPI(anthropic_message(VALID_JSON))
    model = AnthropicChatModel("claude-fable-5-2", client=api.anthropic_client(),
                               retrier=retrier)
    router = LLMRouter({"writer": model}, ledger=SqliteLedger(ledger_path(data_dir)),
                       run_id=RUN, prices=PriceTable.load())

    router.call(verify_request(role="writer", node="draft"), EntailmentVerdict)

    (call,) = router.ledger.calls(RUN)
    assert call.cost_known is False and call.cost_usd == 0.0
    assert router.totals().unpriced_calls == 1


def test_cost_command_prints_per_node_and_role(data_dir, retrier, capsys):
    anthropic_api = ScriptedAPI(
        anthropic_message(VALID_JSON, usage=anthropic_usage(1000, 800, cache_write=3000)),
        anthropic_message(VALID_JSON, usage=anthropic_usage(2000, 500, cache_read=3000)))
    openai_api = ScriptedAPI(
        openai_completion(VALID_JSON, usage=openai_usage(5000, 400, cached=2000)))
    router = desk_router(data_dir, retrier, anthropic_api, openai_api)
    run_three_calls(router)
    router.note_degradation("token budget reached (cap 1 tokens)")

    assert cost_command(date="2026-04-21", data_dir=data_dir, as_json=True) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["run_id"] == RUN
    assert report["totals"]["calls"] == 3
    assert report["totals"]["cost_usd"] == pytest.approx(router.totals().cost_usd)
    assert {node: t["calls"] for node, t in report["by_node"].items()} == {
        "draft": 1, "critique": 1, "claims": 1}
    assert report["by_role"]["critic"]["input_tokens"] == 3000
    assert report["models"]["critic"] == "openai:gpt-6.2-sol"
    assert report["degradations"] == ["token budget reached (cap 1 tokens)"]
    # The same tokens at the Sonnet-class reference price ($3 / $15 / $0.30 / $3.75).
    expected = (6000 * 3 + 1700 * 15 + 5000 * 0.30 + 3000 * 3.75) / 1e6
    assert report["usd_at_sonnet_class"] == pytest.approx(expected)

    assert cost_command(date="2026-04-21", data_dir=data_dir, as_json=False) == 0
    text = capsys.readouterr().out
    for expected_text in ("per node", "per role", "draft", "critique", "claims", "extractor",
                          "degraded: token budget reached"):
        assert expected_text in text


def test_cost_of_a_baseline_run_says_so(data_dir, capsys):
    router = LLMRouter(ledger=SqliteLedger(ledger_path(data_dir)), run_id=RUN)
    router.save_run_info()

    cost_command(date="2026-04-21", data_dir=data_dir, as_json=False)

    assert "no LLM calls: the run used the baseline writer only" in capsys.readouterr().out


def test_cost_of_an_unknown_date_is_a_clear_error(data_dir):
    with pytest.raises(UnknownDateError, match="no run for 2026-01-02"):
        cost_command(date="2026-01-02", data_dir=data_dir, as_json=False)
    SqliteLedger(ledger_path(data_dir)).close()
    with pytest.raises(UnknownDateError):
        cost_command(date="2026-01-02", data_dir=data_dir, as_json=True)
    with pytest.raises(UsageError, match="not YYYY-MM-DD"):
        cost_command(date="21/04/2026", data_dir=data_dir, as_json=False)


def test_cost_follows_the_dates_current_thread_after_a_fresh_run(data_dir, retrier, capsys):
    store = RunStore(data_dir / "runs.sqlite")
    store.thread_for("2026-04-21")
    fresh_thread = store.thread_for("2026-04-21", fresh=True)
    store.close()
    api = ScriptedAPI(anthropic_message(VALID_JSON, usage=anthropic_usage(100, 10)),
                      anthropic_message(VALID_JSON, usage=anthropic_usage(200, 20)))
    model = AnthropicChatModel("claude-sonnet-5-5", client=api.anthropic_client(),
                               retrier=retrier)
    for run_id in (RUN, fresh_thread):
        router = LLMRouter({"writer": model}, ledger=SqliteLedger(ledger_path(data_dir)),
                           run_id=run_id, prices=PriceTable.load())
        router.call(verify_request(role="writer", node="draft", user=run_id), EntailmentVerdict)

    cost_command(date="2026-04-21", data_dir=data_dir, as_json=True)

    report = json.loads(capsys.readouterr().out)
    assert report["run_id"] == fresh_thread == "issue-2026-04-21-g2"
    assert report["totals"]["input_tokens"] == 200
