"""Transient failures are retried (honouring retry-after), permanent ones fail at once, and a
failure that outlasts the retries pauses the run so rerunning resumes it without repeating calls."""

from __future__ import annotations

from collections.abc import Callable

import httpx2
import pytest

from agent.errors import ProviderRequestError, ProviderUnavailableError
from agent.llm.anthropic_provider import AnthropicChatModel
from agent.persistence.ledger import SqliteLedger
from agent.llm.openai_provider import OpenAIChatModel
from agent.llm.retry import Retrier, RetryPolicy
from agent.llm.router import LLMRouter
from tests.llm.desk_requests import VALID, VALID_JSON, EntailmentVerdict, verify_request
from tests.llm.sdk_mocks import (
    ScriptedAPI,
    anthropic_error,
    anthropic_message,
    openai_completion,
    openai_error,
)

TRANSIENT: dict[str, Callable[[], httpx2.Response | Exception]] = {
    "429 rate limited": lambda: anthropic_error(429, "rate_limit_error", "Rate limited"),
    "529 overloaded": lambda: anthropic_error(529, "overloaded_error", "Overloaded"),
    "500 server error": lambda: anthropic_error(500, "api_error", "Internal server error"),
    "read timeout": lambda: httpx2.ReadTimeout("timed out"),
    "dropped connection": lambda: httpx2.RemoteProtocolError("peer closed connection"),
    "connect error": lambda: httpx2.ConnectError("connection refused"),
}


def sonnet(api: ScriptedAPI, retrier: Retrier) -> AnthropicChatModel:
    return AnthropicChatModel("claude-sonnet-5-5", client=api.anthropic_client(), retrier=retrier)


@pytest.mark.parametrize("failure", TRANSIENT.values(), ids=TRANSIENT.keys())
def test_transient_failure_is_retried_then_succeeds(retrier, sleeps, failure):
    api = ScriptedAPI(failure(), anthropic_message(VALID_JSON))

    result = sonnet(api, retrier).structured(verify_request(), EntailmentVerdict)

    assert result.parsed == VALID
    assert len(api.requests) == 2 and result.transport_attempts == 2
    assert len(sleeps) == 1 and 0 < sleeps[0] <= 8.0


def test_retry_after_header_sets_the_wait(retrier, sleeps):
    api = ScriptedAPI(
        anthropic_error(429, "rate_limit_error", "slow down", headers={"retry-after": "7"}),
        anthropic_error(529, "overloaded_error", "busy", headers={"retry-after-ms": "1500"}),
        anthropic_message(VALID_JSON),
    )

    result = sonnet(api, retrier).structured(verify_request(), EntailmentVerdict)

    assert result.transport_attempts == 3
    assert sleeps == [7.0, 1.5]


def test_backoff_grows_exponentially_with_bounded_jitter(retrier, sleeps):
    api = ScriptedAPI(*[anthropic_error(500, "api_error", "boom")] * 3,
                      anthropic_message(VALID_JSON))

    sonnet(api, retrier).structured(verify_request(), EntailmentVerdict)

    for sleep, base in zip(sleeps, [1.0, 2.0, 4.0], strict=True):
        assert base <= sleep <= base + 0.5


def test_persistent_overload_exhausts_retries_with_a_clear_message(retrier, sleeps):
    api = ScriptedAPI(*[anthropic_error(529, "overloaded_error", "Overloaded")] * 4)

    with pytest.raises(ProviderUnavailableError) as caught:
        sonnet(api, retrier).structured(verify_request(), EntailmentVerdict)

    assert len(api.requests) == 4 and len(sleeps) == 3
    message = str(caught.value)
    assert "anthropic is unavailable for the verifier (anthropic:claude-sonnet-5-5)" in message
    assert "HTTP 529 overloaded after 4 attempts" in message
    assert "run the same command again to resume" in message
    assert caught.value.role == "verifier" and caught.value.model == "anthropic:claude-sonnet-5-5"


def test_the_run_ceiling_on_retry_sleep_stops_early(sleeps):
    policy = RetryPolicy(max_attempts=10, initial_backoff_s=1.0, jitter_s=0.0,
                         run_sleep_ceiling_s=5.0)
    retrier = Retrier(policy, sleeper=sleeps)
    api = ScriptedAPI(*[anthropic_error(503, "api_error", "unavailable")] * 10)

    with pytest.raises(ProviderUnavailableError, match="retry ceiling"):
        sonnet(api, retrier).structured(verify_request(), EntailmentVerdict)

    assert sleeps == [1.0, 2.0] and len(api.requests) == 3  # a further 4 s would pass 5 s
    assert retrier.budget.remaining() == pytest.approx(2.0)


