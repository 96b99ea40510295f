"""Running a search: the index ranks, the database adds what only it knows to each result card."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from carebridge.directory import index
from carebridge.directory.queries import InvalidSearch
from carebridge.errors import Problem
from resource_directory.models import Eligibility, Schedule, Service, ServiceAtLocation
from resource_directory.opening_hours import DAYS
from resource_directory.search.backend import SearchHit, SearchQuery, SearchResults, UnknownLocation
from resource_directory.search.document import WeeklyOpening
from resource_directory.search.opening_hours import is_open

#: A record nobody has checked for longer than this may no longer be true.
STALE_AFTER = dt.timedelta(days=365)
TEMPORARILY_CLOSED = "temporarily closed"
CLOCK = re.compile(r"^([01]\d|2[0-4]):[0-5]\d")


@dataclass
class ResultCard:
    """One hit as a worker sees it: the index's card plus facts read fresh from the database."""

    hit: SearchHit
    source: str = ""
    source_id: str = ""
    eligibility: str = ""
    open_now: bool | None = None  # None: the directory has no weekly hours to tell
    last_verified: dt.date | None = None
    source_updated: dt.date | None = None  # when the data set it came from last changed it
    out_of_date: bool = True
    temporarily_closed: bool = False  # HSDS status "temporarily closed": found, but not open


    @property
    def source_label(self) -> str:
        """The data set a record came from, as people say it ("cip_2013" → "cip 2013")."""
        return self.source.replace("_", " ").replace("-", " ").strip()


@dataclass
class SearchPage:
    query: SearchQuery
    results: SearchResults
    cards: list[ResultCard] = field(default_factory=list)


def is_out_of_date(last_verified: dt.date | None, today: dt.date) -> bool:
    return last_verified is None or today - last_verified > STALE_AFTER


def today() -> dt.date:
    """Today in the agency's time zone (a record checked "yesterday" must not look stale)."""
    return dt.datetime.now(ZoneInfo(current_app.config["TIME_ZONE"])).date()


def run(session: Session, query: SearchQuery, *, now: dt.datetime | None = None) -> SearchPage:
    """One page of results for ``query``; an unplaceable location is an ``InvalidSearch``."""
    try:
        results = index.backend().search(query)
    except UnknownLocation as exc:
        raise InvalidSearch(str(exc), [Problem("zip", str(exc))]) from None
    zone = ZoneInfo(current_app.config["TIME_ZONE"])
    now = now or dt.datetime.now(zone)
    return SearchPage(query, results, cards(session, results.hits, now.astimezone(zone)))


def cards(session: Session, hits: list[SearchHit], now: dt.datetime) -> list[ResultCard]:
    service_ids = {hit.service_id for hit in hits}
    if not service_ids:
        return []
    rows = session.scalars(select(Service).where(Service.id.in_(service_ids)))
    services = {service.id: service for service in rows}
    eligibility: dict[str, list[str]] = defaultdict(list)
    for rule in session.scalars(
        select(Eligibility).where(Eligibility.service_id.in_(service_ids)).order_by(Eligibility.id)
    ):
        if rule.description:
            eligibility[rule.service_id].append(rule.description)
    openings = _weekly_openings(session, service_ids)
    found = []
    for hit in hits:
        service = services.get(hit.service_id)
        location_id = hit.id.partition("@")[2] or None
        weekly = openings.get((hit.service_id, None), []) + openings.get(
            (hit.service_id, location_id), []
        )
        verified = service.last_verified if service else None
        paused = service is not None and (service.status or "").lower() == TEMPORARILY_CLOSED
        found.append(
            ResultCard(
                hit=hit,
                source=service.source if service else "",
                source_id=service.source_id if service else "",
                eligibility="; ".join(eligibility.get(hit.service_id, [])),
                open_now=False if paused else is_open(weekly, now, str(now.tzinfo))
                if weekly else None,
                last_verified=verified,
                source_updated=service.last_modified.date()
                if service and service.last_modified else None,
                out_of_date=is_out_of_date(
                    verified or (service.last_modified.date()
                                 if service and service.last_modified else None),
                    now.date(),
                ),
                temporarily_closed=paused,
            )
        )
    return found


def _weekly_openings(session: Session, service_ids: set[str]):
    """(service id, location id or None) → weekly openings, from every row that applies."""
    links = session.execute(
        select(ServiceAtLocation.id, ServiceAtLocation.service_id, ServiceAtLocation.location_id)
        .where(ServiceAtLocation.service_id.in_(service_ids))
    ).all()
    by_link = {link.id: (link.service_id, link.location_id) for link in links}
    by_location = defaultdict(list)
    for link in links:
        by_location[link.location_id].append(link.service_id)
    rows = session.scalars(
        select(Schedule).where(
            or_(
                Schedule.service_id.in_(service_ids),
                Schedule.service_at_location_id.in_(by_link),
                Schedule.location_id.in_(by_location),
            )
        )
    )
    openings: dict[tuple[str, str | None], list[WeeklyOpening]] = defaultdict(list)
    for row in rows:
        weekly = weekly_openings(row)
        if row.service_id in service_ids:
            openings[(row.service_id, None)].extend(weekly)
        if row.service_at_location_id in by_link:
            openings[by_link[row.service_at_location_id]].extend(weekly)
        for service_id in by_location.get(row.location_id, []):
            openings[(service_id, row.location_id)].extend(weekly)
    return openings


def weekly_openings(row: Schedule) -> list[WeeklyOpening]:
    """The weekly openings one schedule row states ("MO,TU" 09:00–17:00); [] for others."""
    if (row.freq or "").upper() != "WEEKLY" or not row.byday:
        return []
    if not (CLOCK.match(row.opens_at or "") and CLOCK.match(row.closes_at or "")):
        return []  # imported feeds sometimes hold "9am": unknown beats wrong
    days = [day.strip().upper() for day in row.byday.split(",")]
    return [
        WeeklyOpening(DAYS.index(day), row.opens_at[:5], row.closes_at[:5])
        for day in days
        if day in DAYS  # "1MO" (first Monday of a month) is not weekly
    ]
