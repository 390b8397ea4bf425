"""Reading a posted form: the declared length is checked and bounded before a byte is read.

The server in front (waitress) already answers 400 and 413 before the application runs; these
checks repeat them so the application stays safe under any WSGI server, and a rejection is a
typed error carrying the status to answer with, never a 500.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs

from agent.errors import DeskError

MAX_FORM_BYTES = 1 << 20
"""Largest form body accepted; the review page's forms are a few kilobytes of editor notes."""


class RequestRejected(DeskError):
    """A request the review page refuses at the HTTP level; ``status`` is the answer to send."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


def declared_length(environ: Mapping[str, Any], limit: int = MAX_FORM_BYTES) -> int:
    """The body's ``Content-Length``: 0 when absent, else digits only and at most ``limit``."""
    raw = str(environ.get("CONTENT_LENGTH") or "").strip()
    if not raw:
        return 0
    if not raw.isascii() or not raw.isdigit():
        raise RequestRejected(HTTPStatus.BAD_REQUEST,
                              "The request's Content-Length is not a number of bytes.")
    length = int(raw)
    if length > limit:
        raise RequestRejected(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                              f"The form is larger than {limit} bytes.")
    return length


def read_form(environ: Mapping[str, Any], limit: int = MAX_FORM_BYTES) -> dict[str, str]:
    """The urlencoded body as a dict (first value of each field; blank fields kept)."""
    length = declared_length(environ, limit)
    body = environ["wsgi.input"].read(length) if length else b""
    text = body.decode("utf-8", "replace")
    return {k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()}
