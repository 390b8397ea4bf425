"""The desk's one notion of "today": the issue date in the house's time zone
(``editorial.timezone`` in config/desk.toml), and parsing of dates given on the command line."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from agent.config import load_desk_config
from agent.errors import UsageError


def desk_timezone_name() -> str:
    """The IANA zone that defines the issue's day (and its sources' publication window)."""
    return load_desk_config().editorial.timezone


def today(now: dt.datetime | None = None) -> dt.date:
    """The issue date a morning run drafts by default: ``now``'s calendar date in the desk's zone."""
    moment = now or dt.datetime.now(dt.UTC)
    return moment.astimezone(ZoneInfo(desk_timezone_name())).date()


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{value!r} is not a date; use YYYY-MM-DD") from None
