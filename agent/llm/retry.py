"""Retries for provider calls: transient failures only, bounded per call and per run.

Transient means the same request may succeed later: HTTP 408, 409, 429, any 5xx (529 overloaded
included), timeouts and connection errors, and an error in the middle of a stream that is not the
request's fault (Anthropic's SSE ``error`` event, or the ``{"error": ...}`` chunk vLLM and
llama.cpp send, which the openai SDK raises as a plain ``APIError``). Those are retried with
exponential backoff and jitter, or after exactly the delay the provider asked for
(``retry-after-ms`` / ``retry-after``). Everything else (400, 401, 403, 404, 422, an in-stream
``invalid_request_error``...) fails at once as a ``ProviderRequestError`` that says what to fix. A
transient failure that outlasts the attempts, or the run's ceiling on total back-off sleep, becomes
a ``ProviderUnavailableError``. Every SDK exception becomes one of these two typed errors, so the
router can record it in the ledger and the caller can decide to pause or degrade.

The SDKs' own retries are switched off (``max_retries=0``) so attempts do not multiply.
"""

from __future__ import annotations

import email.utils
import sys
import threading
import time
from collections.abc import Callable, Mapping
from typing import NamedTuple, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from tenacity import (
    RetryCallState,
    RetryError,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)
from tenacity.stop import stop_base

from agent.errors import ProviderRequestError, ProviderUnavailableError

T = TypeVar("T")

Sleeper = Callable[[float], None]
"""Sleeps for the given seconds; tests inject a recorder so nothing really sleeps."""

TRANSIENT_STATUS = frozenset({408, 409, 429})
# Error types a provider can send inside a 200 stream: Anthropic's SSE ``error`` event, and the
# ``{"error": {"type": ...}}`` chunks of OpenAI-compatible servers (vLLM, llama.cpp, LM Studio).
TRANSIENT_ERROR_TYPES = frozenset({
    "overloaded_error", "rate_limit_error", "api_error", "timeout_error", "server_error",
    "internal_server_error", "internalservererror", "service_unavailable",
    "service_unavailable_error", "unavailable_error"})
# Error types that say the request itself is wrong: retrying cannot help.
REQUEST_ERROR_TYPES = frozenset({
    "invalid_request_error", "badrequesterror", "bad_request", "authentication_error",
    "permission_error", "permission_denied", "not_found_error", "not_found",
    "request_too_large", "context_length_exceeded", "invalid_request"})

class SdkErrors(NamedTuple):
    api: tuple[type[Exception], ...]
    """Every exception an SDK raises about a request (the bases of the three below)."""
    status: tuple[type[Exception], ...]
    connection: tuple[type[Exception], ...]
    timeout: tuple[type[Exception], ...]


def sdk_errors() -> SdkErrors:
    """The exception classes of the provider SDKs loaded in this process.

    Importing an SDK costs a second or more (thousands of pydantic models), so this module never
    imports one: a keyless run loads neither, an Anthropic-only run never loads openai
    (the start-up time target). Only a loaded SDK can have raised, so nothing is missed.
    """
    loaded = [sys.modules[name] for name in ("anthropic", "openai") if name in sys.modules]
    transport = [sys.modules["httpx2"]] if "httpx2" in sys.modules else []
    return SdkErrors(
        api=tuple(sdk.APIError for sdk in loaded),
        status=tuple(sdk.APIStatusError for sdk in loaded),
        connection=(*(sdk.APIConnectionError for sdk in loaded),
                    *(httpx2.TransportError for httpx2 in transport)),
        timeout=(*(sdk.APITimeoutError for sdk in loaded),
                 *(httpx2.TimeoutException for httpx2 in transport)),
    )


class NotTheAPIError(Exception):
    """The server answered 200 with something that is not the API's response (an HTML error page
    from a proxy, a server speaking another API): the SDK hands it back as text."""

    def __init__(self, body: object) -> None:
        super().__init__(str(body)[:120])


def expect_api_object(result: T, kind: type) -> T:
    """``result`` if the SDK parsed the API's object, else ``NotTheAPIError``."""
    if not isinstance(result, kind):
        raise NotTheAPIError(result)
    return result


class RetryPolicy(BaseModel):
    """Retry settings (``config/models.toml [retry]``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_attempts: int = Field(default=5, ge=1, description="Transport attempts per model turn.")
    initial_backoff_s: float = Field(default=1.0, gt=0)
    max_backoff_s: float = Field(default=30.0, gt=0)
    jitter_s: float = Field(default=1.0, ge=0)
    call_timeout_s: float = Field(default=120.0, gt=0, description="Per HTTP request.")
    run_sleep_ceiling_s: float = Field(
        default=300.0, ge=0, description="Total back-off sleep allowed in one run, all calls."
    )


class CallContext(BaseModel):
    """Who is calling, for error messages. Never holds a secret."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: str
    node: str
    provider: str
    model: str
    fix_hint: str = Field(description="How to repair credentials, e.g. 'check ANTHROPIC_API_KEY'.")

    @property
    def model_id(self) -> str:
        return f"{self.provider}:{self.model}"


