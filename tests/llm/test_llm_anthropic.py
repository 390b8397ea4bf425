"""Anthropic adapter through the real SDK client over httpx2.MockTransport."""

from __future__ import annotations

import pytest

from agent.errors import StructuredOutputError
from agent.llm.anthropic_provider import AnthropicChatModel
from agent.llm.base import PromptBlock, Usage
from tests.llm.desk_requests import (
    MALFORMED_JSON,
    RUBRIC,
    STYLE_GUIDE,
    VALID,
    VALID_JSON,
    EntailmentVerdict,
    verify_request,
)
from tests.llm.sdk_mocks import ScriptedAPI, anthropic_message, anthropic_stream, anthropic_usage


def make_model(api: ScriptedAPI, retrier, max_reasks: int = 2) -> AnthropicChatModel:
    return AnthropicChatModel("claude-sonnet-5-5", client=api.anthropic_client(), retrier=retrier,
                              max_reasks=max_reasks)


def test_structured_round_trip_sends_model_system_cache_markers_and_schema(retrier):
    usage = anthropic_usage(input_tokens=420, output_tokens=96, cache_write=2100, cache_read=0)
    api = ScriptedAPI(anthropic_message(VALID_JSON, usage=usage))

    result = make_model(api, retrier).structured(verify_request(), EntailmentVerdict)

    assert result.parsed == VALID
    assert result.usage == Usage(input_tokens=420, output_tokens=96, cache_write_tokens=2100)
    assert result.attempts == 1 and result.transport_attempts == 1
    (request,) = api.requests
    assert request.url.path == "/v1/messages"
    body = api.bodies[0]
    assert body["model"] == "claude-sonnet-5-5"
    assert body["max_tokens"] == 800
    assert [block["text"] for block in body["system"]] == [
        STYLE_GUIDE, RUBRIC, "Decide whether the sources entail the claim."]
    # Both static blocks end a cacheable prefix; the dynamic task block is not cached.
    assert [block.get("cache_control") for block in body["system"]] == [
        {"type": "ephemeral"}, {"type": "ephemeral"}, None]
    assert body["messages"] == [{"role": "user", "content": verify_request().user}]
    schema_format = body["output_config"]["format"]
    assert schema_format["type"] == "json_schema"
    schema = schema_format["schema"]
    assert list(schema["properties"]) == ["reasoning", "evidence", "verdict", "confidence"]
    assert schema["properties"]["verdict"]["enum"] == ["supported", "partial", "unsupported"]
    assert schema["additionalProperties"] is False
    assert "Evidence" in schema["$defs"]


def test_only_the_last_four_cacheable_blocks_are_marked(retrier):
    api = ScriptedAPI(anthropic_message(VALID_JSON))
    blocks = [PromptBlock(text=f"static {i}", cache=True) for i in range(6)]

    make_model(api, retrier).structured(verify_request(system=blocks), EntailmentVerdict)

    markers = [bool(block.get("cache_control")) for block in api.bodies[0]["system"]]
    assert markers == [False, False, True, True, True, True]


def test_streaming_gives_the_same_result_and_usage_and_reports_tokens(retrier):
    usage = anthropic_usage(input_tokens=300, output_tokens=120, cache_read=2100)
    plain_api = ScriptedAPI(anthropic_message(VALID_JSON, usage=usage))
    stream_api = ScriptedAPI(anthropic_stream(VALID_JSON, usage=usage, pieces=5))
    deltas: list[str] = []

    plain = make_model(plain_api, retrier).structured(verify_request(), EntailmentVerdict)
    streamed = make_model(stream_api, retrier).structured(verify_request(), EntailmentVerdict,
                                                          on_token=deltas.append)

    assert len(deltas) >= 5 and "".join(deltas) == VALID_JSON
    assert streamed.parsed == plain.parsed
    assert streamed.raw_text == plain.raw_text
    assert streamed.usage == plain.usage == Usage(input_tokens=300, output_tokens=120,
                                                  cache_read_tokens=2100)
    assert stream_api.bodies[0]["stream"] is True
    assert stream_api.bodies[0]["output_config"] == plain_api.bodies[0]["output_config"]


def test_malformed_output_is_reasked_with_the_validation_error_and_repaired(retrier):
    api = ScriptedAPI(anthropic_message(MALFORMED_JSON, usage=anthropic_usage(500, 40)),
                      anthropic_message(VALID_JSON, usage=anthropic_usage(600, 90)))

    result = make_model(api, retrier).structured(verify_request(), EntailmentVerdict)

    assert result.parsed == VALID
    assert result.attempts == 2 and result.transport_attempts == 2
    assert result.usage == Usage(input_tokens=1100, output_tokens=130)
    second = api.bodies[1]["messages"]
    assert [m["role"] for m in second] == ["user", "assistant", "user"]
    assert second[1]["content"] == MALFORMED_JSON
    assert "did not validate" in second[2]["content"]
    assert "evidence" in second[2]["content"] and "verdict" in second[2]["content"]
    # The static system prefix is unchanged across the re-ask, so it stays cached.
    assert api.bodies[1]["system"] == api.bodies[0]["system"]


def test_persistently_malformed_output_raises_with_attempts_and_last_raw(retrier):
    api = ScriptedAPI(*[anthropic_message(MALFORMED_JSON, usage=anthropic_usage(500, 40))] * 3)

    with pytest.raises(StructuredOutputError) as caught:
        make_model(api, retrier, max_reasks=2).structured(verify_request(), EntailmentVerdict)

    error = caught.value
    assert error.attempts == 3 and len(api.requests) == 3
    assert error.last_raw == MALFORMED_JSON
    assert error.role == "verifier" and error.model == "anthropic:claude-sonnet-5-5"
    assert "EntailmentVerdict" in str(error)
    assert error.usage["input_tokens"] == 1500 and error.usage["output_tokens"] == 120
