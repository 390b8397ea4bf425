"""The local review page: pending drafts, each claim highlighted with its sources beside it, lint
and judge results, cost, and approve / notes / edit / regenerate / restore.

Served by the standard library's WSGI server with one thread per request; 127.0.0.1 by default,
and any other address only with ``DESK_SERVE_TOKEN`` set (see ``security``).
"""

from __future__ import annotations

import socket
import socketserver
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from rich.console import Console

from agent.review_server.app import ReviewApp

console = Console(stderr=True)


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class ThreadingWSGIServer6(ThreadingWSGIServer):
    address_family = socket.AF_INET6


class QuietHandler(WSGIRequestHandler):
    """One short line per request on stderr, never the query string (it may carry the token)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        path = self.path.split("?", 1)[0]
        console.print(f"{self.command} {path} {code}", style="dim", highlight=False)


def make_review_server(app: ReviewApp, host: str, port: int) -> WSGIServer:
    server_class = ThreadingWSGIServer6 if ":" in host else ThreadingWSGIServer
    return make_server(host.strip("[]"), port, app, server_class=server_class,
                       handler_class=QuietHandler)