class RetryBudget:
    """The run's ceiling on back-off sleep, shared by every role and thread of one run."""

    def __init__(self, ceiling_s: float) -> None:
        self.ceiling_s = ceiling_s
        self._slept_s = 0.0
        self._lock = threading.Lock()

    @property
    def slept_s(self) -> float:
        return self._slept_s

    def remaining(self) -> float:
        return max(self.ceiling_s - self._slept_s, 0.0)

    def spend(self, seconds: float) -> None:
        with self._lock:
            self._slept_s += seconds


class Retrier:
    """Runs one provider request with the run's retry policy and back-off budget."""

    def __init__(self, policy: RetryPolicy | None = None, *, budget: RetryBudget | None = None,
                 sleeper: Sleeper = time.sleep,
                 redact: Callable[[str], str] = lambda text: text) -> None:
        self.policy = policy or RetryPolicy()
        self.budget = budget or RetryBudget(self.policy.run_sleep_ceiling_s)
        self._sleeper = sleeper
        self._redact = redact

    def call(self, send: Callable[[], T], context: CallContext) -> tuple[T, int]:
        """``send()`` with retries; returns its result and the number of transport attempts."""
        attempts = 0

        def attempt() -> T:
            nonlocal attempts
            attempts += 1
            return send()

        ceiling = _BudgetSpent(self.budget)
        retrying = Retrying(
            retry=retry_if_exception(is_transient),
            wait=self._wait,
            stop=stop_after_attempt(self.policy.max_attempts) | ceiling,
            sleep=self._sleep,
            reraise=False,
        )
        try:
            return retrying(attempt), attempts
        except RetryError as gave_up:
            last = gave_up.last_attempt.exception()
            raise self._unavailable(context, last, attempts, ceiling.refused_wait_s) from None
        except sdk_errors().api as rejected:
            raise self._rejected(context, rejected) from None
        except NotTheAPIError as odd:
            raise ProviderRequestError(self._redact(
                f"{context.provider} answered the {context.role} call ({context.model_id}) in "
                f"{context.node} with something that is not its API's response ({odd}). "
                f"Check where the requests go: {context.fix_hint}."), role=context.role,
                model=context.model_id) from None

    def _wait(self, state: RetryCallState) -> float:
        asked = retry_after_s(state.outcome.exception() if state.outcome else None)
        if asked is not None:
            return asked
        backoff = wait_exponential_jitter(multiplier=self.policy.initial_backoff_s,
                                          max=self.policy.max_backoff_s,
                                          jitter=self.policy.jitter_s)
        return backoff(state)

    def _sleep(self, seconds: float) -> None:
        self.budget.spend(seconds)
        self._sleeper(seconds)

    def _unavailable(self, context: CallContext, error: BaseException | None, attempts: int,
                     refused_wait_s: float | None) -> ProviderUnavailableError:
        message = (
            f"{context.provider} is unavailable for the {context.role} ({context.model_id}) in "
            f"{context.node}: {describe_failure(error)} after {attempts} "
            f"attempt{'s' if attempts != 1 else ''}"
        )
        if refused_wait_s is not None:
            message += (f"; waiting {refused_wait_s:,.1f} s more would pass the run's retry "
                        f"ceiling ({self.policy.run_sleep_ceiling_s:g} s of back-off)")
        message += (". The run is paused with its checkpoint intact; run the same command again "
                    "to resume.")
        return ProviderUnavailableError(self._redact(message), role=context.role,
                                        model=context.model_id)

    def _rejected(self, context: CallContext, error: Exception) -> ProviderRequestError:
        status = http_status(error)
        detail = provider_message(error)
        how = (f"with HTTP {status}" if status is not None and status >= 400
               else f"with an error inside the response ({error_type(error) or 'no type'})")
        message = (
            f"{context.provider} rejected the {context.role} call ({context.model_id}) in "
            f"{context.node} {how}{': ' + detail if detail else ''}. "
            f"{fix_for_status(status or 400, context)}"
        )
        return ProviderRequestError(self._redact(message), role=context.role,
                                    model=context.model_id)


class _BudgetSpent(stop_base):
    """Stop when the next back-off would overrun the run's sleep ceiling."""

    def __init__(self, budget: RetryBudget) -> None:
        self.budget = budget
        self.refused_wait_s: float | None = None

    def __call__(self, retry_state: RetryCallState) -> bool:
        if retry_state.upcoming_sleep <= self.budget.remaining():
            return False
        self.refused_wait_s = retry_state.upcoming_sleep
        return True


