"""The one intake boundary: every item, from every source and every snapshot file, passes here
before anything else of the desk reads it.

``normalize_item`` walks the item's pydantic fields generically (nested models, lists and any
field added later included), so no field is cleaned by list:

* **text** (every string): invisible characters removed (zero-width, bidi controls, tag
  characters, NUL and other control characters), Unicode NFKC, markup reduced to visible text
  (``agent.sources.normalize.split_html``; hidden text goes to the injection detector, never to
  the item), entities unescaped, whitespace collapsed, repeated until nothing changes, then cut
  to the field's cap (``config/intake.toml``), flagged ``truncated`` when the cap bites;
* **URLs** (fields named ``url`` or ``*_url``): http(s) with a host and within the field's cap,
  or nothing: any other value becomes ``""`` (renderers then link nowhere) and is flagged
  ``invalid_url``, as is an empty one; a URL that held spaces, quotes or angle brackets is kept
  percent-encoded with an ``invalid_url`` note (the editor checks the link);
* **lists**: at most the field's number of entries (``config/intake.toml``), else cut and
  flagged ``truncated``;
* **empty text**: an empty title, or any text that held only whitespace or invisible
  characters, is flagged ``empty_text`` (a note);
* **numbers**: finite and inside the field's plausible range, else flagged ``invalid_number``;
* **dates**: a time without a time zone is read in the desk's zone (the snapshot's
  ``timezone``) and stored as UTC; a publication date older than the look-back or after the
  issue day (and after gathering) is flagged ``out_of_window``;
* **instructions to a model** in any field, visible or hidden: flagged ``prompt_injection``
  (``agent.sources.safety``).

``screen`` then splits the items: those with a withholding flag (``WITHHOLDING_FLAGS``: an
injection, an impossible number, a date outside the window) leave ``DaySnapshot.items`` for
``DaySnapshot.withheld``, so no section, prompt, baseline sentence or citation can reach them,
and the editor sees them first. Models never see a withheld item, not even as a placeholder: a
prompt cannot be steered by text it does not contain (``agent.llm.prompting`` also renders any
flagged item that still reaches it as a placeholder). Everything here is idempotent: a
normalised snapshot passes through unchanged, so loading ``sources.json`` again is harmless.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
import unicodedata
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, unquote, urlsplit

from pydantic import BaseModel, ConfigDict, Field

from agent.config import load_toml_model
from agent.schemas import (
    WITHHOLDING_FLAGS, DaySnapshot, Item, ItemBase, ItemFlag, WithheldItem,
)
from agent.sources.normalize import (
    INVISIBLE_CATEGORIES, collapse_whitespace, has_entity, has_markup, split_html,
)
from agent.sources.safety import (
    field_injections, flags_for, hidden_injection_flags, injection_flags,
)

ItemT = TypeVar("ItemT", bound=ItemBase)
T = TypeVar("T")
FieldPath = tuple[str | int, ...]
_NOT_SOURCE_TEXT = frozenset({"flags"})  # written by the desk, not by a source
_KEPT_CONTROLS = frozenset("\t\n\r")
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"
_URL_PARTS = re.compile(r"[/?&=#:]+")
_SLUG_SEPARATORS = re.compile(r"[-_]+")
_NOT_IN_URLS = re.compile(r'[\s"<>]')
_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


class IntakePolicy(BaseModel):
    """``config/intake.toml``: caps, plausible number ranges and the date window."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lookback_days: int = Field(default=3, ge=0)
    future_tolerance_minutes: int = Field(default=60, ge=0)
    default_max_chars: int = Field(default=1000, ge=20)
    default_max_entries: int = Field(default=200, ge=1)
    max_span_chars: int = Field(default=300, ge=20)
    max_chars: dict[str, int] = Field(default_factory=dict)
    max_entries: dict[str, int] = Field(default_factory=dict)
    numbers: dict[str, tuple[float, float]] = Field(default_factory=dict)

    def cap(self, name: str) -> int:
        return self.max_chars.get(name, self.default_max_chars)

    def entries_cap(self, name: str) -> int:
        return self.max_entries.get(name, self.default_max_entries)


