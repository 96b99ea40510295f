"""Age limits read from eligibility text ("18 and older", "ages 5-17", "seniors 60+")."""

from __future__ import annotations

import re

# Ages are in years; fractions come from months ("3 months" is 0.25). A maximum is inclusive of
# the whole year named: "under 18" allows 17-year-olds, so its maximum is 17.
_NUMBER = r"(\d{1,3}(?:\.\d+)?)\s*(months?|mos?\.?|years?|yrs?\.?)?"
_PEOPLE = r"(?:ages?d?|seniors?|adults?|youths?|children|kids|teens?|persons?|people|women|men)"
_RANGE = re.compile(
    rf"\b{_PEOPLE}\s*(?:of\s*)?(?:between\s*)?{_NUMBER}\s*(?:-|–|to|through|thru|and)\s*"
    rf"{_NUMBER}",
    re.I,
)
_RANGE_YEARS = re.compile(
    rf"\b{_NUMBER}\s*(?:-|–|to|through)\s*(\d{{1,3}})\s*(years?|yrs?)\b", re.I
)
_MINIMUM = re.compile(
    rf"\b(?:{_PEOPLE}\s*)?{_NUMBER}\s*(?:old\s*)?(?:\+|(?:and|or)\s*(?:older|over|above|up)\b)",
    re.I,
)
_MINIMUM_WORDS = re.compile(rf"\b(?:over|at least|minimum age)\s*(?:age\s*)?{_NUMBER}", re.I)
_MAXIMUM = re.compile(
    rf"\b(?:under|younger than|below)\s*(?:the\s*)?(?:age\s*(?:of\s*)?)?{_NUMBER}", re.I
)
_MAXIMUM_OR = re.compile(rf"\b{_PEOPLE}\s*{_NUMBER}\s*(?:and|or)\s*(?:younger|under|less)\b", re.I)


def _years(number: str, unit: str | None) -> float:
    value = float(number)
    if unit and unit.lower().startswith("mo"):
        return round(value / 12, 2)
    return value


def _clean(value: float) -> float | int:
    return int(value) if value == int(value) else value


def parse_age_limits(text: str | None) -> tuple[float | None, float | None]:
    """(minimum_age, maximum_age) the text states, each None when it states none."""
    if not text:
        return None, None
    minimum = maximum = None
    if match := _RANGE.search(text) or _RANGE_YEARS.search(text):
        low, low_unit, high, high_unit = match.groups()
        high_years = _years(high, high_unit or low_unit)
        low_years = _years(low, low_unit or (high_unit if high_unit and not low_unit else None))
        if low_years < high_years <= 120:
            minimum, maximum = low_years, high_years
    if minimum is None and (match := _MINIMUM.search(text) or _MINIMUM_WORDS.search(text)):
        value = _years(*match.groups())
        if value <= 120 and not _looks_like_money(text, match.start()):
            minimum = value
    if maximum is None and (match := _MAXIMUM.search(text)):
        value = _years(*match.groups())
        if 0 < value <= 120 and not _looks_like_money(text, match.start()):
            maximum = value - 1 if value == int(value) and value >= 1 else value
    if maximum is None and (match := _MAXIMUM_OR.search(text)):
        maximum = _years(*match.groups())
    if minimum is not None and maximum is not None and minimum > maximum:
        return None, None
    return (
        None if minimum is None else _clean(minimum),
        None if maximum is None else _clean(maximum),
    )


def _looks_like_money(text: str, start: int) -> bool:
    return "$" in text[max(0, start - 3) : start + 12]
