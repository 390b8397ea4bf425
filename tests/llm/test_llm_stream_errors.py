"""Errors inside a stream, and every SDK error class, become the typed errors the retry policy and
the ledger use: transient ones are retried, the rest fail at once, and each failure leaves a
ledger row. Through the real SDK clients over httpx2.MockTransport."""

from __future__ import annotations

import httpx2
import pytest

from agent.errors import ProviderRequestError, ProviderUnavailableError
from agent.llm.anthropic_provider import AnthropicChatModel
from agent.llm.openai_provider import COMPATIBLE, NO_KEY, OpenAIChatModel
from agent.llm.router import LLMRouter
from agent.persistence.ledger import MemoryLedger
from tests.llm.desk_requests import VALID, VALID_JSON, EntailmentVerdict, verify_request
from tests.llm.sdk_mocks import (
    ScriptedAPI,
    anthropic_error,
    anthropic_message,
    anthropic_stream,
    anthropic_stream_error,
    openai_completion,
    openai_error,
    openai_stream,
    openai_stream_error,
)

LOCAL_URL = "http://127.0.0.1:8000/v1"
VLLM_ERROR = {"message": "CUDA out of memory while decoding", "type": "InternalServerError",
              "code": 500, "param": None}
LLAMA_CPP_ERROR = {"code": 500, "message": "slot unavailable", "type": "server_error"}
CONTEXT_ERROR = {"message": "This model's maximum context length is 8192 tokens",
                 "type": "invalid_request_error", "code": 400, "param": "messages"}


def local(api: ScriptedAPI, retrier) -> OpenAIChatModel:
    client = api.openai_client(key=NO_KEY, base_url=LOCAL_URL)
    return OpenAIChatModel("llama3.1", client=client, retrier=retrier, provider=COMPATIBLE)


def stream(model, request=None):
    return model.structured(request or verify_request(), EntailmentVerdict,
                            on_token=lambda text: None)


@pytest.mark.parametrize("error", [VLLM_ERROR, LLAMA_CPP_ERROR], ids=["vllm", "llama.cpp"])
def test_an_error_chunk_inside_an_openai_compatible_stream_is_retried(retrier, sleeps, error):
    api = ScriptedAPI(openai_stream_error(VALID_JSON[:30], error),
                      openai_stream(VALID_JSON, model="llama3.1"))

    result = stream(local(api, retrier))

    assert result.parsed == VALID and result.transport_attempts == 2 and len(sleeps) == 1


def test_an_error_chunk_blaming_the_request_fails_at_once_with_the_servers_message(
        retrier, sleeps):
    api = ScriptedAPI(openai_stream_error(VALID_JSON[:30], CONTEXT_ERROR))

    with pytest.raises(ProviderRequestError) as caught:
        stream(local(api, retrier))

    assert len(api.requests) == 1 and sleeps == []
    message = str(caught.value)
    assert "with an error inside the response (invalid_request_error)" in message
    assert "maximum context length is 8192 tokens" in message


def test_error_chunks_that_persist_pause_the_run_and_leave_a_ledger_row(retrier, sleeps):
    api = ScriptedAPI(*[openai_stream_error(VALID_JSON[:30], VLLM_ERROR)] * 4)
    router = LLMRouter({"verifier": local(api, retrier)}, ledger=MemoryLedger(), run_id="r",
                       on_token=lambda text: None)

    with pytest.raises(ProviderUnavailableError) as caught:
        router.call(verify_request(), EntailmentVerdict)

    assert len(api.requests) == 4 and len(sleeps) == 3
    assert "an error inside the stream (InternalServerError) after 4 attempts" in str(
        caught.value)
    (row,) = router.ledger.calls("r")
    assert row.outcome == "unavailable" and "after 4 attempts" in row.error


def test_anthropics_error_event_inside_a_stream_is_retried_when_transient(retrier, sleeps):
    api = ScriptedAPI(anthropic_stream_error(VALID_JSON[:30]), anthropic_stream(VALID_JSON))
    model = AnthropicChatModel("claude-sonnet-5-5", client=api.anthropic_client(),
                               retrier=retrier)

    assert stream(model).parsed == VALID and len(api.requests) == 2 and len(sleeps) == 1


