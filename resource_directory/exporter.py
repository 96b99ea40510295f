"""Exports the directory as HSDS 3.0 JSON: organizations with their services, locations and
details nested (the `organization` object of the official compiled schema)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rfc3986_validator import validate_rfc3986
from sqlalchemy.orm import Session

from .snapshot import DirectoryRows

# Columns HSDS spells differently, per object.
RENAMED = {
    "service": {"last_verified": "assured_date"},
    "funding": {"funding_source": "source"},
}
URI_FIELDS = {"url", "website", "uri", "schedule_link", "term_uri"}
# Every column is an HSDS field except service.keywords, service.target_group and
# service_area.postal_codes: they are exported beside the HSDS fields (the schemas allow extra
# properties) so a round trip through this format loses nothing the search uses.
REQUIRED_TEXT = {
    "organization": ("description",),
    "program": ("description",),
    "taxonomy_term": ("description",),
    "taxonomy": ("description",),
}


def _valid_uri(value: str) -> bool:
    return bool(validate_rfc3986(value, rule="URI"))


def _plain(name: str, row: dict[str, Any]) -> dict[str, Any]:
    """One row as an HSDS object without nested parts: no bookkeeping, no empty values."""
    renamed = RENAMED.get(name, {})
    hsds: dict[str, Any] = {}
    for column, value in row.items():
        if column in ("source", "source_id") or value is None:
            continue
        if isinstance(value, dt.datetime):
            value = value.replace(tzinfo=None).isoformat() + "Z"
        elif isinstance(value, dt.date):
            value = value.isoformat()
        if column in URI_FIELDS and not _valid_uri(str(value)):
            continue
        if column in {"email", "assurer_email"} and "@" not in str(value):
            continue
        hsds[renamed.get(column, column)] = value
    for column in REQUIRED_TEXT.get(name, ()):
        hsds.setdefault(column, "")
    return hsds


class HsdsExport:
    """Builds nested HSDS objects from the rows of one session."""

    def __init__(self, session: Session):
        self.tables = DirectoryRows.of_all(session)

    def _attributes(self, entity_id: str) -> list[dict[str, Any]]:
        attributes = []
        for row in self.tables.children("attribute", "link_id", entity_id):
            attribute = _plain("attribute", row)
            term = self.tables.by_id["taxonomy_term"].get(row.get("taxonomy_term_id"))
            if term is not None:
                attribute["taxonomy_term"] = self._term(term)
            attributes.append(attribute)
        return attributes

    def _term(self, row: dict[str, Any]) -> dict[str, Any]:
        term = _plain("taxonomy_term", row)
        taxonomy = self.tables.by_id["taxonomy"].get(row.get("taxonomy_id"))
        if taxonomy is not None:
            term["taxonomy_detail"] = _plain("taxonomy", taxonomy)
        return term

    def _with(self, name: str, row: dict[str, Any], **nested: Any) -> dict[str, Any]:
        hsds = _plain(name, row)
        hsds.update({key: value for key, value in nested.items() if value})
        attributes = self._attributes(row["id"])
        if attributes:
            hsds["attributes"] = attributes
        return hsds

    def _many(self, name: str, column: str, parent_id: str, build=None) -> list[dict[str, Any]]:
        rows = self.tables.children(name, column, parent_id)
        return [build(row) if build else self._with(name, row) for row in rows]

    def phone(self, row: dict[str, Any]) -> dict[str, Any]:
        return self._with(
            name="phone", row=row, languages=self._many("language", "phone_id", row["id"])
        )

    def contact(self, row: dict[str, Any]) -> dict[str, Any]:
        return self._with(
            "contact", row, phones=self._many("phone", "contact_id", row["id"], self.phone)
        )

    def location(self, row: dict[str, Any]) -> dict[str, Any]:
        location_id = row["id"]
        return self._with(
            "location",
            row,
            languages=self._many("language", "location_id", location_id),
            addresses=self._many("address", "location_id", location_id),
            contacts=self._many("contact", "location_id", location_id, self.contact),
            accessibility=self._many("accessibility", "location_id", location_id),
            phones=self._many("phone", "location_id", location_id, self.phone),
            schedules=self._many("schedule", "location_id", location_id),
        )

    def service_at_location(self, row: dict[str, Any]) -> dict[str, Any]:
        location = self.tables.by_id["location"].get(row["location_id"])
        return self._with(
            "service_at_location",
            row,
            contacts=self._many("contact", "service_at_location_id", row["id"], self.contact),
            phones=self._many("phone", "service_at_location_id", row["id"], self.phone),
            schedules=self._many("schedule", "service_at_location_id", row["id"]),
            location=self.location(location) if location else None,
        )

    def service(self, row: dict[str, Any], *, with_organization: bool = False) -> dict[str, Any]:
        service_id = row["id"]
        program = self.tables.by_id["program"].get(row.get("program_id"))
        organization = self.tables.by_id["organization"].get(row.get("organization_id"))
        hsds = self._with(
            "service",
            row,
            phones=self._many("phone", "service_id", service_id, self.phone),
            schedules=self._many("schedule", "service_id", service_id),
            service_areas=self._many("service_area", "service_id", service_id),
            service_at_locations=self._many(
                "service_at_location", "service_id", service_id, self.service_at_location
            ),
            languages=self._many("language", "service_id", service_id),
            funding=self._many("funding", "service_id", service_id),
            cost_options=self._many("cost_option", "service_id", service_id),
            required_documents=self._many("required_document", "service_id", service_id),
            contacts=self._many("contact", "service_id", service_id, self.contact),
            program=self._with("program", program) if program else None,
            organization=(
                self.organization(organization, with_services=False)
                if organization and with_organization
                else None
            ),
        )
        # HSDS 3.0 keeps eligibility on the service itself.
        rules = self.tables.children("eligibility", "service_id", service_id)
        texts = [r["description"] for r in rules if r.get("description")]
        if texts:
            hsds["eligibility_description"] = "; ".join(texts)
        minimums = [r["minimum_age"] for r in rules if r.get("minimum_age") is not None]
        maximums = [r["maximum_age"] for r in rules if r.get("maximum_age") is not None]
        if minimums:
            hsds["minimum_age"] = min(minimums)
        if maximums:
            hsds["maximum_age"] = max(maximums)
        return hsds

    def organization(self, row: dict[str, Any], *, with_services: bool = True) -> dict[str, Any]:
        organization_id = row["id"]
        return self._with(
            "organization",
            row,
            funding=self._many("funding", "organization_id", organization_id),
            contacts=self._many("contact", "organization_id", organization_id, self.contact),
            phones=self._many("phone", "organization_id", organization_id, self.phone),
            locations=self._many("location", "organization_id", organization_id, self.location),
            programs=self._many("program", "organization_id", organization_id),
            services=(
                self._many("service", "organization_id", organization_id, self.service)
                if with_services
                else None
            ),
        )

    def organizations(self) -> Iterator[dict[str, Any]]:
        for row in sorted(self.tables.rows["organization"], key=lambda r: (r["name"], r["id"])):
            yield self.organization(row)

    def services(self) -> Iterator[dict[str, Any]]:
        for row in sorted(self.tables.rows["service"], key=lambda r: (r["name"], r["id"])):
            yield self.service(row, with_organization=True)


def export_organizations(session: Session) -> list[dict[str, Any]]:
    """Every organization as an HSDS 3.0 `organization` object with its services nested."""
    return list(HsdsExport(session).organizations())


def export_services(session: Session) -> list[dict[str, Any]]:
    """Every service as an HSDS 3.0 `service` object with its organization nested."""
    return list(HsdsExport(session).services())


def write_export(session: Session, path: Path | str) -> int:
    """Write the organizations to `path` (gzipped when it ends in .gz); return how many."""
    import gzip

    path = Path(path)
    organizations = export_organizations(session)
    if path.suffix == ".gz":
        text = json.dumps(organizations, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        # mtime=0 keeps the file byte-identical when the data has not changed.
        with gzip.GzipFile(path, "wb", mtime=0) as handle:
            handle.write(text.encode("utf-8"))
    else:
        text = json.dumps(organizations, ensure_ascii=False, indent=1, sort_keys=True)
        path.write_text(text, encoding="utf-8")
    return len(organizations)
