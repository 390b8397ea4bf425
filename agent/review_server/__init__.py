"""The local review page: pending drafts, each claim highlighted with its sources beside it, lint
and judge results, cost, and approve / notes / edit / regenerate / restore.

Served by waitress on one socket this module binds itself: 127.0.0.1 by default, any other
address only with ``DESK_SERVE_TOKEN`` set (see ``security``), a port in use is one line naming
``--port``.

Why waitress rather than the standard library's ``wsgiref`` (which this page used before): its
event loop reads each request whole before a worker thread sees it, so a slow body or one shorter
than its ``Content-Length`` holds a socket, never a thread, and ``channel_timeout`` drops it; it
answers 413 from the declared length without reading the body (and counts chunked bodies as they
arrive), 400 to a non-numeric or negative ``Content-Length`` and to malformed request lines, all
without a traceback; it is pure Python with no dependencies. Fixing ``wsgiref`` would have meant
hand-written socket timeouts, length parsing and error handlers in its request handler, the
code waitress has had reviewed for years. Ours on top (``server``): the bound socket, a hang-up
on a TLS handshake (a browser pointed at https://), stopping from another thread, and a short
access log. waitress is imported only when a server is made, so ``desk --help`` does not pay.
"""

from __future__ import annotations

import errno
import socket
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from agent.errors import ServeError, UsageError
from agent.review_server.forms import MAX_FORM_BYTES

if TYPE_CHECKING:
    from wsgiref.types import WSGIApplication

    from agent.review_server.server import ReviewServer


class ServerLimits(BaseModel):
    """How much a client may send and how long it may take."""

    model_config = ConfigDict(frozen=True)

    max_body_bytes: int = Field(MAX_FORM_BYTES, ge=0)
    """Larger declared (or chunked) bodies get 413 before they are read."""
    read_timeout_s: int = Field(30, ge=1)
    """A connection silent this long mid-request (or idle) is closed; whole seconds (waitress)."""
    max_header_bytes: int = Field(64 * 1024, ge=1024)
    """Request line plus headers; more gets 431."""
    threads: int = Field(4, ge=1)
    """Worker threads running the application (requests are read without them)."""


def make_review_server(app: WSGIApplication, host: str, port: int,
                       limits: ServerLimits | None = None) -> ReviewServer:
    """Bind ``host:port`` (0 picks a free port) and wrap ``app`` in a waitress server."""
    from agent.review_server.server import ReviewServer  # waitress only when serving

    listener = bind_listener(host, port)
    try:
        return ReviewServer(app, listener, limits or ServerLimits())
    except BaseException:
        listener.close()
        raise


def bind_listener(host: str, port: int) -> socket.socket:
    """A TCP socket bound to the first address ``host`` resolves to (the one the binding rules
    checked); failures are one-line ``ServeError``s."""
    if not 0 <= port <= 65535:
        raise UsageError(f"--port must be between 0 and 65535, not {port}")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as error:
        raise ServeError(f"cannot listen on {host}: {error.strerror}") from None
    listener = socket.socket(family, kind, proto)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # restart past TIME_WAIT
        if family == socket.AF_INET6:
            listener.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        listener.bind(address)
    except OSError as error:
        listener.close()
        raise _bind_error(host, port, error) from None
    return listener


def _bind_error(host: str, port: int, error: OSError) -> ServeError:
    if error.errno == errno.EADDRINUSE:
        return ServeError(f"port {port} on {host} is already in use (another `desk serve`?): "
                          f"stop that server or choose another port with --port, e.g. "
                          f"--port {port + 1 if port < 65535 else 8765}")
    return ServeError(f"cannot listen on {host}:{port}: {error.strerror or error}")