def test_a_retry_after_beyond_the_ceiling_pauses_instead_of_waiting(sleeps):
    retrier = Retrier(RetryPolicy(run_sleep_ceiling_s=60.0), sleeper=sleeps)
    api = ScriptedAPI(anthropic_error(429, "rate_limit_error", "quota",
                                      headers={"retry-after": "3600"}))

    with pytest.raises(ProviderUnavailableError) as caught:
        sonnet(api, retrier).structured(verify_request(), EntailmentVerdict)

    assert sleeps == [] and len(api.requests) == 1
    assert "HTTP 429 rate limited after 1 attempt; waiting 3,600.0 s more would pass" in str(
        caught.value)


def test_401_fails_fast_with_one_request_naming_role_model_and_fix(retrier, sleeps):
    api = ScriptedAPI(anthropic_error(401, "authentication_error", "invalid x-api-key"))

    with pytest.raises(ProviderRequestError) as caught:
        sonnet(api, retrier).structured(verify_request(), EntailmentVerdict)

    assert len(api.requests) == 1 and sleeps == []
    message = str(caught.value)
    assert "rejected the verifier call (anthropic:claude-sonnet-5-5)" in message
    assert "HTTP 401: invalid x-api-key" in message
    assert "check ANTHROPIC_API_KEY" in message


@pytest.mark.parametrize(("status", "kind", "hint"), [
    (400, "invalid_request_error", "Retrying cannot help"),
    (403, "permission_denied", "no access to gpt-6.2-sol"),
    (404, "not_found_error", "fix the id in config/models.toml"),
    (422, "invalid_request_error", "Retrying cannot help"),
])
def test_other_permanent_errors_fail_fast_on_openai(retrier, sleeps, status, kind, hint):
    api = ScriptedAPI(openai_error(status, kind, "nope"), openai_completion(VALID_JSON))
    model = OpenAIChatModel("gpt-6.2-sol", client=api.openai_client(), retrier=retrier)

    with pytest.raises(ProviderRequestError, match=hint):
        model.structured(verify_request(role="critic", node="critique"), EntailmentVerdict)
    assert len(api.requests) == 1 and sleeps == []


def test_openai_429_and_dropped_connection_are_retried(retrier, sleeps):
    api = ScriptedAPI(openai_error(429, "rate_limit_exceeded", "slow", {"retry-after": "2"}),
                      httpx2.RemoteProtocolError("server disconnected"),
                      openai_completion(VALID_JSON))
    model = OpenAIChatModel("gpt-6.2-sol", client=api.openai_client(), retrier=retrier)

    assert model.structured(verify_request(), EntailmentVerdict).transport_attempts == 3
    assert sleeps[0] == 2.0


def test_unavailable_provider_pauses_and_rerun_resumes_without_repeating_calls(
        tmp_path, retrier):
    ledger_file = tmp_path / "ledger.sqlite"
    first_claim = verify_request(node="verify")
    second_claim = verify_request(node="verify", user="<claim>Acme hired 300 people.</claim>")
    api = ScriptedAPI(anthropic_message(VALID_JSON),
                      *[anthropic_error(529, "overloaded_error", "Overloaded")] * 4)
    router = LLMRouter({"verifier": sonnet(api, retrier)}, ledger=SqliteLedger(ledger_file),
                       run_id="issue-2026-04-21")

    assert router.call(first_claim, EntailmentVerdict) == VALID
    with pytest.raises(ProviderUnavailableError):
        router.call(second_claim, EntailmentVerdict)

    # The same command again: a fresh process, the same ledger beside the checkpoint.
    rerun_api = ScriptedAPI(anthropic_message(VALID_JSON))
    rerun = LLMRouter({"verifier": sonnet(rerun_api, retrier)},
                      ledger=SqliteLedger(ledger_file), run_id="issue-2026-04-21")
    assert rerun.call(first_claim, EntailmentVerdict) == VALID
    assert rerun.call(second_claim, EntailmentVerdict) == VALID

    assert len(rerun_api.requests) == 1  # the completed call was replayed, not repaid
    outcomes = [call.outcome for call in rerun.ledger.calls("issue-2026-04-21")]
    assert outcomes == ["ok", "unavailable", "ok"]
