"""A real ``langgraph dev`` server for tests: loopback only, a free port, a temporary working
directory (``.langgraph_api/`` lands there, never in the repository), no browser, no telemetry,
stopped through its process group at the end, also when the test fails.

``langgraph_dev(config, workdir)`` is the context manager; ``serve_langgraph`` is the fixture form
(a factory stopped at test teardown). Tests using either skip, printing why, when
langgraph-cli[inmem] is not installed.
"""

from __future__ import annotations

import contextlib
import importlib.util
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from langgraph_sdk import get_sync_client  # a dependency of langgraph itself
from langgraph_sdk.client import SyncLangGraphClient

from tests.skipping import announce_skip

SCRATCH_CONFIG = Path(__file__).with_name("langgraph.json")

LOOPBACK = "127.0.0.1"
READY_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0
# langgraph dev moves to another port, with this warning, when the one asked for is busy
PORT_TAKEN = "is already in use, using port"
# Every outbound call `langgraph dev` makes on its own, switched off: the CLI's usage analytics
# (a POST to Supabase), langgraph-api's PyPI version check and LangSmith tracing. The metadata
# beacon only runs with a license or LangSmith key, which this environment never passes on.
QUIET_ENV = {
    "LANGGRAPH_CLI_NO_ANALYTICS": "1",
    "LANGGRAPH_NO_VERSION_CHECK": "true",
    "LANGSMITH_TRACING": "false",
    "LOG_LEVEL": "WARNING",
    "LOG_COLOR": "false",
    "PYTHONDONTWRITEBYTECODE": "1",
}


class ServerDidNotStart(RuntimeError):
    """``langgraph dev`` exited or never answered ``/ok``; ``log`` holds its output."""

    def __init__(self, message: str, log: str) -> None:
        super().__init__(f"{message}\n--- server log (last 3000 chars) ---\n{log[-3000:]}")
        self.log = log


@dataclass(frozen=True)
class LanggraphServer:
    """A running ``langgraph dev``: its URL, working directory, log file and process group."""

    url: str
    workdir: Path
    log_path: Path
    pid: int

    def client(self) -> SyncLangGraphClient:
        return get_sync_client(url=self.url, api_key=None)

    def assistant_id(self, graph_id: str) -> str:
        """The default assistant's UUID; ``/assistants/{id}/schemas`` rejects a graph id."""
        with self.client() as client:
            return client.assistants.search(graph_id=graph_id, limit=1)[0]["assistant_id"]

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def langgraph_cli_missing() -> str | None:
    """Why a server cannot be started here, or None when langgraph-cli[inmem] is installed."""
    for module, package in (("langgraph_cli", "langgraph-cli"), ("langgraph_api", "langgraph-api")):
        if importlib.util.find_spec(module) is None:
            return f"{package} is not installed (pip install 'langgraph-cli[inmem]')"
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def served_config(config: Path, workdir: Path) -> Path:
    """Copy ``config`` into ``workdir`` with its relative paths made absolute.

    ``langgraph dev`` resolves graph files, ``dependencies`` and ``env`` against its working
    directory, not the config file's, so running it elsewhere needs absolute paths.
    """
    base = config.resolve().parent
    data = json.loads(config.read_text())
    data["dependencies"] = [str(base / dep) if (base / dep).is_dir() else dep
                            for dep in data.get("dependencies", [])]
    for graph_id, spec in data.get("graphs", {}).items():
        if isinstance(spec, dict):
            spec["path"] = absolute_graph_path(spec["path"], base)
        else:
            data["graphs"][graph_id] = absolute_graph_path(spec, base)
    checkpointer = data.get("checkpointer")
    if isinstance(checkpointer, dict) and isinstance(checkpointer.get("path"), str):
        checkpointer["path"] = absolute_graph_path(checkpointer["path"], base)
    if isinstance(data.get("env"), str):
        data["env"] = str(base / data["env"])
    target = workdir / "langgraph.json"
    target.write_text(json.dumps(data, indent=2))
    return target


def absolute_graph_path(spec: str, base: Path) -> str:
    """``./agent/graph.py:graph`` made absolute; module syntax (``agent.graph:graph``) kept."""
    location, _, attribute = spec.rpartition(":")
    if "/" not in location or Path(location).is_absolute():
        return spec
    return f"{(base / location).resolve()}:{attribute}"


