"""Fee text read for the one thing a search filters on: whether the service is free."""

from __future__ import annotations

import re

_FREE = re.compile(r"^\s*(?:none\b|free\b|no\s+(?:fee|charge|cost)s?\b|no\s+cost\b|\$0\b)", re.I)


def is_free(text: str | None) -> bool:
    """True when the fee text starts by saying there is no charge ("None", "Free", "No fee")."""
    return bool(text and _FREE.match(text))


_ONLY_FREE = re.compile(
    r"^\s*(?:none|free|no\s+(?:fee|charge|cost)s?|\$0(?:\.00)?)\s*[.!]?\s*$", re.I
)


def fee_note(text: str | None) -> str:
    """The fee text worth showing beside a "Free" badge: "" when it only says there is no
    charge ("None.", "Free"), else the text ("None. Donations welcome.")."""
    text = (text or "").strip()
    return "" if _ONLY_FREE.match(text) else text
