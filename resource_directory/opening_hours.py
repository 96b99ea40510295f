"""Opening hours written as text ("Monday-Friday, 8:30-5") read into weekly time ranges
(and monthly ones: "first Saturday of the month, 8-10")."""

from __future__ import annotations

import re
from dataclasses import dataclass

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
_DAY_NAMES = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tues": 1,
    "tue": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thurs": 3,
    "thur": 3,
    "thu": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
_DAY = (
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?"
    r"|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\b\.?"
)
_DAY_RANGE = re.compile(rf"({_DAY})\s*(?:-|–|through|thru|to)\s*({_DAY})", re.I)
_SINGLE_DAY = re.compile(_DAY, re.I)
_CLOCK = r"(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?|noon)?"
_TIME_RANGE = re.compile(rf"{_CLOCK}\s*(?:-|–|to)\s*{_CLOCK}", re.I)
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
             "4th": 4, "fifth": 5, "5th": 5, "last": -1}
_ORD = r"(?:first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)"
# An ordinal that belongs to a day: "first Saturday", "second and fourth Tuesdays".
_ORDINAL_OF_DAY = re.compile(rf"\b({_ORD})\b(?=(?:\s*(?:,|and|&)\s*{_ORD})*\s+{_DAY})", re.I)
# Patterns a weekly or monthly rule cannot state without a start date.
_IRREGULAR = re.compile(r"\b(?:every other|alternate|bi-?weekly)\b", re.I)


@dataclass(frozen=True)
class WeeklyRule:
    """Open on `weekdays` (0 = Monday) from `opens` to `closes`, both "HH:MM"; with `weeks`,
    only in those weeks of the month (1 = the first, -1 = the last): a monthly rule."""

    weekdays: tuple[int, ...]
    opens: str
    closes: str
    weeks: tuple[int, ...] = ()

    @property
    def freq(self) -> str:
        return "MONTHLY" if self.weeks else "WEEKLY"

    @property
    def byday(self) -> str:
        """iCalendar BYDAY: "MO,TU" weekly, "1SA,3SA" monthly."""
        return ",".join(
            f"{week}{DAYS[day]}" for week in self.weeks or ("",) for day in self.weekdays
        )


def _days(text: str) -> list[int]:
    lowered = text.lower()
    if "daily" in lowered or "7 days" in lowered or "every day" in lowered:
        return list(range(7))
    days: set[int] = set()
    if "weekdays" in lowered:
        days.update(range(5))
    if "weekends" in lowered:
        days.update((5, 6))
    for start, end in _DAY_RANGE.findall(text):
        first, last = _day_number(start), _day_number(end)
        span = (last - first) % 7
        days.update((first + step) % 7 for step in range(span + 1))
    for name in _SINGLE_DAY.findall(_DAY_RANGE.sub(" ", text)):
        days.add(_day_number(name))
    return sorted(days)


def _day_number(name: str) -> int:
    name = name.lower().rstrip(".")
    return _DAY_NAMES[name[:-1] if name.endswith("days") else name]


def _hour(hour: int, marker: str) -> int:
    marker = marker.lower().replace(".", "")
    if marker == "noon":
        return 12
    if marker == "pm" and hour < 12:
        return hour + 12
    if marker == "am" and hour == 12:
        return 0
    return hour


def _times(match: re.Match[str]) -> tuple[str, str] | None:
    h1, m1, mark1, h2, m2, mark2 = match.groups()
    start, end = int(h1), int(h2)
    if start > 24 or end > 24:
        return None
    if mark1:
        start = _hour(start, mark1)
    elif 1 <= start <= 6:
        # Unmarked 1-6 are afternoon hours in service listings ("1-4"), morning ones are 7-11.
        start += 12 if not (mark2 and mark2.lower().startswith("a")) else 0
    if mark2:
        end = _hour(end, mark2)
    elif end < 12 and end + 12 <= 24 and (end <= start or end < 8):
        end += 12
    if end <= start and not (end == 0 and start > 0):
        return None
    return f"{start:02d}:{m1 or '00'}", f"{end % 24:02d}:{m2 or '00'}"


def parse_weekly_hours(text: str | None) -> list[WeeklyRule]:
    """Every weekday/time range the text states clearly; [] when it states none."""
    if not text:
        return []
    rules: list[WeeklyRule] = []
    for segment in re.split(r"[;\n]", text):
        days = _days(segment)
        if not days or _IRREGULAR.search(segment):
            continue
        weeks = tuple(dict.fromkeys(
            _ORDINALS[word.lower()] for word in _ORDINAL_OF_DAY.findall(segment)
        ))
        if re.search(r"24\s*hours", segment, re.I):
            rules.append(WeeklyRule(tuple(days), "00:00", "23:59", weeks))
            continue
        # Only the first time range after the days: later ones are usually exceptions.
        match = _TIME_RANGE.search(segment)
        times = _times(match) if match else None
        if times:
            rules.append(WeeklyRule(tuple(days), *times, weeks))
    return rules
