"""The pre-flight estimate counts only the cache hits the API would grant: a prefix at or above
the model's minimum, written once and read by later calls on the same model, never by calls that
start together."""

from __future__ import annotations

import pytest

from agent.llm.estimate import estimate_run_cost
from agent.llm.factory import build_router
from agent.llm.settings import PlannedCalls, load_models_config
from agent.persistence.ledger import MemoryLedger

SONNET = (2.00, 10.00, 0.10, 2.50)  # config/prices.toml claude-sonnet-5-5: in, out, read, write


def anthropic_router():
    return build_router(overrides=[], env={"ANTHROPIC_API_KEY": "k"}, ledger=MemoryLedger(),
                        run_id="r")


def usd(input_tokens=0, output=0, read=0, write=0, price=SONNET) -> float:
    return (input_tokens * price[0] + output * price[1] + read * price[2]
            + write * price[3]) / 1e6


def essay_calls(prefix: int, parallel: bool = False) -> PlannedCalls:
    return PlannedCalls(what="essay", roles=["writer", "writer", "critic"], parallel=parallel,
                        prompt_tokens=9000, prefix_tokens=prefix, output_tokens=500)


def test_a_prefix_above_the_minimum_is_written_once_and_read_by_the_later_calls():
    estimate = estimate_run_cost(anthropic_router(), [essay_calls(8000)])

    assert estimate.calls == 3 and estimate.prompt_tokens == 27_000
    assert estimate.cached_prompt_tokens == 16_000
    expected = usd(input_tokens=3 * 1000, output=1500, write=8000, read=2 * 8000)
    assert estimate.usd_expected == pytest.approx(expected)
    assert estimate.usd_uncached == pytest.approx(usd(input_tokens=27_000, output=1500))
    assert "~16,000 from the cache" in estimate.summary()


def test_a_prefix_below_the_models_minimum_earns_nothing():
    estimate = estimate_run_cost(anthropic_router(), [essay_calls(1000)])  # Sonnet: 1,024

    assert estimate.cached_prompt_tokens == 0
    assert estimate.usd_expected == pytest.approx(estimate.usd_uncached)


def test_calls_that_start_together_all_write_and_none_reads():
    estimate = estimate_run_cost(anthropic_router(), [essay_calls(8000, parallel=True)])

    assert estimate.cached_prompt_tokens == 0
    assert estimate.usd_expected == pytest.approx(
        usd(input_tokens=3 * 1000, output=1500, write=3 * 8000))


def test_the_minimum_is_the_models_own():
    extraction = PlannedCalls(what="claims", roles=["extractor", "extractor"], prompt_tokens=6000,
                              prefix_tokens=3000, output_tokens=1000)

    (haiku,) = estimate_run_cost(anthropic_router(), [extraction]).roles

    assert haiku.model_id == "anthropic:claude-haiku-5-5"  # caches from 4,096 tokens only
    assert haiku.cached_prompt_tokens == 0 and haiku.usd_expected == haiku.usd_uncached


def test_the_configured_plan_counts_the_essay_prefix_reads_only():
    estimate = estimate_run_cost(anthropic_router())

    plan = load_models_config().estimate
    essay = next(group for group in plan if group.what.startswith("lead essay"))
    assert estimate.calls == sum(len(group.roles) for group in plan)
    assert estimate.cached_prompt_tokens == (len(essay.roles) - 1) * essay.prefix_tokens