def test_anthropics_error_event_blaming_the_request_is_rejected(retrier, sleeps):
    api = ScriptedAPI(anthropic_stream_error(VALID_JSON[:30], "invalid_request_error",
                                             "messages: text content blocks must be non-empty"))
    model = AnthropicChatModel("claude-sonnet-5-5", client=api.anthropic_client(),
                               retrier=retrier)
    router = LLMRouter({"verifier": model}, ledger=MemoryLedger(), run_id="r",
                       on_token=lambda text: None)

    with pytest.raises(ProviderRequestError, match="text content blocks must be non-empty"):
        router.call(verify_request(), EntailmentVerdict)
    assert len(api.requests) == 1 and sleeps == []
    assert [row.outcome for row in router.ledger.calls("r")] == ["rejected"]


STATUS_CASES = [
    (400, "invalid_request_error", ProviderRequestError),
    (401, "authentication_error", ProviderRequestError),
    (402, "billing_error", ProviderRequestError),
    (403, "permission_error", ProviderRequestError),
    (404, "not_found_error", ProviderRequestError),
    (408, "timeout_error", ProviderUnavailableError),
    (409, "conflict", ProviderUnavailableError),
    (413, "request_too_large", ProviderRequestError),
    (422, "invalid_request_error", ProviderRequestError),
    (429, "rate_limit_error", ProviderUnavailableError),
    (500, "api_error", ProviderUnavailableError),
    (502, "api_error", ProviderUnavailableError),
    (503, "api_error", ProviderUnavailableError),
    (504, "timeout_error", ProviderUnavailableError),
    (529, "overloaded_error", ProviderUnavailableError),
]


@pytest.mark.parametrize(("status", "kind", "typed"), STATUS_CASES,
                         ids=[str(case[0]) for case in STATUS_CASES])
@pytest.mark.parametrize("sdk", ["anthropic", "openai"])
def test_every_status_error_of_either_sdk_becomes_a_typed_error(retrier, sdk, status, kind,
                                                                typed):
    if sdk == "anthropic":
        api = ScriptedAPI(*[anthropic_error(status, kind, "no")] * 4)
        model = AnthropicChatModel("claude-sonnet-5-5", client=api.anthropic_client(),
                                   retrier=retrier)
    else:
        api = ScriptedAPI(*[openai_error(status, kind, "no")] * 4)
        model = OpenAIChatModel("gpt-6.2-sol", client=api.openai_client(), retrier=retrier)

    with pytest.raises(typed):
        model.structured(verify_request(), EntailmentVerdict)
    assert len(api.requests) == (4 if typed is ProviderUnavailableError else 1)


@pytest.mark.parametrize("failure", [httpx2.ReadTimeout("slow"), httpx2.ConnectError("refused"),
                                     httpx2.RemoteProtocolError("peer closed")],
                         ids=["timeout", "connect", "dropped"])
def test_transport_failures_of_the_openai_sdk_are_retried_then_unavailable(retrier, failure):
    api = ScriptedAPI(*[failure] * 4)

    with pytest.raises(ProviderUnavailableError):
        local(api, retrier).structured(verify_request(), EntailmentVerdict)
    assert len(api.requests) == 4


@pytest.mark.parametrize("sdk", ["anthropic", "openai"])
def test_a_page_that_is_not_the_apis_response_is_a_typed_error_naming_the_fix(retrier, sdk):
    api = ScriptedAPI(httpx2.Response(200, content=b"<html>gateway error</html>",
                                      headers={"content-type": "text/html"}),
                      openai_completion(VALID_JSON))
    model = (local(api, retrier) if sdk == "openai" else AnthropicChatModel(
        "claude-sonnet-5-5", client=api.anthropic_client(), retrier=retrier))

    with pytest.raises(ProviderRequestError) as caught:
        model.structured(verify_request(), EntailmentVerdict)

    assert "not its API's response (<html>gateway error</html>)" in str(caught.value)
    assert len(api.requests) == 1


def test_a_plain_anthropic_answer_after_a_transient_error_is_billed_once(retrier):
    api = ScriptedAPI(anthropic_error(529, "overloaded_error", "busy"),
                      anthropic_message(VALID_JSON))
    router = LLMRouter({"verifier": AnthropicChatModel(
        "claude-sonnet-5-5", client=api.anthropic_client(), retrier=retrier)},
        ledger=MemoryLedger(), run_id="r")

    router.call(verify_request(), EntailmentVerdict)

    (row,) = router.ledger.calls("r")
    assert row.outcome == "ok" and row.transport_attempts == 2
