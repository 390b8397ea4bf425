"""Normalisation shared by the parsers: HTML to text, summaries, canonical URLs, ids, dates.

Markup is reduced to the text a reader would see (selectolax's lexbor parser): script, style and
other non-rendered elements, HTML comments and elements hidden by markup (``hidden``,
``display:none``, ``visibility:hidden``, zero size or opacity) are dropped from the text and
returned separately by ``split_html`` so the injection detector can read what a reader never
sees. Wire boilerplate ("The post ... appeared first on ...", copyright lines) is removed from
summaries. The one intake boundary (``agent.sources.intake``) builds on these.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
import time
import zoneinfo
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from agent.schemas import EARLIEST_YEAR, LATEST_YEAR

INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn"})
"""Unicode categories no reader sees: control, format (zero-width, bidi, tags), private-use,
surrogate and unassigned characters (the intake removes them; the detector reads around them)."""

UTC = dt.timezone.utc
_HTML_TAGS = (
    "a|abbr|article|aside|b|blockquote|body|br|button|caption|cite|code|dd|del|details|div|dl|dt|"
    "em|embed|figcaption|figure|font|footer|form|h[1-6]|head|header|hr|html|i|iframe|img|input|ins|"
    "kbd|label|li|link|main|mark|meta|nav|noscript|object|ol|p|picture|pre|q|s|samp|script|section|"
    "small|source|span|strike|strong|style|sub|summary|sup|svg|table|tbody|td|template|textarea|"
    "tfoot|th|thead|time|title|tr|tt|u|ul|video|wbr"
)
# Known element names only, so LaTeX ("$a<b$ and $c>d$") and prose ("x < y") are not markup.
_MARKUP = re.compile(rf"<\s*/?\s*(?:{_HTML_TAGS})(?:\s[^<>]*)?\s*/?\s*>|<!--.*?-->|<!\[CDATA\[",
                     re.S | re.I)
_ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
_BLOCK_END = re.compile(r"<\s*(?:br\s*/?|/\s*(?:p|div|li|h[1-6]|blockquote|tr|figure)\s*)>", re.I)
_DROPPED_ELEMENTS = ["noscript", "iframe", "template", "svg", "head", "object",
                     "embed", "textarea", "title", "meta"]
_COMMENT = re.compile(r"<!--(.*?)(?:-->|$)", re.S)
# Inline styles that hide an element from a reader (whitespace removed, lower case).
_HIDING_STYLE = re.compile(
    r"display:none|visibility:(?:hidden|collapse)|opacity:0(?:\.0+)?(?:;|$)|font-size:0(?:px|em|rem|pt|%)?(?:;|$)"
    r"|(?<![-\w])(?:height|width|max-height|max-width):0(?:px)?(?:;|$)|clip:rect\(0|text-indent:-\d{3,}"
    r"|(?:left|top):-\d{3,}|color:transparent")
_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")
_BOILERPLATE_LINE = re.compile(
    r"^\s*(?:©|\(c\)\s|copyright\b)|all rights reserved|appeared first on\b"
    r"|^\s*(?:continue reading|read more|read the full (?:story|article))\b",
    re.I,
)
_APPEARED_FIRST = re.compile(r"\s*The post\b.{0,300}?\bappeared first on\b.{0,200}?(?:\.|$)",
                             re.I | re.S)
_TRAILING_ELLIPSIS_MARK = re.compile(r"\s*\[(?:…|\.\.\.|&hellip;)\]\s*$")
_TRACKING_PARAMS = re.compile(r"^(?:utm_[a-z_]*|ref|ref_src|fbclid|gclid|mc_cid|mc_eid)$", re.I)
ARXIV_ID = re.compile(
    r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v(?P<version>\d+))?"
)
_GITHUB_RESERVED = frozenset({
    "about", "apps", "blog", "collections", "enterprise", "events", "explore", "features",
    "login", "marketplace", "orgs", "pricing", "search", "settings", "sponsors", "topics",
    "trending", "users",
})


def has_markup(text: str) -> bool:
    return bool(_MARKUP.search(text))


def has_entity(text: str) -> bool:
    return bool(_ENTITY.search(text))


@dataclass(frozen=True)
class HtmlText:
    """What a reader sees of an HTML fragment, the text markup hid from them (comments, hidden
    and non-rendered elements), and the code it carried (script and style bodies)."""

    text: str
    hidden: tuple[str, ...] = ()
    code: tuple[str, ...] = ()


def html_to_text(raw: str, *, keep_blocks: bool = False) -> str:
    """Visible text of an HTML fragment; entities unescaped, hidden and non-rendered text dropped.

    With ``keep_blocks`` block boundaries become newlines (for line-wise boilerplate removal).
    """
    return split_html(raw, keep_blocks=keep_blocks).text


def split_html(raw: str, *, keep_blocks: bool = False) -> HtmlText:
    """``raw`` reduced to visible text, with every hidden passage (comments, non-rendered and
    hidden elements) returned apart, for the injection detector."""
    if not has_markup(raw):
        return HtmlText(html.unescape(raw))
    hidden = [m.group(1).strip() for m in _COMMENT.finditer(raw) if m.group(1).strip()]
    source = _COMMENT.sub(" ", raw)
    source = _BLOCK_END.sub(lambda m: m.group(0) + "\n", source) if keep_blocks else source
    body = LexborHTMLParser(f"<body>{source}</body>").body
    if body is None:
        return HtmlText("", tuple(hidden))
    code = [_hidden_text(node) for node in body.css("script,style")]
    body.strip_tags(["script", "style"])
    for node in [*body.css(",".join(_DROPPED_ELEMENTS)), *body.css("[style],[hidden],input")]:
        if node.tag in _DROPPED_ELEMENTS or _is_hidden(node):
            hidden.append(_hidden_text(node))
            node.decompose()
    text = body.text(separator="" if keep_blocks else " ")
    # Double-escaped feeds ("&amp;#8230;") survive one round of parsing.
    return HtmlText(html.unescape(text), tuple(h for h in hidden if h), tuple(c for c in code if c))


def _is_hidden(node: LexborNode) -> bool:
    attrs = node.attributes
    if "hidden" in attrs or (node.tag == "input" and (attrs.get("type") or "").lower() == "hidden"):
        return True
    style = re.sub(r"\s+", "", (attrs.get("style") or "").lower())
    return bool(_HIDING_STYLE.search(style))


def _hidden_text(node: LexborNode) -> str:
    value = node.attributes.get("value") if node.tag == "input" else None
    return collapse_whitespace(value or node.text(separator=" ") or "")


def collapse_whitespace(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def clean_summary(raw: str | None, max_chars: int) -> str:
    """A prompt-safe summary: text only, no boilerplate, at most ``max_chars`` characters."""
    if not raw:
        return ""
    text = html_to_text(raw, keep_blocks=True)
    lines = [_SPACE.sub(" ", line).strip() for line in text.splitlines()]
    kept = [line for line in lines if line and not _BOILERPLATE_LINE.search(line)]
    text = _APPEARED_FIRST.sub("", " ".join(kept))
    text = _TRAILING_ELLIPSIS_MARK.sub("…", collapse_whitespace(text))
    return cap_text(text, max_chars)


def cap_text(text: str, max_chars: int) -> str:
    """Cut at a word boundary and mark the cut with an ellipsis."""
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars - 1]
    if " " in cut[max_chars // 2:]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.-") + "…"


def canonical_url(url: str) -> str:
    """Lower-case host without ``www.``, https, no tracking parameters, fragment or trailing /."""
    parts = urlsplit(url.strip())
    scheme = "https" if parts.scheme.lower() in ("http", "https", "") else parts.scheme.lower()
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not _TRACKING_PARAMS.match(k)])
    path = parts.path.rstrip("/")
    return urlunsplit((scheme, host, path, query, ""))


def arxiv_id(text: str) -> tuple[str, int | None] | None:
    """``(version-less id, version)`` found in an arXiv URL, guid or ``arXiv:`` reference."""
    match = ARXIV_ID.search(text)
    if match is None:
        return None
    version = match.group("version")
    return match.group("id"), int(version) if version else None


def arxiv_id_from_url(url: str) -> str | None:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("export.")
    if host != "arxiv.org" or not re.match(r"^/(?:abs|pdf|html)/", parts.path):
        return None
    found = arxiv_id(parts.path.split("/", 2)[2])
    return found[0] if found else None


def github_repo_from_url(url: str) -> str | None:
    """``owner/repo`` (lower case) when ``url`` is a repository's home page on github.com."""
    parts = urlsplit(url)
    if (parts.hostname or "").lower().removeprefix("www.") != "github.com":
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) != 2 or segments[0].lower() in _GITHUB_RESERVED:
        return None
    return f"{segments[0]}/{segments[1].removesuffix('.git')}".lower()


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def short_hash(text: str, length: int = 10) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:length]


def news_item_id(kind: str, source: str, canonical: str) -> str:
    """Stable across runs (first-seen times are stored per id); ``canonical`` is a canonical URL."""
    return f"{kind}-{slugify(source)}-{short_hash(canonical)}"


def from_struct_time(value: time.struct_time | None) -> dt.datetime | None:
    """feedparser's ``*_parsed`` fields are already UTC. A date outside the years a snapshot
    may hold (a feed's epoch-zero placeholder, year 9999) counts as no date: one bad entry must
    not fail its whole feed, and an undated entry gets its first-seen time."""
    if value is None or not EARLIEST_YEAR <= value.tm_year <= LATEST_YEAR:
        return None
    return dt.datetime(*value[:6], tzinfo=UTC)


def to_utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value.isoformat()} has no time zone")
    return value.astimezone(UTC)


def from_date_only(day: dt.date, timezone: str) -> dt.datetime:
    """A date without a time is taken as noon in the issue's zone (inside that day's window)."""
    return dt.datetime.combine(day, dt.time(12), tzinfo=zoneinfo.ZoneInfo(timezone)).astimezone(UTC)
