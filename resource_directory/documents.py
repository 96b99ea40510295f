"""Search documents built from the directory tables: one per service at each of its locations."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy.orm import Session

from .fees import fee_note
from .geography import locate
from .opening_hours import DAYS
from .search.document import ServiceDocument, WeeklyOpening
from .snapshot import DirectoryRows
from .taxonomy_crosswalk import AUDIENCE


def _unique(values) -> list[Any]:
    return list(dict.fromkeys(v for v in values if v not in (None, "")))


def _openings(schedules: list[dict[str, Any]]) -> list[WeeklyOpening]:
    openings = []
    for row in schedules:
        if (row.get("freq") or "").upper() != "WEEKLY" or not row.get("opens_at"):
            continue
        if not row.get("closes_at") or not row.get("byday"):
            continue
        for day in row["byday"].split(","):
            day = day.strip().upper()
            if day in DAYS:  # "1MO" (first Monday) is monthly, not weekly
                openings.append(
                    WeeklyOpening(DAYS.index(day), row["opens_at"][:5], row["closes_at"][:5])
                )
    return sorted(set(openings), key=lambda o: (o.weekday, o.opens, o.closes))


def _open_weekdays(schedules: list[dict[str, Any]]) -> list[int]:
    """Every weekday a weekly or monthly rule opens on ("1SA", the first Saturday, is a
    Saturday)."""
    days = set()
    for row in schedules:
        if (row.get("freq") or "").upper() not in ("WEEKLY", "MONTHLY"):
            continue
        for day in (row.get("byday") or "").split(","):
            code = day.strip().upper().lstrip("+-0123456789")
            if code in DAYS:
                days.add(DAYS.index(code))
    return sorted(days)


def _language_label(row: dict[str, Any]) -> str:
    """"chinese (cantonese)": the language's name, lower case, with its dialect if noted."""
    name = (row.get("name") or "").strip().lower()
    note = (row.get("note") or "").strip().lower()
    return f"{name} ({note})" if name and note and "(" not in name else name


