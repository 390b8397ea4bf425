"""Test-wide isolation: no network but loopback (pytest-socket, see pyproject addopts), no API
keys, and a private data/out directory per test so no test sees another's runs."""

from __future__ import annotations

import socket

import pytest

pytest_plugins = ("tests.postgres",)  # the PostgreSQL fixtures, for every test directory

_SECRET_ENV = (
    "ANTHROPIC_API_KEY", "OPENAI_API_KEY", "OPENAI_BASE_URL", "ARTIFICIAL_ANALYSIS_API_KEY",
    "GITHUB_TOKEN", "DESK_DATABASE_URL",
)


_LOOPBACK_NAMES = frozenset({"127.0.0.1", "::1", "localhost", "0.0.0.0", ""})
_real_getaddrinfo = socket.getaddrinfo


def _loopback_only_getaddrinfo(host, *args, **kwargs):
    """pytest-socket blocks connections but not name lookups, and a lookup with no network can
    take seconds to fail: fail it at once, as the blocked connection would."""
    name = host.decode() if isinstance(host, bytes) else (host or "")
    if name not in _LOOPBACK_NAMES:
        raise socket.gaierror(socket.EAI_NONAME, f"name lookups are blocked in tests: {name}")
    return _real_getaddrinfo(host, *args, **kwargs)


@pytest.fixture(autouse=True)
def no_name_lookups(request, monkeypatch):
    if "live" not in request.keywords:
        monkeypatch.setattr(socket, "getaddrinfo", _loopback_only_getaddrinfo)


@pytest.fixture(autouse=True)
def isolated_user_state(tmp_path, monkeypatch):
    for name in _SECRET_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DESK_OUT_DIR", str(tmp_path / "out"))
    monkeypatch.chdir(tmp_path)
    yield


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The kill suite's tally (tests/reliability/test_kill_everywhere.py), read from the test
    reports so that it is printed under xdist too."""
    from tests.reliability.killing import tally_of_reports

    reports = [r for key in ("passed", "failed") for r in terminalreporter.stats.get(key, ())
               if getattr(r, "when", "") == "call"]
    table = tally_of_reports(reports)
    if table:
        terminalreporter.section("kill suite: command x point x outcome")
        terminalreporter.write_line(table)
