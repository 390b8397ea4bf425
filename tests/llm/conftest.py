"""Fixtures for the provider tests: a retrier whose sleeps are recorded instead of slept, and the
loopback OpenAI-compatible server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from agent.llm.redact import redactor
from agent.llm.retry import Retrier, RetryPolicy
from tests.llm.loopback_server import LoopbackLLMServer
from tests.llm.sdk_mocks import FAKE_ANTHROPIC_KEY, FAKE_COMPATIBLE_KEY, FAKE_OPENAI_KEY


class SleepRecorder(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture
def retrier(sleeps: SleepRecorder) -> Retrier:
    policy = RetryPolicy(max_attempts=4, initial_backoff_s=1.0, max_backoff_s=8.0, jitter_s=0.5,
                         call_timeout_s=30.0, run_sleep_ceiling_s=120.0)
    return Retrier(policy, sleeper=sleeps,
                   redact=redactor(FAKE_ANTHROPIC_KEY, FAKE_OPENAI_KEY, FAKE_COMPATIBLE_KEY))


@pytest.fixture
def loopback() -> Iterator[LoopbackLLMServer]:
    with LoopbackLLMServer() as server:
        yield server
