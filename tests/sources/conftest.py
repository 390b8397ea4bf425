"""Fixtures for the source tests (helpers live in ``tests.sources.helpers``)."""

from __future__ import annotations

import pytest

from tests.sources.helpers import FakeSleep


@pytest.fixture
def sleep() -> FakeSleep:
    return FakeSleep()
