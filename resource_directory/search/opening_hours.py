"""Whether a service is open at a moment, from its weekly opening rows in the agency's zone."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from resource_directory.search.document import WeeklyOpening

DEFAULT_TIME_ZONE = "America/Los_Angeles"


def minutes(hhmm: str) -> int:
    hours, _, mins = hhmm.partition(":")
    return int(hours) * 60 + int(mins or 0)


def is_open(openings: Iterable[WeeklyOpening], at: datetime, time_zone: str) -> bool:
    """True when ``at`` falls inside an opening; naive datetimes are taken as local time.

    A row that closes at or before it opens runs past midnight into the next day
    ("22:00"–"06:00"), and "24:00" closes at the end of the day.
    """
    local = at.astimezone(ZoneInfo(time_zone)) if at.tzinfo else at
    weekday, now = local.weekday(), local.hour * 60 + local.minute
    for opening in openings:
        opens, closes = minutes(opening.opens), minutes(opening.closes)
        if closes > opens:
            if opening.weekday == weekday and opens <= now < closes:
                return True
        elif opening.weekday == weekday and now >= opens:
            return True
        elif (opening.weekday + 1) % 7 == weekday and now < closes:
            return True
    return False


MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY


def week_minutes(openings: Iterable[WeeklyOpening]) -> list[tuple[int, int]]:
    """The half-open ranges of minutes since Monday 00:00 a schedule is open: ``is_open`` is
    true exactly when ``minute_of_week`` falls in one (a night past midnight is two ranges)."""
    ranges = []
    for opening in openings:
        start = opening.weekday * MINUTES_PER_DAY
        opens, closes = minutes(opening.opens), minutes(opening.closes)
        if closes > opens:
            ranges.append((start + opens, start + closes))
            continue
        ranges.append((start + opens, start + MINUTES_PER_DAY))
        if closes > 0:
            next_day = (opening.weekday + 1) % 7 * MINUTES_PER_DAY
            ranges.append((next_day, next_day + closes))
    return sorted(r for r in ranges if r[0] < r[1])


def minute_of_week(at: datetime, time_zone: str) -> int:
    """Minutes since Monday 00:00 of ``at`` in the agency's zone (naive: local time)."""
    local = at.astimezone(ZoneInfo(time_zone)) if at.tzinfo else at
    return local.weekday() * MINUTES_PER_DAY + local.hour * 60 + local.minute
