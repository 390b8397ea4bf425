"""A review server on a free loopback port, for tests that speak HTTP (or not) over real sockets,
with everything the server wrote to stderr or its log kept for the test to inspect."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from agent.review_server import ServerLimits, make_review_server
from agent.review_server.app import ReviewApp
from agent.review_server.security import allowed_hosts
from agent.review_server.server import ReviewServer

CLIENT_TIMEOUT_S = 15.0
"""How long a test socket waits for the server; far above every server timeout under test."""


@dataclass
class Served:
    """A running server: raw exchanges over sockets, then its log once stopped."""

    app: object
    server: ReviewServer
    thread: threading.Thread
    capfd: pytest.CaptureFixture[str]
    caplog: pytest.LogCaptureFixture
    stopped: bool = field(default=False)

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.server.server_port}"

    @property
    def origin(self) -> str:
        return f"http://{self.host}"

    def connect(self) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.server.server_port))
        sock.settimeout(CLIENT_TIMEOUT_S)
        return sock

    def exchange(self, raw: bytes) -> bytes:
        """Send ``raw`` on a new connection and return everything until the server closes."""
        with self.connect() as sock:
            sock.sendall(raw)
            return read_until_closed(sock)

    def get(self, path: str = "/", headers: str = "") -> bytes:
        return self.exchange(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n{headers}"
                             "Connection: close\r\n\r\n".encode())

    def stop(self) -> None:
        if not self.stopped:
            self.server.shutdown()
            self.server.server_close()
            self.thread.join()
            self.stopped = True

    def log(self) -> str:
        """Stop the server, then return its stderr and every log record it made, tracebacks
        included as the log would print them."""
        self.stop()
        formatter = logging.Formatter("%(levelname)s %(name)s: %(message)s")
        records = [formatter.format(record) for record in self.caplog.records]
        return self.capfd.readouterr().err + "\n".join(records)


def read_until_closed(sock: socket.socket) -> bytes:
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received


def status_of(response: bytes) -> int | None:
    """The status code of a raw response, None when the server hung up without one."""
    if not response:
        return None
    return int(response.split(b"\r\n", 1)[0].split()[1])


@pytest.fixture
def serve(tmp_path: Path, capfd: pytest.CaptureFixture[str],
          caplog: pytest.LogCaptureFixture) -> Iterator[Callable[..., Served]]:
    """Start a review server over an empty data directory (``limits`` as given); or serve any
    other WSGI application with ``app=``."""
    caplog.set_level(logging.DEBUG)
    started: list[Served] = []

    def start(limits: ServerLimits | None = None, app: object | None = None) -> Served:
        app = app or ReviewApp(data_dir=tmp_path / "data", out_dir=tmp_path / "out", env={},
                               hosts=allowed_hosts("127.0.0.1", None))
        server = make_review_server(app, "127.0.0.1", 0, limits)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        started.append(Served(app, server, thread, capfd, caplog))
        return started[-1]

    yield start
    for served in started:
        served.stop()
