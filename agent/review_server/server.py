"""The review page's HTTP server: waitress on a socket ``bind_listener`` bound, stoppable from
another thread, with a short access log. Imported only when a server is made (see the package
docstring for why waitress)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.console import Console
from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.server import create_server

from agent.review_server import ServerLimits

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

console = Console(stderr=True)
TLS_HANDSHAKE = 0x16
"""First byte of a TLS record carrying a handshake: someone opened https:// on this port."""


class ReviewServer:
    """waitress on one bound socket, with the ``socketserver`` interface the CLI and tests use:
    ``serve_forever()`` in one thread, ``shutdown()`` from another, then ``server_close()``."""

    def __init__(self, app: WSGIApplication, listener: socket.socket,
                 limits: ServerLimits) -> None:
        self._map: dict[int, Any] = {}
        self._server = create_server(
            AccessLog(app), map=self._map, sockets=[listener], threads=limits.threads,
            max_request_body_size=limits.max_body_bytes + 1,  # waitress refuses >= this
            max_request_header_size=limits.max_header_bytes,
            channel_timeout=limits.read_timeout_s,
            cleanup_interval=max(1, limits.read_timeout_s // 2), ident="inference-desk")
        self._server.channel_class = PlainHttpChannel
        self.server_address: tuple[str, int] = listener.getsockname()[:2]
        self._serving = threading.Event()
        self._stopping = threading.Event()
        self._stopped = threading.Event()

    @property
    def server_port(self) -> int:
        return self.server_address[1]

    def serve_forever(self) -> None:
        """Serve until ``shutdown()`` (or Ctrl-C); open connections are closed on the way out."""
        adjustments = self._server.adj
        self._serving.set()
        try:
            while not self._stopping.is_set():
                wasyncore.loop(timeout=adjustments.asyncore_loop_timeout, map=self._map,
                               use_poll=adjustments.asyncore_use_poll, count=1)
        finally:
            self._close_connections()
            self._server.task_dispatcher.shutdown()
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop ``serve_forever`` running in another thread and wait for it to return."""
        self._stopping.set()
        if self._serving.is_set():
            self._server.pull_trigger()  # wake the event loop now rather than at its timeout
            self._stopped.wait()

    def server_close(self) -> None:
        self._server.close()

    def _close_connections(self) -> None:
        for channel in list(self._map.values()):
            if isinstance(channel, HTTPChannel):
                channel.close()


class PlainHttpChannel(HTTPChannel):
    """A waitress connection that hangs up at once on a TLS handshake (a browser sent to
    https://), rather than waiting out the read timeout for a request line that never comes."""

    def received(self, data: bytes) -> bool:
        if self.request is None and not self.requests and data[:1] == bytes([TLS_HANDSHAKE]):
            self.will_close = True
            return False
        return bool(super().received(data))


class AccessLog:
    """One short line per answered request on stderr, never the query string (it may carry the
    token); requests the server refuses itself (400, 413, 431) never reach it."""

    def __init__(self, app: WSGIApplication) -> None:
        self.app = app

    def __call__(self, environ: WSGIEnvironment,
                 start_response: StartResponse) -> Iterable[bytes]:
        def logged(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            line = f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')} {status[:3]}"
            console.print(_printable(line), style="dim", markup=False, highlight=False,
                          soft_wrap=True)
            return start_response(status, headers, exc_info)

        return self.app(environ, logged)


def _printable(text: str) -> str:
    """Control characters escaped, so a request path cannot write to the terminal."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
