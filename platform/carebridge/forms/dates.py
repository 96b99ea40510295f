"""Date bounds: Carebridge's ``x-maxDate`` and ``x-minDate`` keywords ("not in the future").

A date field may say the latest and earliest dates it accepts, as a date (``"2000-01-01"``) or
relative to the day the answer is checked (``"today"``, ``"today-130y"``, ``"today+30d"``; units
``y``, ``m``, ``w``, ``d``). The ``x-`` prefix keeps the schema valid JSON Schema (other
validators read the keywords as annotations); Carebridge's validator enforces them on ``date``
and ``date-time`` strings, and ``bounds`` gives a form's input the same ``min`` and ``max``.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import regex

MAX_DATE = "x-maxDate"
MIN_DATE = "x-minDate"
KEYWORDS = (MAX_DATE, MIN_DATE)
#: On an object: ``{"/review_date": "/plan_date", "/tasks/*/due_date": "/plan_date"}`` — each
#: date on the left may not fall before the date on the right (``*`` is every item of a list).
NOT_BEFORE = "x-notBefore"
#: The formats whose values have a calendar date the bounds apply to.
FORMATS = ("date", "date-time")

_RELATIVE = regex.compile("today(?:([+-])([0-9]{1,4})([ymwd]))?")
_ISO_DATE = regex.compile("([0-9]{4})-([0-9]{2})-([0-9]{2})")


def is_bound(text: object) -> bool:
    """Whether ``text`` is a bound this module understands."""
    return isinstance(text, str) and resolve(text, date(2000, 1, 1)) is not None


def resolve(bound: object, today: date) -> date | None:
    """The date a bound stands for on ``today``; None when it is not a bound."""
    if not isinstance(bound, str):
        return None
    relative = _RELATIVE.fullmatch(bound)
    if relative is not None:
        sign, amount, unit = relative.groups()
        if sign is None:
            return today
        return _shift(today, int(amount) * (1 if sign == "+" else -1), unit)
    return _parse_day(bound)


def _shift(day: date, amount: int, unit: str) -> date | None:
    try:
        if unit in ("d", "w"):
            return day + timedelta(days=amount * (7 if unit == "w" else 1))
        months = day.year * 12 + day.month - 1 + amount * (12 if unit == "y" else 1)
        year, month = divmod(months, 12)
        # 29 February a year on is 28 February: the day is clamped to the month's length.
        last = calendar.monthrange(year, month + 1)[1]
        return date(year, month + 1, min(day.day, last))
    except (ValueError, OverflowError):
        return None


def _parse_day(text: str) -> date | None:
    match = _ISO_DATE.fullmatch(text)
    if match is None:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def day_of(value: str, fmt: str | None) -> date | None:
    """The calendar date of a ``date`` or ``date-time`` value (as written, in its own offset)."""
    if fmt == "date-time":
        return _parse_day(value[:10]) if len(value) > 10 and value[10] in "Tt" else None
    return _parse_day(value)


def bounds(schema: object, today: date) -> tuple[date | None, date | None]:
    """The (earliest, latest) dates a field's schema accepts on ``today``, for an input's
    ``min`` and ``max``; None where it sets no bound."""
    if not isinstance(schema, dict):
        return None, None
    return resolve(schema.get(MIN_DATE), today), resolve(schema.get(MAX_DATE), today)


def is_order_rule(rule: object) -> bool:
    """Whether ``rule`` is an ``x-notBefore`` map of pointers (wildcards only on the left)."""
    return isinstance(rule, dict) and bool(rule) and all(
        isinstance(later, str) and later.startswith("/") and isinstance(earlier, str)
        and earlier.startswith("/") and "*" not in earlier.split("/")
        for later, earlier in rule.items()
    )


def pointed(data: object, pointer: str) -> list[tuple[list, object]]:
    """Every ``(path, value)`` a pointer (``*`` for each item of a list) reaches in ``data``."""
    found: list[tuple[list, object]] = [([], data)]
    for raw in pointer.split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        following = []
        for path, node in found:
            if part == "*" and isinstance(node, list):
                following += [([*path, i], item) for i, item in enumerate(node)]
            elif isinstance(node, dict) and part in node:
                following.append(([*path, part], node[part]))
        found = following
    return found


def describe(keyword: str, bound: str, limit: date) -> str:
    """A technical sentence for an admin (people get ``messages.for_error``'s wording)."""
    side = "after the latest" if keyword == MAX_DATE else "before the earliest"
    return f"The date is {side} allowed, {limit.isoformat()} ({bound})."
