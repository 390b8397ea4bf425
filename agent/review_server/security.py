"""The review page's guards: where it may listen, who may reach it, and that every form post
came from a page it served.

* Binding: loopback by default; any other address only with ``DESK_SERVE_TOKEN`` configured.
* Token: with a token, every request carries it (``Authorization: Bearer``, ``X-Desk-Token`` or
  the ``desk_token`` cookie, which ``/?token=...`` sets once).
* Host: on loopback without a token, only loopback Host headers are answered (DNS rebinding).
* CSRF: a per-process secret; each form gets its own token, an HMAC over the browser's
  ``desk_client`` cookie, the form's path and a nonce, checked with ``hmac.compare_digest``.
* Origin: every POST must name this server as its origin (``Origin``, or ``Referer`` when a
  browser sends no ``Origin``); one with neither is refused. Pages are served with
  ``Referrer-Policy: same-origin`` because under ``no-referrer`` browsers send ``Origin: null``
  on form posts, and source links still leak nothing to other sites.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import socket
from collections.abc import Mapping
from urllib.parse import urlsplit

from agent.errors import DeskError

TOKEN_ENV = "DESK_SERVE_TOKEN"
MIN_TOKEN_LENGTH = 16
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
CLIENT_COOKIE = "desk_client"
TOKEN_COOKIE = "desk_token"

SECURITY_HEADERS = (
    ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
                                "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Cache-Control", "no-store"),
)


def is_loopback(host: str) -> bool:
    """True when every address ``host`` names is a loopback address."""
    name = host.strip("[]")
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(name, None)
    except socket.gaierror:
        return False
    return bool(infos) and all(ipaddress.ip_address(i[4][0]).is_loopback for i in infos)


def check_binding(host: str, token: str | None) -> None:
    """Refuse a non-loopback address without a token, and a token too short to be a secret."""
    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        raise DeskError(f"{TOKEN_ENV} is too short: use at least {MIN_TOKEN_LENGTH} random "
                        "characters, e.g. from `python -c 'import secrets; "
                        "print(secrets.token_urlsafe())'`")
    if token is None and not is_loopback(host):
        raise DeskError(f"refusing to serve the review page on {host}: it is not a loopback "
                        f"address and {TOKEN_ENV} is not set, so anyone on the network could "
                        f"approve drafts. Set {TOKEN_ENV} to a long random secret, or bind to "
                        "127.0.0.1 (the default).")


def allowed_hosts(host: str, token: str | None) -> frozenset[str] | None:
    """Host names to answer to; None means any (a token guards the page instead)."""
    if token is not None:
        return None
    return LOOPBACK_NAMES | {host.strip("[]")}


def host_allowed(header: str, allowed: frozenset[str] | None) -> bool:
    if allowed is None:
        return True
    name = header[1:].split("]", 1)[0] if header.startswith("[") else header.split(":", 1)[0]
    return name.lower() in allowed


def same_origin(headers: Mapping[str, str], scheme: str) -> bool:
    """True when the request's ``Origin`` (else its ``Referer``) is the origin the browser
    addressed this server by: ``scheme`` and the ``Host`` header. ``Origin: null`` never is."""
    source = headers.get("origin") or headers.get("referer")
    if not source:
        return False
    claimed = _origin(source)
    return claimed is not None and claimed == _origin(f"{scheme}://{headers.get('host', '')}")


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an http(s) URL, the default port filled in; None if not one."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, parts.hostname, port or _DEFAULT_PORTS[scheme]


def supplied_token(headers: Mapping[str, str], cookies: Mapping[str, str]) -> str | None:
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return headers.get("x-desk-token") or cookies.get(TOKEN_COOKIE)


def token_matches(supplied: str | None, token: str) -> bool:
    return supplied is not None and hmac.compare_digest(supplied.encode(), token.encode())


class Csrf:
    """Per-form tokens bound to the browser's client cookie and the form's target path."""

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)

    def token(self, client_id: str, path: str) -> str:
        nonce = secrets.token_urlsafe(12)
        return f"{nonce}.{self._mac(client_id, path, nonce)}"

    def valid(self, client_id: str | None, path: str, token: str | None) -> bool:
        if not client_id or not token or "." not in token:
            return False
        nonce, mac = token.split(".", 1)
        return hmac.compare_digest(mac, self._mac(client_id, path, nonce))

    def _mac(self, client_id: str, path: str, nonce: str) -> str:
        message = f"{client_id}|{path}|{nonce}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()


def new_client_id() -> str:
    return secrets.token_urlsafe(18)
