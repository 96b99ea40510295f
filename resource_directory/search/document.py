"""The search document: one service at one location, flattened from the HSDS tables.

This is the contract between the directory's storage (which produces documents from the
database) and any search backend (which indexes them). The index is always derived from the
database and can be rebuilt from these documents alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class WeeklyOpening:
    """Open on ``weekday`` (0 = Monday) from ``opens`` to ``closes`` ("HH:MM", local time)."""

    weekday: int
    opens: str
    closes: str


@dataclass
class ServiceDocument:
    # Identity: "<service_id>" when the service has no location, else "<service_id>@<location_id>".
    id: str
    service_id: str
    location_id: str | None
    # What people search.
    name: str
    organization: str
    description: str = ""
    keywords: list[str] = field(default_factory=list)
    # Taxonomy terms (names) attached to the service, and the names of their ancestors.
    categories: list[str] = field(default_factory=list)
    category_ids: list[str] = field(default_factory=list)
    category_ancestors: list[str] = field(default_factory=list)
    # Situation terms: whom the service is for ("Seniors", "Veterans"), the "who it serves" filter.
    audiences: list[str] = field(default_factory=list)
    eligibility: str = ""
    # Filters.
    languages: list[str] = field(default_factory=list)  # lower-case English names, "spanish"
    city: str = ""
    postal_code: str = ""
    latitude: float | None = None
    longitude: float | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    free: bool = False
    service_area_postal_codes: list[str] = field(default_factory=list)
    openings: list[WeeklyOpening] = field(default_factory=list)
    # Days (0 = Monday) on which some schedule opens, monthly rules included ("first
    # Saturday"); empty means the weekly openings are all there is to know.
    open_weekdays: list[int] = field(default_factory=list)
    # Shown on result cards.
    phones: list[str] = field(default_factory=list)
    address: str = ""
    hours_text: str = ""
    fees_text: str = ""
    url: str = ""
    last_verified: str | None = None  # ISO date
    source: str = ""
    source_id: str = ""
