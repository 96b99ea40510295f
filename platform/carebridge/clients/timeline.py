"""What happened to a client, in order: entries features add through ``client_timeline``.

The client file asks every plugin's ``client_timeline(client, user)`` hook and shows one
timeline, newest first: the clients feature adds the file's own events (created, assessments
submitted, needs raised and settled), referrals and care plans add theirs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class TimelineEntry:
    """One event of a client's timeline: when (``at``, an aware or UTC datetime), what kind
    ("submission", "need", "referral"…), a short ``title`` a care manager reads, an optional
    ``url`` to see it and a one-line ``detail``."""

    at: datetime
    kind: str
    title: str
    url: str | None = None
    detail: str = ""


def _instant(entry: TimelineEntry) -> datetime:
    # Stored times are UTC; a naive one (SQLite) is read as UTC so all compare.
    return entry.at if entry.at.tzinfo is not None else entry.at.replace(tzinfo=UTC)


def collect(results: Iterable[list[TimelineEntry] | None]) -> list[TimelineEntry]:
    """Flatten the hook's answers into one timeline, newest first."""
    entries = [entry for answer in results if answer for entry in answer]
    return sorted(entries, key=_instant, reverse=True)