def is_transient(error: BaseException) -> bool:
    errors = sdk_errors()
    if isinstance(error, errors.connection):
        return True
    status = http_status(error) if isinstance(error, errors.status) else None
    if status is not None:
        should_retry = _headers(error).get("x-should-retry")
        if should_retry in ("true", "false"):
            return should_retry == "true"
        if status in TRANSIENT_STATUS or status >= 500:
            return True
        if status >= 400:
            return False
    if isinstance(error, errors.api):  # an error inside a 200 response (a stream's error chunk)
        return in_stream_error_is_transient(error)
    return False


def in_stream_error_is_transient(error: BaseException) -> bool:
    """An error sent inside a response is the server's (retry) unless it names the request as the
    problem, by type (``invalid_request_error``...) or by a 4xx code other than 408/409/429."""
    if type(error).__name__ == "APIResponseValidationError":
        return False  # the body does not match the API's schema: the same server will repeat it
    kind = (error_type(error) or "").lower()
    if kind in TRANSIENT_ERROR_TYPES:
        return True
    if kind in REQUEST_ERROR_TYPES:
        return False
    code = _int(_error_field(error, "code"))
    return code is None or code in TRANSIENT_STATUS or code >= 500 or code < 400


def retry_after_s(error: BaseException | None) -> float | None:
    """The delay the provider asked for, from ``retry-after-ms`` or ``retry-after``."""
    if not isinstance(error, sdk_errors().status):
        return None
    headers = _headers(error)
    if (millis := _float(headers.get("retry-after-ms"))) is not None and millis >= 0:
        return millis / 1000
    raw = headers.get("retry-after")
    if raw is None:
        return None
    if (seconds := _float(raw)) is not None:
        return max(seconds, 0.0)
    parsed = email.utils.parsedate_to_datetime(raw) if raw.strip() else None
    return max(parsed.timestamp() - time.time(), 0.0) if parsed else None


def describe_failure(error: BaseException | None) -> str:
    errors = sdk_errors()
    if isinstance(error, errors.timeout):
        return "the request timed out"
    status = http_status(error) if error is not None else None
    if error is not None and status is not None and status >= 400:
        names = {429: "rate limited", 529: "overloaded", 503: "service unavailable",
                 408: "request timeout", 409: "conflict"}
        return f"HTTP {status} {names.get(status, error_type(error) or 'server error')}".strip()
    if isinstance(error, errors.connection):
        return "the connection failed"
    if isinstance(error, errors.api):
        return f"an error inside the stream ({error_type(error) or 'no type'})"
    return type(error).__name__ if error else "no response"


def fix_for_status(status: int, context: CallContext) -> str:
    override = f"--model {context.role}=provider:model"
    if status == 401:
        return f"The credentials were refused: {context.fix_hint}."
    if status == 403:
        return (f"The key has no access to {context.model}: {context.fix_hint}, or choose another "
                f"model with {override}.")
    if status == 404:
        return (f"Model {context.model!r} was not found: fix the id in config/models.toml or pass "
                f"{override}.")
    return ("Retrying cannot help; the request needs fixing (model id, max_tokens, a parameter "
            "the model does not accept: config/model_capabilities.toml). Report it with the "
            "message above.")


def http_status(error: BaseException) -> int | None:
    status = getattr(error, "status_code", None)
    return status if isinstance(status, int) else None


def _headers(error: BaseException) -> Mapping[str, str]:
    response = getattr(error, "response", None)
    return response.headers if response is not None else {}


def provider_message(error: BaseException) -> str:
    message = _error_field(error, "message")
    if isinstance(message, str) and message:
        return message.splitlines()[0][:300]
    return ""


def error_type(error: BaseException) -> str | None:
    kind = _error_field(error, "type")
    return kind if isinstance(kind, str) and kind else None


def _error_field(error: BaseException, name: str) -> object:
    """A field of the error object in the body: ``{"error": {...}}`` (HTTP errors, Anthropic's
    stream event) or the inner object itself (the openai SDK's in-stream ``APIError.body``)."""
    body = getattr(error, "body", None)
    if not isinstance(body, dict):
        return None
    inner = body.get("error")
    source = inner if isinstance(inner, dict) else body
    return source.get(name)


def _int(value: object) -> int | None:
    try:
        return int(value) if isinstance(value, (int, str)) else None
    except ValueError:
        return None


def _float(raw: str | None) -> float | None:
    try:
        return float(raw) if raw is not None else None
    except ValueError:
        return None
