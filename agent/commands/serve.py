"""``desk serve``: the local review page on 127.0.0.1 (any other address only with
``DESK_SERVE_TOKEN`` set; see ``agent.review_server.security``)."""

from __future__ import annotations

import os
from pathlib import Path

from rich.console import Console

from agent.paths import data_dir as resolve_data_dir, out_dir as resolve_out_dir
from agent.review_server import make_review_server
from agent.review_server.app import ReviewApp
from agent.review_server.security import TOKEN_ENV, allowed_hosts, check_binding

console = Console(stderr=True)


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
