"""The simulated server behaves like the real APIs where the desk's behaviour and cost depend on
it, checked with the real SDK clients over loopback: truncation at max_tokens with each API's
stop reason, thinking tokens counted against the limit, cache reads only on identical prefixes
at or above the model's minimum and only after a write, error events inside a stream, and 400 for
a parameter the model does not accept."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import anthropic
import openai
import pytest

from tests.sim.server import Fault, SimLLMServer, SimSettings
from tests.sim.wire import tokens

SCHEMA = {"type": "json_schema", "schema": {
    "title": "Note", "type": "object", "additionalProperties": False, "required": ["reasoning"],
    "properties": {"reasoning": {"type": "string"}}}}
OPENAI_FORMAT = {"type": "json_schema", "json_schema": {"name": "Note", "strict": True,
                                                        "schema": SCHEMA["schema"]}}


@pytest.fixture
def sim() -> Iterator[SimLLMServer]:
    with SimLLMServer(SimSettings(lifetime_s=120)) as server:
        yield server


def claude(sim: SimLLMServer) -> anthropic.Anthropic:
    return anthropic.Anthropic(api_key="sim", base_url=sim.anthropic_base_url, max_retries=0)


def gpt(sim: SimLLMServer) -> openai.OpenAI:
    return openai.OpenAI(api_key="sim", base_url=sim.openai_base_url, max_retries=0)


def ask_claude(sim: SimLLMServer, *, model: str = "claude-sonnet-5-5", max_tokens: int = 4000,
               system: list[dict] | None = None, user: str = "Say something.",
               **extra: object) -> anthropic.types.Message:
    output_config = {"format": SCHEMA, **extra.pop("output_config", {})}  # type: ignore[dict-item]
    return claude(sim).messages.create(
        model=model, max_tokens=max_tokens, system=system or [],
        messages=[{"role": "user", "content": user}], output_config=output_config, **extra)


def test_an_answer_over_max_tokens_is_cut_there_with_each_apis_stop_reason(sim):
    message = ask_claude(sim, model="claude-haiku-4-5", max_tokens=5)
    completion = gpt(sim).chat.completions.create(
        model="sim-model", max_tokens=5, response_format=OPENAI_FORMAT,
        messages=[{"role": "user", "content": "Say something."}])

    assert message.stop_reason == "max_tokens" and message.usage.output_tokens == 5
    assert len(message.content[-1].text) == 5 * 4
    assert completion.choices[0].finish_reason == "length"
    assert completion.usage.completion_tokens == 5


def test_thinking_tokens_count_against_max_tokens(sim):
    roomy = ask_claude(sim, output_config={"effort": "low"})
    answer = roomy.usage.output_tokens - roomy.usage.output_tokens_details.thinking_tokens
    assert roomy.stop_reason == "end_turn" and roomy.usage.output_tokens_details.thinking_tokens

    tight = ask_claude(sim, max_tokens=answer, output_config={"effort": "low"})

    assert tight.stop_reason == "max_tokens"  # the answer alone would fit; thinking came first
    assert tight.usage.output_tokens == answer
    assert [block.type for block in tight.content] == ["thinking", "text"]


def _system(text: str) -> list[dict]:
    return [{"type": "text", "text": text, "cache_control": {"type": "ephemeral"}}]


def test_a_cache_read_needs_an_identical_prefix_at_or_above_the_models_minimum(sim):
    below, above = "s" * 4 * 1000, "p" * 4 * 2000   # 1,000 and 2,000 tokens

    first = ask_claude(sim, system=_system(above)).usage
    second = ask_claude(sim, system=_system(above), user="Something else.").usage
    other = ask_claude(sim, system=_system(above[:-4] + "q")).usage
    small = [ask_claude(sim, system=_system(below)).usage for _ in range(2)]
    haiku = [ask_claude(sim, model="claude-haiku-5-5", system=_system(above)).usage
             for _ in range(2)]

    assert (first.cache_creation_input_tokens, first.cache_read_input_tokens) == (2000, 0)
    assert (second.cache_creation_input_tokens, second.cache_read_input_tokens) == (0, 2000)
    assert other.cache_read_input_tokens == 0                  # one character differs
    assert all(u.cache_creation_input_tokens == u.cache_read_input_tokens == 0 for u in small)
    assert all(u.cache_read_input_tokens == 0 for u in haiku)  # Haiku 5.5 caches from 4,096


def test_requests_that_start_together_all_write_and_none_reads():
    settings = SimSettings(ttft_s=0.3, lifetime_s=60)
    with SimLLMServer(settings) as sim:
        usages: list[anthropic.types.Usage] = []
        threads = [threading.Thread(target=lambda: usages.append(
            ask_claude(sim, system=_system("p" * 4 * 2000)).usage)) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        after = ask_claude(sim, system=_system("p" * 4 * 2000)).usage

    assert [u.cache_read_input_tokens for u in usages] == [0, 0, 0]
    assert [u.cache_creation_input_tokens for u in usages] == [2000] * 3
    assert after.cache_read_input_tokens == 2000


def test_openai_caches_repeated_prompts_of_1024_tokens_or_more_in_128_token_steps(sim):
    def ask(text: str) -> openai.types.CompletionUsage:
        return gpt(sim).chat.completions.create(
            model="gpt-6.2-sol", response_format=OPENAI_FORMAT, max_completion_tokens=4000,
            messages=[{"role": "system", "content": text},
                      {"role": "user", "content": "Go."}]).usage

    long, short = "l" * 4 * 1500, "s" * 4 * 900
    cached = [ask(long).prompt_tokens_details.cached_tokens for _ in range(2)]
    uncached = [ask(short).prompt_tokens_details.cached_tokens for _ in range(2)]

    assert cached[0] == 0 and cached[1] == 1408 and cached[1] % 128 == 0
    assert uncached == [0, 0] and tokens(short + "Go.") < 1024


def test_a_parameter_the_model_refuses_is_a_400_like_the_real_api(sim):
    with pytest.raises(anthropic.BadRequestError, match="effort"):
        ask_claude(sim, model="claude-haiku-4-5", output_config={"effort": "low"})
    with pytest.raises(openai.BadRequestError, match="reasoning_effort"):
        gpt(sim).chat.completions.create(
            model="gpt-6.2-sol", reasoning_effort="none", response_format=OPENAI_FORMAT,
            messages=[{"role": "user", "content": "Go."}])
    with pytest.raises(anthropic.BadRequestError, match="max_tokens"):
        ask_claude(sim, max_tokens=200_000, timeout=30)
    assert [r.status for r in sim.log] == [400, 400, 400]


def test_error_events_inside_a_stream_reach_the_sdks(sim):
    sim.inject(Fault("stream_error", times=2))
    with pytest.raises(anthropic.APIStatusError) as anthropic_error:
        with claude(sim).messages.stream(
                model="claude-sonnet-5-5", max_tokens=4000, output_config={"format": SCHEMA},
                messages=[{"role": "user", "content": "Go."}]) as stream:
            for _ in stream.text_stream:
                pass
    with pytest.raises(openai.APIError) as openai_error:
        for _ in gpt(sim).chat.completions.create(
                model="sim-model", response_format=OPENAI_FORMAT, stream=True,
                messages=[{"role": "user", "content": "Go."}]):
            pass

    assert anthropic_error.value.body["error"]["type"] == "overloaded_error"
    assert openai_error.value.body["type"] == "server_error"