class DocumentBuilder:
    def __init__(self, rows: DirectoryRows):
        self.rows = rows
        self._ancestors: dict[str, list[str]] = {}

    def _many(self, table: str, column: str, key: str | None) -> list[dict[str, Any]]:
        return self.rows.children(table, column, key) if key else []

    def _term_ancestors(self, term: dict[str, Any]) -> list[str]:
        terms = self.rows.by_id["taxonomy_term"]
        names, parent_id, seen = [], term.get("parent_id"), {term["id"]}
        while parent_id and parent_id in terms and parent_id not in seen:
            seen.add(parent_id)
            names.append(terms[parent_id]["name"])
            parent_id = terms[parent_id].get("parent_id")
        return names

    def documents(self, service: dict[str, Any]) -> list[ServiceDocument]:
        links = self._many("service_at_location", "service_id", service["id"])
        if not links:
            return [self._document(service, None, None)]
        return [
            self._document(service, link, self.rows.by_id["location"].get(link["location_id"]))
            for link in links
        ]

    def _document(self, service, link, location) -> ServiceDocument:
        service_id = service["id"]
        location_id = location["id"] if location else None
        link_id = link["id"] if link else None
        organization = self.rows.by_id["organization"].get(service.get("organization_id")) or {}
        tags = [
            (a.get("link_type"), self.rows.by_id["taxonomy_term"][a["taxonomy_term_id"]])
            for a in self._many("attribute", "link_id", service_id)
            if a.get("taxonomy_term_id") in self.rows.by_id["taxonomy_term"]
        ]
        terms = [term for link_type, term in tags if link_type != AUDIENCE]
        audiences = [term for link_type, term in tags if link_type == AUDIENCE]
        rules = self._many("eligibility", "service_id", service_id)
        minimums = [r["minimum_age"] for r in rules if r.get("minimum_age") is not None]
        maximums = [r["maximum_age"] for r in rules if r.get("maximum_age") is not None]
        languages = self._many("language", "service_id", service_id) + self._many(
            "language", "location_id", location_id
        )
        addresses = sorted(
            self._many("address", "location_id", location_id),
            key=lambda a: a.get("address_type") != "physical",
        )
        address = addresses[0] if addresses else {}
        latitude, longitude = (location or {}).get("latitude"), (location or {}).get("longitude")
        if latitude is None or longitude is None:
            # No coordinates of its own: the ZIP code's centroid is close enough to rank by.
            latitude, longitude = locate(address.get("postal_code")) or (None, None)
        schedules = (
            self._many("schedule", "service_at_location_id", link_id)
            + self._many("schedule", "service_id", service_id)
            + self._many("schedule", "location_id", location_id)
        )
        phones = (
            self._many("phone", "service_at_location_id", link_id)
            + self._many("phone", "service_id", service_id)
            + self._many("phone", "location_id", location_id)
        )
        costs = self._many("cost_option", "service_id", service_id)
        areas = self._many("service_area", "service_id", service_id)
        street = ", ".join(
            _unique([address.get("address_1"), address.get("address_2"), address.get("city")])
        )
        region = " ".join(_unique([address.get("state_province"), address.get("postal_code")]))
        return ServiceDocument(
            id=f"{service_id}@{location_id}" if location_id else service_id,
            service_id=service_id,
            location_id=location_id,
            name=service["name"],
            organization=organization.get("name", ""),
            description=service.get("description") or "",
            keywords=_unique(k.strip() for k in (service.get("keywords") or "").split(",")),
            categories=_unique(t["name"] for t in terms),
            category_ids=_unique(t["id"] for t in terms),
            category_ancestors=_unique(n for t in terms for n in self._term_ancestors(t)),
            audiences=_unique(t["name"] for t in audiences),
            eligibility="; ".join(_unique(r.get("description") for r in rules)),
            languages=_unique(_language_label(r) for r in languages),
            city=address.get("city") or "",
            postal_code=address.get("postal_code") or "",
            latitude=latitude,
            longitude=longitude,
            minimum_age=min(minimums) if minimums else None,
            maximum_age=max(maximums) if maximums else None,
            free=any(
                c.get("amount") == 0 or (c.get("option") or "").strip().lower() == "free"
                for c in costs
            ),
            service_area_postal_codes=_unique(
                code for a in areas for code in (a.get("postal_codes") or "").split()
            ),
            openings=_openings(schedules),
            open_weekdays=_open_weekdays(schedules),
            phones=_unique(p.get("number") for p in phones),
            address=", ".join(_unique([street, region])),
            hours_text="; ".join(_unique(s.get("description") for s in schedules)),
            fees_text=fee_note(service.get("fees_description") or service.get("fees")),
            url=service.get("url") or organization.get("website") or "",
            last_verified=service["last_verified"].isoformat()
            if service.get("last_verified")
            else None,
            source=service.get("source") or "",
            source_id=service.get("source_id") or "",
        )


#: HSDS service statuses that keep a service out of search: it is not being delivered.
NOT_OFFERED = frozenset({"inactive", "defunct"})


def offered(service: dict[str, Any]) -> bool:
    """Active and temporarily closed services are found; inactive and defunct ones are not."""
    return (service.get("status") or "active").strip().lower() not in NOT_OFFERED


def service_documents(session: Session) -> Iterator[ServiceDocument]:
    """Every offered service's documents, in a stable order (by service name, then id)."""
    builder = DocumentBuilder(DirectoryRows.of_all(session))
    services = sorted(builder.rows.rows["service"], key=lambda s: (s["name"], s["id"]))
    for service in services:
        if offered(service):
            yield from builder.documents(service)


def service_document(session: Session, service_id: str) -> list[ServiceDocument]:
    """The documents of one service (one per location), for updating an index in place;
    [] when the service no longer exists or is not offered, so the index drops it."""
    builder = DocumentBuilder(DirectoryRows.of_service(session, service_id))
    service = builder.rows.by_id["service"].get(service_id)
    return builder.documents(service) if service and offered(service) else []
