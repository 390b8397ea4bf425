"""Fixtures for the editor's workflow: drafted runs (drafted once per session, copied per test so
each test owns its run), fake writer/critic scripts, and a real PostgreSQL server from Debian's
packages (skipped, with the reason printed, where it cannot be installed or started)."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from agent.llm.router import LLMRouter
from agent.session import DeskSession
from tests.fakes import draft_router
from tests.helpers import start_input


@dataclass
class DraftedRun:
    """A run paused at editor review, in this test's own data and out directories."""

    date: str
    data_dir: Path
    out_dir: Path
    env: dict[str, str]

    def session(self, router: LLMRouter | None = None, command: str | None = None
                ) -> DeskSession:
        """A session on the run; with ``command`` it holds the date's lock like the CLI."""
        return DeskSession(date=self.date, data_dir=self.data_dir, out_dir=self.out_dir,
                           router=router or LLMRouter(), env=self.env, create=False,
                           command=command)

    @property
    def package(self) -> Path:
        return self.out_dir / self.date


def announce_skip(config: pytest.Config, reason: str) -> None:
    """Print why an environment-dependent test skips (visible without -rs), then skip."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():  # past pytest's output capture
            reporter.write_line(f"\nSKIPPED: {reason}", yellow=True)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def run_templates(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], Path]:
    """Draft each (date, mode) once: mode ``baseline`` (no key) or ``llm`` (scripted models)."""
    made: dict[tuple[str, str], Path] = {}

    def make(date: str, mode: str) -> Path:
        if (date, mode) not in made:
            root = tmp_path_factory.mktemp(f"run-{date}-{mode}")
            router = LLMRouter() if mode == "baseline" else draft_router(date)
            with DeskSession(date=date, data_dir=root / "data", out_dir=root / "out",
                             router=router, env={}) as session:
                session.run(start_input(date))
            made[(date, mode)] = root
        return made[(date, mode)]

    return make


@pytest.fixture
def drafted(run_templates: Callable[[str, str], Path],
            tmp_path: Path) -> Callable[..., DraftedRun]:
    def copy(date: str = "2026-04-21", mode: str = "baseline") -> DraftedRun:
        source = run_templates(date, mode)
        for part in ("data", "out"):
            shutil.copytree(source / part, tmp_path / part, dirs_exist_ok=True)
        return DraftedRun(date=date, data_dir=tmp_path / "data", out_dir=tmp_path / "out", env={})

    return copy


# -- PostgreSQL --------------------------------------------------------------------------------


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