@lru_cache(maxsize=4)
def load_policy(config_dir: Path | None = None) -> IntakePolicy:
    return load_toml_model("intake.toml", IntakePolicy, config_dir)


@dataclass(frozen=True)
class DayBounds:
    """Publication times an issue may report: ``[earliest, latest]``; ``zone`` is the desk's
    time zone, where a time given without one is placed."""

    earliest: dt.datetime
    latest: dt.datetime
    zone: dt.tzinfo = dt.timezone.utc

    @classmethod
    def for_day(cls, date: dt.date, timezone: str, gathered_at: dt.datetime | None,
                policy: IntakePolicy) -> DayBounds:
        zone = zoneinfo.ZoneInfo(timezone)
        start = dt.datetime.combine(date - dt.timedelta(days=policy.lookback_days), dt.time(),
                                    tzinfo=zone)
        day_end = dt.datetime.combine(date + dt.timedelta(days=1), dt.time(), tzinfo=zone)
        latest = max(day_end, in_zone(gathered_at, zone)) if gathered_at else day_end
        return cls(start.astimezone(dt.timezone.utc),
                   latest + dt.timedelta(minutes=policy.future_tolerance_minutes), zone)


def in_zone(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """``moment`` as an aware UTC time: a naive one is read as a time in ``zone`` (the desk's
    time zone, as an editor would read it); an aware one is returned unchanged."""
    if moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=zone).astimezone(dt.timezone.utc)


# -- text ------------------------------------------------------------------------------------


@dataclass
class CleanText:
    """A normalised string, what normalising it found, and the text and code markup hid."""

    text: str
    flags: list[ItemFlag] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)


def clean_text(raw: str, field_name: str = "text", *, max_chars: int | None = None,
               span_chars: int = 300) -> CleanText:
    """``raw`` as plain, single-line, NFKC text (a fixed point: cleaning it again changes
    nothing), cut to ``max_chars`` when given."""
    out = CleanText(raw)
    removed: list[str] = []
    for _ in range(6):  # each step can expose work for another ("&lt;b&gt;", "＜b＞", "<b\u200b>")
        before = out.text
        kept = _without_invisible(out.text)
        removed += [c for c in out.text if _is_invisible(c)] if kept != out.text else []
        text = unicodedata.normalize("NFKC", kept)
        if has_markup(text):
            parsed = split_html(text)
            text, out.hidden, out.code = (parsed.text, [*out.hidden, *parsed.hidden],
                                          [*out.code, *parsed.code])
            _add(out.flags, ItemFlag(kind="html_stripped", detail=f"{field_name}: markup removed",
                                     span=_cap_span(raw, span_chars), field=field_name))
        elif has_entity(text):
            text = html.unescape(text)
        out.text = collapse_whitespace(text)
        if out.text == before:
            break
    if removed:
        codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in removed}))
        out.flags.append(ItemFlag(kind="control_chars", field=field_name, detail=(
            f"{field_name}: {len(removed)} control/invisible character(s) removed: {codes}")))
    if out.hidden:
        out.flags.append(ItemFlag(kind="hidden_text", field=field_name,
                                  detail=f"{field_name}: text hidden by markup removed",
                                  span=_cap_span(" | ".join(out.hidden), span_chars)))
    if max_chars is not None:
        out.text, cut = truncate(out.text, max_chars, field_name)
        out.flags += cut
    return out


