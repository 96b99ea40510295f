"""Fee text read for the one thing a search filters on: whether the service is free."""

from __future__ import annotations

import re

_FREE = re.compile(r"^\s*(?:none\b|free\b|no\s+(?:fee|charge|cost)s?\b|no\s+cost\b|\$0\b)", re.I)


def is_free(text: str | None) -> bool:
    """True when the fee text starts by saying there is no charge ("None", "Free", "No fee")."""
    return bool(text and _FREE.match(text))
