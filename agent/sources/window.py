"""The issue's day: which publication times belong to the issue dated D.

Issue D covers ``[D-1 at cutoff, D at cutoff)`` in the desk's time zone (``agent.clock``; America/New_York by
default). Both ends are computed as wall-clock times in that zone, so the window is 23 or 25 hours
long across a daylight-saving change rather than a fixed 24.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

UTC = dt.timezone.utc


@dataclass(frozen=True)
class DayWindow:
    issue_date: dt.date
    timezone: str
    start: dt.datetime
    end: dt.datetime

    @classmethod
    def for_issue(cls, issue_date: dt.date, timezone: str, cutoff_hour: int) -> DayWindow:
        zone = zoneinfo.ZoneInfo(timezone)
        cutoff = dt.time(cutoff_hour)
        start = dt.datetime.combine(issue_date - dt.timedelta(days=1), cutoff, tzinfo=zone)
        end = dt.datetime.combine(issue_date, cutoff, tzinfo=zone)
        return cls(issue_date, timezone, start.astimezone(UTC), end.astimezone(UTC))

    def contains(self, moment: dt.datetime) -> bool:
        return self.start <= moment < self.end

    def admits(self, published_at: dt.datetime | None, first_seen_at: dt.datetime | None) -> bool:
        """Dated items fall inside the window; undated ones were first seen since it opened.

        An undated item is first seen during the morning run, after the window closed, so the
        test for it is "not seen before the window started" rather than "seen inside it".
        """
        if published_at is not None:
            return self.contains(published_at)
        return first_seen_at is not None and first_seen_at >= self.start

    def local_date(self, moment: dt.datetime) -> dt.date:
        return moment.astimezone(zoneinfo.ZoneInfo(self.timezone)).date()

