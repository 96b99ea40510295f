"""Whole numbers read from text a request sent: ASCII digits only, and not too many of them.

``str.isdigit()`` is true for ``²`` and ``٣`` (``int()`` then raises), and ``int()`` of thousands
of digits is refused or slow: a page number, a version, an item index or a kiosk's idle time
read from a request goes through here, so a strange one is simply not a number.
"""

from __future__ import annotations

import re

_DIGITS = re.compile(r"[0-9]{1,18}")


def whole_number(text: object) -> int | None:
    """``text`` as a non-negative int when it is 1–18 ASCII digits, otherwise None."""
    if isinstance(text, str) and _DIGITS.fullmatch(text):
        return int(text)
    return None


def is_index(text: object) -> bool:
    """Whether ``text`` is a list index (a whole number as ASCII digits)."""
    return whole_number(text) is not None


def indexes(texts: list[str]) -> list[str]:
    """The texts that are list indexes, in their order: checked in C, so a long list of a
    repeat group's keys costs no Python per key."""
    return list(filter(_DIGITS.fullmatch, texts))
