"""OpenAI and OpenAI-compatible adapters through the real SDK client over httpx2.MockTransport,
and the compatible adapter over real HTTP against the loopback server."""

from __future__ import annotations

import pytest

from agent.errors import ProviderRequestError, StructuredOutputError
from agent.llm.base import Usage
from agent.llm.openai_provider import COMPATIBLE, NO_KEY, OpenAIChatModel, make_client
from tests.llm.desk_requests import (
    MALFORMED_JSON,
    RUBRIC,
    STYLE_GUIDE,
    VALID,
    VALID_JSON,
    EntailmentVerdict,
    verify_request,
)
from tests.llm.sdk_mocks import ScriptedAPI, openai_completion, openai_stream, openai_usage

LOCAL_URL = "http://127.0.0.1:11434/v1"


def openai_model(api: ScriptedAPI, retrier) -> OpenAIChatModel:
    return OpenAIChatModel("gpt-6.2-sol", client=api.openai_client(), retrier=retrier)


def compatible_model(api: ScriptedAPI, retrier) -> OpenAIChatModel:
    client = api.openai_client(key=NO_KEY, base_url=LOCAL_URL)
    return OpenAIChatModel("llama3.1", client=client, retrier=retrier, provider=COMPATIBLE)


def test_openai_round_trip_sends_model_system_schema_and_cache_key(retrier):
    usage = openai_usage(prompt_tokens=2600, completion_tokens=110, cached=1800, cache_write=0)
    api = ScriptedAPI(openai_completion(VALID_JSON, usage=usage))

    result = openai_model(api, retrier).structured(verify_request(), EntailmentVerdict)

    assert result.parsed == VALID
    # prompt_tokens include the cached ones; the ledger keeps them apart.
    assert result.usage == Usage(input_tokens=800, output_tokens=110, cache_read_tokens=1800)
    (request,) = api.requests
    assert str(request.url) == "https://api.openai.com/v1/chat/completions"
    body = api.bodies[0]
    assert body["model"] == "gpt-6.2-sol"
    assert body["max_completion_tokens"] == 800 and "max_tokens" not in body
    system, user = body["messages"]
    assert system["role"] == "system"
    assert system["content"].startswith(f"{STYLE_GUIDE}\n\n{RUBRIC}")  # static part first
    assert user == {"role": "user", "content": verify_request().user}
    response_format = body["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["name"] == "EntailmentVerdict"
    assert response_format["json_schema"]["strict"] is True
    schema = response_format["json_schema"]["schema"]
    assert schema["required"] == ["reasoning", "evidence", "verdict", "confidence"]
    assert schema["additionalProperties"] is False
    assert body["prompt_cache_key"].startswith("desk-")


def test_prompt_cache_key_follows_the_static_prefix_only(retrier):
    api = ScriptedAPI(*[openai_completion(VALID_JSON)] * 3)
    model = openai_model(api, retrier)

    model.structured(verify_request(), EntailmentVerdict)
    model.structured(verify_request(user="<claim>Another claim.</claim>"), EntailmentVerdict)
    other_prefix = verify_request(system=[*verify_request().system[1:]])
    model.structured(other_prefix, EntailmentVerdict)

    keys = [body["prompt_cache_key"] for body in api.bodies]
    assert keys[0] == keys[1] != keys[2]


def test_compatible_round_trip_uses_base_url_max_tokens_and_no_openai_extras(retrier):
    api = ScriptedAPI(openai_completion(VALID_JSON, model="llama3.1",
                                        usage=openai_usage(900, 120)))

    result = compatible_model(api, retrier).structured(verify_request(), EntailmentVerdict)

    assert result.parsed == VALID
    assert result.usage == Usage(input_tokens=900, output_tokens=120)
    (request,) = api.requests
    assert str(request.url) == f"{LOCAL_URL}/chat/completions"
    assert request.headers["authorization"] == f"Bearer {NO_KEY}"
    body = api.bodies[0]
    assert body["model"] == "llama3.1"
    assert body["max_tokens"] == 800
    assert "prompt_cache_key" not in body and "max_completion_tokens" not in body
    assert body["response_format"]["json_schema"]["name"] == "EntailmentVerdict"


@pytest.mark.parametrize("make", [openai_model, compatible_model], ids=["openai", "compatible"])
def test_streaming_gives_identical_results(retrier, make):
    usage = openai_usage(prompt_tokens=2000, completion_tokens=150, cached=1024, cache_write=512)
    plain_api = ScriptedAPI(openai_completion(VALID_JSON, usage=usage))
    stream_api = ScriptedAPI(openai_stream(VALID_JSON, usage=usage, pieces=6))
    deltas: list[str] = []

    plain = make(plain_api, retrier).structured(verify_request(), EntailmentVerdict)
    streamed = make(stream_api, retrier).structured(verify_request(), EntailmentVerdict,
                                                    on_token=deltas.append)

    assert len(deltas) >= 6 and "".join(deltas) == VALID_JSON
    assert streamed.parsed == plain.parsed and streamed.raw_text == plain.raw_text
    assert streamed.usage == plain.usage == Usage(input_tokens=464, output_tokens=150,
                                                  cache_read_tokens=1024, cache_write_tokens=512)
    assert stream_api.bodies[0]["stream"] is True
    assert stream_api.bodies[0]["stream_options"] == {"include_usage": True}


def test_malformed_output_is_reasked_and_repaired(retrier):
    api = ScriptedAPI(openai_completion(MALFORMED_JSON), openai_completion(VALID_JSON))

    result = openai_model(api, retrier).structured(verify_request(), EntailmentVerdict)

    assert result.parsed == VALID and result.attempts == 2
    messages = api.bodies[1]["messages"]
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    assert messages[2]["content"] == MALFORMED_JSON
    assert "did not validate" in messages[3]["content"] and "verdict" in messages[3]["content"]


def test_persistently_malformed_output_raises_typed_error(retrier):
    api = ScriptedAPI(*[openai_completion(MALFORMED_JSON)] * 3)

    with pytest.raises(StructuredOutputError) as caught:
        openai_model(api, retrier).structured(verify_request(), EntailmentVerdict)

    assert caught.value.attempts == 3 and caught.value.last_raw == MALFORMED_JSON
    assert caught.value.model == "openai:gpt-6.2-sol"


def test_compatible_adapter_over_real_http_against_the_loopback_server(retrier, loopback):
    loopback.answer("EntailmentVerdict", VALID)
    client = make_client(None, base_url=loopback.base_url, timeout_s=10)
    model = OpenAIChatModel("llama3.1", client=client, retrier=retrier, provider=COMPATIBLE)
    deltas: list[str] = []

    plain = model.structured(verify_request(), EntailmentVerdict)
    streamed = model.structured(verify_request(), EntailmentVerdict, on_token=deltas.append)

    assert plain.parsed == streamed.parsed == VALID
    assert "".join(deltas) == VALID_JSON
    assert plain.usage == streamed.usage and plain.usage.input_tokens > 0
    assert loopback.schemas_requested() == ["EntailmentVerdict", "EntailmentVerdict"]
    assert loopback.requests[0]["model"] == "llama3.1"


def test_loopback_server_rejects_a_schema_it_has_no_answer_for(retrier, loopback):
    client = make_client(None, base_url=loopback.base_url, timeout_s=10)
    model = OpenAIChatModel("llama3.1", client=client, retrier=retrier, provider=COMPATIBLE)

    with pytest.raises(ProviderRequestError, match="no canned answer for schema"):
        model.structured(verify_request(), EntailmentVerdict)
    assert len(loopback.requests) == 1