def _without_invisible(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(" " if c in _KEPT_CONTROLS or unicodedata.category(c) in ("Zl", "Zp")
                   else c for c in text if not _is_invisible(c))


def _is_invisible(char: str) -> bool:
    """Control, format (zero-width, bidi, tags), private-use, surrogate and unassigned characters."""
    return char not in _KEPT_CONTROLS and unicodedata.category(char) in INVISIBLE_CATEGORIES


def truncate(text: str, limit: int, field_name: str = "text") -> tuple[str, list[ItemFlag]]:
    """``text`` cut to at most ``limit`` characters, ending a sentence when one ends in the
    second half, else a word; with a ``truncated`` flag when anything was cut."""
    if len(text) <= limit:
        return text, []
    kept = text[:limit]
    sentence_end = kept.rfind(". ")
    if sentence_end >= limit // 2:
        kept = kept[:sentence_end + 1]
    elif " " in kept[limit // 2:]:
        kept = kept.rsplit(" ", 1)[0]
    detail = f"{field_name}: {len(text):,} characters cut to {len(kept):,}"
    return kept.strip(), [ItemFlag(kind="truncated", detail=detail, field=field_name)]


def truncate_entries(values: list[T], limit: int, field_name: str) -> tuple[list[T], list[ItemFlag]]:
    """At most ``limit`` entries of a list field, with a ``truncated`` flag when any were cut
    (100,000 authors or 10,000 outlets are a broken feed, not news)."""
    if len(values) <= limit:
        return values, []
    detail = f"{field_name}: {len(values):,} entries cut to {limit:,}"
    return values[:limit], [ItemFlag(kind="truncated", detail=detail, field=field_name)]


def clean_url(raw: str, field_name: str = "url", span_chars: int = 300) -> tuple[str, list[ItemFlag]]:
    """An http(s) URL with a valid host, percent-encoded where it must be; anything else is
    ``""`` with an ``invalid_url`` flag (a renderer then links nowhere). A URL that held spaces,
    quotes or angle brackets is kept percent-encoded, with an ``invalid_url`` note: the link
    was broken at the source and the editor should check it."""
    text = "".join(c for c in unicodedata.normalize("NFKC", raw) if not _is_invisible(c)).strip()
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").rstrip(".")
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        parts, host, port_ok = None, "", False
    if parts is not None and parts.scheme.lower() in ("http", "https") and port_ok \
            and _valid_host(host) and not parts.username and not parts.password:
        encoded = quote(text, safe=_URL_SAFE)
        if not _NOT_IN_URLS.search(text):
            return encoded, []
        return encoded, [ItemFlag(
            kind="invalid_url", field=field_name, span=_cap_span(raw, span_chars),
            detail=f"{field_name}: held spaces, quotes or angle brackets; percent-encoded, "
                   "check the link")]
    if not text:
        return "", []
    flag = ItemFlag(kind="invalid_url", field=field_name, span=_cap_span(raw, span_chars),
                    detail=f"{field_name}: not an http(s) URL with a host; removed")
    return "", [flag]


def _valid_host(host: str) -> bool:
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return False
    return bool(ascii_host) and len(ascii_host) <= 253 and bool(_HOST.match(ascii_host))


def _cap_span(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _add(flags: list[ItemFlag], flag: ItemFlag) -> None:
    if all((f.kind, f.detail) != (flag.kind, flag.detail) for f in flags):
        flags.append(flag)


# -- the generic walk ------------------------------------------------------------------------


@dataclass
class _Walk:
    """One item's normalisation: new values, flags, and the paths whose numbers are impossible."""

    policy: IntakePolicy
    bounds: DayBounds | None
    hidden: Mapping[str, Sequence[str]]
    existing: Sequence[ItemFlag] = ()
    flags: list[ItemFlag] = field(default_factory=list)
    invalid_numbers: list[FieldPath] = field(default_factory=list)

    def model(self, model: BaseModel, path: FieldPath) -> BaseModel:
        updates = {}
        for name in type(model).model_fields:
            if name in _NOT_SOURCE_TEXT:
                continue
            value = getattr(model, name)
            new = self.value(value, (*path, name), name)
            if new is not value:
                updates[name] = new
        return model.model_copy(update=updates) if updates else model

    def value(self, value: Any, path: FieldPath, name: str) -> Any:
        if isinstance(value, str):
            return self.text(value, path, name)
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, (int, float)):
            return self.number(value, path, name)
        if isinstance(value, dt.datetime):
            return self.moment(value, path, name)
        if isinstance(value, BaseModel):
            return self.model(value, path)
        if isinstance(value, (list, tuple)):
            return self.entries(value, path, name)
        if isinstance(value, dict):
            new_d = {k: self.value(v, (*path, k), name) for k, v in value.items()}
            return new_d if any(new_d[k] is not value[k] for k in value) else value
        return value

    def entries(self, value: list[Any] | tuple[Any, ...], path: FieldPath, name: str) -> Any:
        kept, cut = truncate_entries(list(value), self.policy.entries_cap(name), dotted_path(path))
        self.flags += cut
        new = [self.value(v, (*path, i), name) for i, v in enumerate(kept)]
        changed = bool(cut) or any(a is not b for a, b in zip(new, value))
        return type(value)(new) if changed else value

    def text(self, value: str, path: FieldPath, name: str) -> str:
        where = dotted_path(path)
        if name == "url" or name.endswith("_url"):
            cleaned, flags = clean_url(value, where, self.policy.max_span_chars)
            if len(cleaned) > self.policy.cap(name):  # cutting a link would only break it
                cleaned, flags = "", [_overlong_url(value, where, self.policy.cap(name),
                                                    self.policy.max_span_chars)]
            self.flags += flags + injection_flags(_url_words(value), where) + self.no_link(
                value, where)
        else:
            result = clean_text(value, where, max_chars=self.policy.cap(name),
                                span_chars=self.policy.max_span_chars)
            cleaned, flags = result.text, result.flags
            self.flags += flags + flags_for(
                field_injections(value, _unbounded(value, result)), where)
            for hidden in [*result.hidden, *result.code, *self.hidden.get(where, ())]:
                self.flags += hidden_injection_flags(hidden, where)
            self.flags += _emptied(value, cleaned, path, where)
        return value if cleaned == value else cleaned

    def no_link(self, value: str, where: str) -> list[ItemFlag]:
        """An empty URL links nowhere: the editor is told once (a URL intake already removed is
        empty on the next load, and already flagged)."""
        if value.strip() or any(f.kind == "invalid_url" and f.field == where
                                for f in [*self.existing, *self.flags]):
            return []
        return [ItemFlag(kind="invalid_url", field=where, detail=f"{where}: empty; links nowhere")]

    def number(self, value: float, path: FieldPath, name: str) -> float | None:
        low, high = self.policy.numbers.get(name, (-math.inf, math.inf))
        if math.isfinite(value) and low <= value <= high:
            return value
        where = dotted_path(path)
        reason = "not a finite number" if not math.isfinite(value) else f"outside [{low:g}, {high:g}]"
        self.flags.append(ItemFlag(kind="invalid_number", field=where, span=repr(value),
                                   detail=f"{where}: {value!r} is {reason}"))
        self.invalid_numbers.append(path)
        return None

    def moment(self, value: dt.datetime, path: FieldPath, name: str) -> dt.datetime:
        """``value`` made aware (naive times are in the desk's zone), flagged when it lies
        outside the issue's window."""
        value = in_zone(value, self.bounds.zone if self.bounds else dt.timezone.utc)
        if self.bounds is None:
            return value
        where = dotted_path(path)
        if value > self.bounds.latest:
            problem = "is after the issue day"
        elif name == "published_at" and value < self.bounds.earliest:
            problem = f"is older than the {self.policy.lookback_days}-day look-back"
        else:
            return value
        self.flags.append(ItemFlag(kind="out_of_window", field=where, span=value.isoformat(),
                                   detail=f"{where}: {value.isoformat()} {problem}"))
        return value


def _overlong_url(raw: str, where: str, cap: int, span_chars: int) -> ItemFlag:
    return ItemFlag(kind="invalid_url", field=where, span=_cap_span(raw, span_chars),
                    detail=f"{where}: {len(raw):,} characters, over the {cap:,} a link may "
                           "have; removed")


def _emptied(raw: str, cleaned: str, path: FieldPath, where: str) -> list[ItemFlag]:
    """A title that is empty, or any text that held only whitespace or invisible characters."""
    if cleaned or not (raw or path == ("title",)):
        return []
    detail = f"{where}: only whitespace or invisible characters" if raw else f"{where}: empty"
    return [ItemFlag(kind="empty_text", field=where, detail=detail)]


def _url_words(url: str) -> str:
    """A URL's text as words for the injection detector: its parts read as separate clauses,
    and a slug's hyphens and underscores as spaces ("#disregard-all-earlier-context")."""
    return _SLUG_SEPARATORS.sub(" ", _URL_PARTS.sub(" . ", unquote(url.replace("+", " "))))


def _unbounded(raw: str, result: CleanText) -> str:
    """The text to screen: the whole cleaned value, before the cap cut it."""
    if not any(f.kind == "truncated" for f in result.flags):
        return result.text
    return clean_text(raw).text


def dotted_path(path: Sequence[str | int]) -> str:
    """``("authors", 2)`` -> ``authors[2]``; ``("also_reported_by", 0, "url")`` ->
    ``also_reported_by[0].url``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# -- items and snapshots ---------------------------------------------------------------------


def normalize_item(item: ItemT, *, policy: IntakePolicy | None = None,
                   bounds: DayBounds | None = None,
                   hidden: Mapping[str, Sequence[str]] | None = None) -> ItemT:
    """``item`` with every field normalised and new flags added (idempotent). ``hidden``: text a
    parser's own HTML reduction hid, per field, for the injection detector. Impossible numbers
    are ``None`` on the result: such an item must go to ``screen`` (it is withheld)."""
    walk = _Walk(policy or load_policy(), bounds, hidden or {}, item.flags)
    cleaned = walk.model(item, ())
    flags = _merge_flags(item.flags, walk.flags)
    if cleaned is item and len(flags) == len(item.flags):
        return item
    return cleaned.model_copy(update={"flags": flags})  # type: ignore[return-value]


def is_withheld(item: ItemBase) -> bool:
    """Whether the item must stay out of the draft (an injection, impossible number, stale date)."""
    return any(flag.kind in WITHHOLDING_FLAGS for flag in item.flags)


def screen(items: Iterable[Item], *, policy: IntakePolicy | None = None,
           bounds: DayBounds | None = None) -> tuple[list[Item], list[WithheldItem]]:
    """Normalised items, split into the ones the desk may use and the ones it must withhold."""
    kept: list[Item] = []
    withheld: list[WithheldItem] = []
    for item in items:
        clean = normalize_item(item, policy=policy, bounds=bounds)
        if is_withheld(clean):
            withheld.append(withhold(clean))
        else:
            kept.append(clean)
    return kept, withheld


def withhold(item: ItemBase) -> WithheldItem:
    reasons = list(dict.fromkeys(f.kind for f in item.flags if f.kind in WITHHOLDING_FLAGS))
    return WithheldItem(id=item.id, kind=item.kind, reasons=reasons,
                        item=item.model_dump(mode="json"))


def intake_snapshot(snapshot: DaySnapshot, *, policy: IntakePolicy | None = None) -> DaySnapshot:
    """``snapshot`` with every item normalised and screened, ids unique (idempotent)."""
    policy = policy or load_policy()
    bounds = DayBounds.for_day(snapshot.date, snapshot.timezone, snapshot.gathered_at, policy)
    gathered_at = in_zone(snapshot.gathered_at, bounds.zone)
    kept, withheld = screen(snapshot.items, policy=policy, bounds=bounds)
    kept = unique_ids(kept, taken={w.id for w in snapshot.withheld})
    if kept == list(snapshot.items) and not withheld and gathered_at is snapshot.gathered_at:
        return snapshot
    return snapshot.model_copy(update={"items": kept, "withheld": [*snapshot.withheld, *withheld],
                                       "gathered_at": gathered_at})


def unique_ids(items: list[Item], taken: Iterable[str] = ()) -> list[Item]:
    """Suffix any repeated id and flag it, so the snapshot always validates."""
    seen: set[str] = set(taken)
    out: list[Item] = []
    for item in items:
        new_id, n = item.id, 1
        while new_id in seen:
            n += 1
            new_id = f"{item.id}-{n}"
        if new_id != item.id:
            flag = ItemFlag(kind="duplicate_id", detail=f"id {item.id!r} repeated; renamed",
                            field="id")
            item = item.model_copy(update={"id": new_id, "flags": [*item.flags, flag]})
        seen.add(new_id)
        out.append(item)
    return out


def _merge_flags(existing: list[ItemFlag], new: list[ItemFlag]) -> list[ItemFlag]:
    merged = list(existing)
    seen = {(f.kind, f.detail, f.span) for f in existing}
    for flag in new:
        key = (flag.kind, flag.detail, flag.span)
        if key not in seen:
            seen.add(key)
            merged.append(flag)
    return merged
