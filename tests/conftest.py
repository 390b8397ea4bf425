"""Test-wide isolation: no network but loopback (pytest-socket, see pyproject addopts), no API
keys, and a private data/out directory per test so no test sees another's runs."""

from __future__ import annotations

import pytest

pytest_plugins = ("tests.postgres",)  # the PostgreSQL fixtures, for every test directory

_SECRET_ENV = (
    "ANTHROPIC_API_KEY", "OPENAI_API_KEY", "OPENAI_BASE_URL", "ARTIFICIAL_ANALYSIS_API_KEY",
    "GITHUB_TOKEN", "DESK_DATABASE_URL",
)


@pytest.fixture(autouse=True)
def isolated_user_state(tmp_path, monkeypatch):
    for name in _SECRET_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DESK_OUT_DIR", str(tmp_path / "out"))
    monkeypatch.chdir(tmp_path)
    yield
