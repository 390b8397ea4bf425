"""Fixtures for the rubric tests: the published lead essays (archive snapshot, else past issue)."""

from __future__ import annotations

import pytest

from evals.published_essays import NoPublishedEssaysError, PublishedEssay, load_published_essays


@pytest.fixture(scope="session")
def published_essays() -> list[PublishedEssay]:
    try:
        return load_published_essays()
    except NoPublishedEssaysError as error:
        pytest.skip(f"no published essays to calibrate on: {error}")
