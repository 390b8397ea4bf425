"""Shared fixtures for the eval-suite tests: the committed archive, loaded once per session."""

from __future__ import annotations

import datetime as dt

import pytest

from agent.paths import ARCHIVE_DIR
from evals.metrics.base import EvalDay
from evals.metrics.voice import VoiceReference
from evals.runner import load_days


@pytest.fixture(scope="session")
def archive_days() -> list[EvalDay]:
    return load_days(ARCHIVE_DIR)


@pytest.fixture(scope="session")
def day_of(archive_days):
    by_date = {day.date: day for day in archive_days}
    return lambda iso: by_date[dt.date.fromisoformat(iso)]


@pytest.fixture(scope="session")
def voice_reference(archive_days) -> VoiceReference:
    return VoiceReference.from_days(archive_days)