def server_env(workdir: Path, extra: Mapping[str, str]) -> dict[str, str]:
    """A clean environment: nothing from the test process leaks in (no keys, no proxies)."""
    home = workdir / "home"
    home.mkdir(exist_ok=True)
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), **QUIET_ENV,
            **extra}


def dev_command(config: Path, port: int, jobs: int) -> list[str]:
    return [sys.executable, "-m", "langgraph_cli", "dev", "--config", str(config),
            "--host", LOOPBACK, "--port", str(port), "--no-browser", "--no-reload",
            "--n-jobs-per-worker", str(jobs), "--server-log-level", "warning"]


def wait_until_ready(process: subprocess.Popen[bytes], url: str, log_path: Path,
                     timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerDidNotStart(f"langgraph dev exited with {process.returncode}",
                                    log_path.read_text(errors="replace"))
        if PORT_TAKEN in (log := log_path.read_text(errors="replace")):
            raise ServerDidNotStart(f"{url} was taken; langgraph dev moved elsewhere", log)
        with contextlib.suppress(httpx.TransportError):  # not listening yet
            if httpx.get(f"{url}/ok", timeout=1.0).status_code == 200:
                return
        time.sleep(0.1)
    raise ServerDidNotStart(f"no answer on {url}/ok within {timeout:.0f} s",
                            log_path.read_text(errors="replace"))


def signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):  # nobody is left in the group
        os.killpg(pid, sig)


def stop_process_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server's process group; SIGKILL whatever is left after STOP_TIMEOUT_S."""
    signal_group(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):  # SIGTERM ignored: SIGKILL follows
        process.wait(timeout=STOP_TIMEOUT_S)
    signal_group(process.pid, signal.SIGKILL)
    process.wait(timeout=STOP_TIMEOUT_S)


@contextlib.contextmanager
def langgraph_dev(config: Path, workdir: Path, *, env: Mapping[str, str] | None = None,
                  jobs: int = 4, ready_timeout: float = READY_TIMEOUT_S
                  ) -> Iterator[LanggraphServer]:
    """Run ``langgraph dev`` for ``config`` in ``workdir`` until the block exits.

    ``jobs`` runs may execute at once (the CLI's own default is one). Each run waits about a
    second in the in-memory queue, so tests gain from starting independent runs together.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    url = f"http://{LOOPBACK}:{port}"
    log_path = workdir / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(dev_command(served_config(config, workdir), port, jobs),
                                   cwd=workdir,
                                   env=server_env(workdir, env or {}), stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_until_ready(process, url, log_path, ready_timeout)
        yield LanggraphServer(url=url, workdir=workdir, log_path=log_path, pid=process.pid)
    finally:
        stop_process_group(process)


@pytest.fixture
def serve_langgraph(request: pytest.FixtureRequest, tmp_path: Path
                    ) -> Iterator[Callable[..., LanggraphServer]]:
    """``serve_langgraph(config, env={...})`` starts a server, stopped when the test ends."""
    if (reason := langgraph_cli_missing()) is not None:
        announce_skip(request.config, reason)
    numbers = itertools.count()
    with contextlib.ExitStack() as servers:
        def start(config: Path, *, env: Mapping[str, str] | None = None) -> LanggraphServer:
            workdir = tmp_path / f"langgraph-dev-{next(numbers)}"
            return servers.enter_context(langgraph_dev(config, workdir, env=env))

        yield start


@pytest.fixture(scope="module")
def scratch_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
                   ) -> Iterator[LanggraphServer]:
    """One server for a test module, serving the scratch graphs of tests/server/langgraph.json."""
    if (reason := langgraph_cli_missing()) is not None:
        announce_skip(request.config, reason)
    with langgraph_dev(SCRATCH_CONFIG, tmp_path_factory.mktemp("scratch-server")) as server:
        yield server


@pytest.fixture
def client(scratch_server: LanggraphServer) -> Iterator[SyncLangGraphClient]:
    with scratch_server.client() as sdk_client:
        yield sdk_client
