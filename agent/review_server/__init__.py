"""``desk serve``: the local review page (DESIGN §2): pending drafts, each claim highlighted
with its sources beside it, lint and judge results, cost, and approve / notes / regenerate.

Served by the standard library's WSGI server with one thread per request; 127.0.0.1 by default,
and any other address only with ``DESK_SERVE_TOKEN`` set (see ``security``).
"""

from __future__ import annotations

import os
import socket
import socketserver
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from rich.console import Console

from agent.paths import data_dir as resolve_data_dir, out_dir as resolve_out_dir
from agent.review_server.app import ReviewApp
from agent.review_server.security import TOKEN_ENV, allowed_hosts, check_binding

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


def build_app(*, host: str, out: Path | None, data_dir: Path | None) -> ReviewApp:
    token = os.environ.get(TOKEN_ENV) or None
    check_binding(host, token)
    return ReviewApp(data_dir=resolve_data_dir(data_dir), out_dir=resolve_out_dir(out),
                     env=os.environ, token=token, hosts=allowed_hosts(host, token),
                     editor=os.environ.get("DESK_EDITOR", "editor"))


def serve_command(*, host: str, port: int, out: Path | None, data_dir: Path | None) -> int:
    app = build_app(host=host, out=out, data_dir=data_dir)
    server = make_review_server(app, host, port)
    shown = f"[{host}]" if ":" in host else host
    console.print(f"Review page on http://{shown}:{server.server_port}/ "
                  f"({'token required' if app.token else 'loopback only'}); Ctrl-C stops it.",
                  highlight=False)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        console.print("Review page stopped.")
    finally:
        server.server_close()
    return 0
