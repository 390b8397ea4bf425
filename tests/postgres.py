"""A real PostgreSQL server for the ``DESK_DATABASE_URL`` tests, from Debian's packages (skipped,
with the reason printed, where it cannot be installed or started). Registered for the whole suite
by tests/conftest.py, so the editor and reliability tests share one server per session."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import announce_skip


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _postgres_user() -> str | None:
    """initdb refuses to run as root: use the ``postgres`` account Debian's package creates."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("postgres").pw_name
    except KeyError:
        return None


@pytest.fixture(scope="session")
def postgres_server(request: pytest.FixtureRequest) -> Iterator[str]:
    """A throwaway PostgreSQL cluster on a free loopback port; yields its base URL."""
    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not binaries:
        announce_skip(request.config, "PostgreSQL is not installed (scripts/test-setup.sh "
                      "installs it with apt when run as root)")
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install '.[test]')")
    pytest.importorskip("langgraph.checkpoint.postgres",
                        reason="langgraph-checkpoint-postgres is not installed")
    bindir = Path(binaries[-1]).parent
    user = _postgres_user()
    if os.geteuid() == 0 and user is None:
        announce_skip(request.config, "running as root without a 'postgres' account for initdb")
    root = Path(tempfile.mkdtemp(prefix="desk-pg-"))
    root.chmod(0o755)
    if user is not None:
        shutil.chown(root, user, user)
    data, port = root / "data", _free_port()
    run = lambda *args: subprocess.run(  # noqa: E731
        [str(bindir / args[0]), *args[1:]], user=user, capture_output=True, text=True, timeout=60)
    steps = [("initdb", "-D", str(data), "-U", "desk", "-A", "trust", "--no-sync", "-E", "UTF8",
              "--locale=C"),
             ("pg_ctl", "-D", str(data), "-l", str(root / "log"), "-w", "-t", "30", "-o",
              f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
              "-c full_page_writes=off", "start")]
    for step in steps:
        result = run(*step)
        if result.returncode != 0:
            shutil.rmtree(root, ignore_errors=True)
            announce_skip(request.config, f"PostgreSQL could not be started ({step[0]}): "
                          f"{(result.stderr or result.stdout).strip()[:300]}")
    try:
        yield f"postgresql://desk@127.0.0.1:{port}"
    finally:
        run("pg_ctl", "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh database per test on the session's server."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{postgres_server}/{name}"
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
