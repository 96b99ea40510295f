"""The parts of a client's file that features add (needs, referrals, care plans, screenings…).

The client file page asks every plugin's ``client_file_sections(client, user)`` hook and shows
what comes back, ordered by ``order``: a feature adds its part of the file without the file's
page knowing it, and a plugin can add one the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ClientFileSection:
    """One section of a client's file.

    ``template`` is rendered with ``client`` and whatever ``context()`` returns (called only
    when the section is shown, inside the request's unit of work); ``url`` is where the
    section's own page lives (its "see all" link), if any.
    """

    key: str
    title: str
    template: str
    order: int = 100
    context: Callable[[], dict[str, Any]] = field(default=dict, compare=False)
    url: str | None = None


def collect(results: Iterable[list[ClientFileSection] | None]) -> list[ClientFileSection]:
    """Flatten the hook's answers into one list ordered by ``order`` then ``key``."""
    sections = [section for answer in results if answer for section in answer]
    return sorted(sections, key=lambda section: (section.order, section.key))
