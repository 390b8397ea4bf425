"""Source text in markdown is text, never markup: it cannot form links, images, HTML or autolinks.

``md_text`` backslash-escapes what CommonMark and GFM would read as markup in a source string:
brackets (links, images), angle brackets (HTML, ``<...>`` autolinks), emphasis and code marks,
table pipes, entity references, block markers at the start of a line, and what GFM's extended
autolinks and linkifiers look for (``scheme://``, ``www.``, ``user@host``, bare domain names).
``md_link`` is the only way a link is made: the desk's own link to a URL that intake validated
(http(s) with a host), percent-encoded so it cannot close its own destination; anything else
renders as escaped text without a link. ``visible`` shows control and invisible characters as
``\\uXXXX`` so the editor reads an original text exactly, bidi overrides included.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]{1,32};)")
_SCHEME = re.compile(r"(?<=[A-Za-z])(:)(?=//)")
_WWW = re.compile(r"(?i)\b(www)(\.)")
_EMAIL_AT = re.compile(r"(?<=[\w.+-])(@)(?=[\w-]+\.)")
_DOMAIN_DOT = re.compile(r"(?<=[A-Za-z0-9-])(\.)(?=[A-Za-z]{2,24}\b(?![.\-]?\d))")
_LINE_START = re.compile(r"^(\s*)([#>+=\-]|\d+(?=[.)]))", re.M)
_URL_UNSAFE = " \"'<>()[]\\`{}|^"


def md_text(text: str) -> str:
    """``text`` as literal markdown text (every line)."""
    text = _INLINE.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    text = _SCHEME.sub(r"\\\1", text)
    text = _WWW.sub(r"\1\\\2", text)
    text = _EMAIL_AT.sub(r"\\\1", text)
    text = _DOMAIN_DOT.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if not m.group(2).isdigit()
                           else f"{m.group(1)}{m.group(2)}\\", text)


def link_target(url: str) -> str | None:
    """``url`` fit for a link destination, or None when it is not an http(s) URL with a host."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return "".join(f"%{ord(c):02X}" if c in _URL_UNSAFE or not c.isprintable() else c
                   for c in url.strip())


def md_link(text: str, url: str) -> str:
    """``[text](url)`` for a valid URL; the escaped text alone otherwise."""
    target = link_target(url)
    return f"[{md_text(text)}]({target})" if target else md_text(text)


def md_autolink(url: str) -> str:
    """``<url>`` for a valid URL; nothing otherwise."""
    target = link_target(url)
    return f"<{target}>" if target else ""


def visible(text: str) -> str:
    """``text`` with control and invisible characters shown as ``\\uXXXX``."""
    return "".join(f"\\u{ord(c):04x}" if _invisible(c) else c for c in text)


def _invisible(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp")
