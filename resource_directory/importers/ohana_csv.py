"""Reads the Ohana API CSV files (organizations.csv, locations.csv, services.csv, …)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..age_limits import parse_age_limits
from ..fees import is_free
from ..languages import normalize_language
from ..opening_hours import DAYS
from .hsds_tabular import read_csv
from .staging import Staged, record_id

NAME = "ohana-csv"
# The 2014 database dump names a few columns differently from the import format.
ALIASES = {
    "street": "address_1",
    "zip": "postal_code",
    "state": "state_province",
    "wait": "wait_time",
    "how_to_apply": "application_process",
    "audience": "target_group",
    "urls": "website",
    "number_type": "type",
}
REQUIRED = {
    "organizations.csv": ["id", "name"],
    "locations.csv": ["id", "organization_id"],
    "services.csv": ["id", "location_id"],
    # Read for their links only: their rows are never records of their own.
    "categories_services.csv": [],
    "taxonomy.csv": [],
}


def detect(path: Path) -> bool:
    return (
        path.is_dir()
        and (path / "organizations.csv").is_file()
        and (path / "locations.csv").is_file()
        and not (path / "datapackage.json").exists()
    )


def _items(text: str | None) -> list[str]:
    """Values of a list cell: "a, b" or the YAML the 2014 dump wrote ("---\\n- a\\n- b")."""
    if not text or not text.strip():
        return []
    text = text.strip()
    if text.startswith("---"):
        return [line[2:].strip() for line in text.splitlines() if line.startswith("- ")]
    return [item.strip() for item in text.split(",") if item.strip()]


def _rows(folder: Path, name: str):
    path = folder / name
    if not path.is_file():
        return []
    return [
        (f"{name} line {line}", {ALIASES.get(k, k): (v or "").strip() for k, v in row.items()})
        # Every other table's rows are records known by their id.
        for line, row in read_csv(path, REQUIRED.get(name, ["id"]))
    ]


def _categories(folder: Path) -> dict[str, list[str]]:
    """Category names by service id (the 2014 dump's categories_services.csv), and by
    "taxonomy:<id>" (the import format's taxonomy.csv, which services name in taxonomy_ids)."""
    found: dict[str, list[str]] = {}
    names = {row["id"]: row.get("name", "") for _, row in _rows(folder, "categories.csv")}
    for _, row in _rows(folder, "categories_services.csv"):
        name = names.get(row.get("category_id", ""))
        if name:
            found.setdefault(row.get("service_id", ""), []).append(name)
    for _, row in _rows(folder, "taxonomy.csv"):
        if row.get("taxonomy_id") and row.get("name"):
            found[f"taxonomy:{row['taxonomy_id']}"] = [row["name"]]
    return found


def _date(text: str) -> str | None:
    for pattern in ("%B %d, %Y", "%Y-%m-%d", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), pattern).date().isoformat()
        except ValueError:
            continue
    return None


def read(path: Path, source: str) -> Staged:
    staged = Staged(path, NAME, source)

    def ref(table: str, value: str | None) -> str | None:
        return record_id(source, table, f"{table}/{value}") if value else None

    def add(table: str, key: str, position: str, values: dict[str, Any]) -> str:
        return staged.add(
            table, {"id": ref(table, key), **values}, source_id=f"{table}/{key}", position=position
        )

    locations_org: dict[str, str] = {}
    location_names: dict[str, str] = {}
    for position, row in _rows(path, "organizations.csv"):
        add(
            "organization",
            row["id"],
            position,
            {
                "name": row.get("name"),
                "alternate_name": row.get("alternate_name"),
                "description": row.get("description"),
                "email": row.get("email"),
                "website": (_items(row.get("website")) or [None])[0],
                "legal_status": row.get("legal_status"),
                "tax_id": row.get("tax_id"),
                "tax_status": row.get("tax_status"),
            },
        )
    for position, row in _rows(path, "programs.csv"):
        add(
            "program",
            row["id"],
            position,
            {
                "organization_id": ref("organization", row.get("organization_id")),
                "name": row.get("name"),
                "alternate_name": row.get("alternate_name"),
            },
        )
    for position, row in _rows(path, "locations.csv"):
        locations_org[row["id"]] = row.get("organization_id", "")
        location_names[row["id"]] = row.get("name", "")
        location_id = add(
            "location",
            row["id"],
            position,
            {
                "organization_id": ref("organization", row.get("organization_id")),
                "name": row.get("name"),
                "alternate_name": row.get("alternate_name"),
                "description": row.get("description") or row.get("short_desc"),
                "latitude": row.get("latitude"),
                "longitude": row.get("longitude"),
                "transportation": row.get("transportation"),
                "location_type": "virtual" if row.get("virtual") == "true" else "physical",
            },
        )
        for number, option in enumerate(_items(row.get("accessibility"))):
            add(
                "accessibility",
                f"{row['id']}/{number}",
                position,
                {"location_id": location_id, "description": option.replace("_", " ")},
            )
        _languages(add, "location", row["id"], location_id, row.get("languages"), position)
    for file_name, kind in (("addresses.csv", "physical"), ("mail_addresses.csv", "postal")):
        for position, row in _rows(path, file_name):
            add(
                "address",
                f"{kind}/{row['id']}",
                position,
                {
                    "location_id": ref("location", row.get("location_id")),
                    "attention": row.get("attention"),
                    "address_1": row.get("address_1"),
                    "address_2": row.get("address_2"),
                    "city": row.get("city"),
                    "state_province": row.get("state_province"),
                    "postal_code": row.get("postal_code"),
                    "country": row.get("country") or "US",
                    "address_type": kind,
                },
            )
    categories = _categories(path)
    for position, row in _rows(path, "services.csv"):
        # The 2014 dump leaves most service names empty: the service is its location's.
        row["name"] = row.get("name") or location_names.get(row.get("location_id", ""), "")
        # Ohana's categories (Open Eligibility 1.x names) join the keywords, which the import's
        # taxonomy step maps onto the loaded taxonomy (see taxonomy_crosswalk).
        named = categories.get(row["id"], []) + [
            categories.get(f"taxonomy:{code}", [""])[0] for code in _items(row.get("taxonomy_ids"))
        ]
        if any(named):
            row["keywords"] = ", ".join(
                dict.fromkeys(_items(row.get("keywords")) + [n for n in named if n])
            )
        _service(add, ref, row, position, locations_org)
    for position, row in _rows(path, "contacts.csv"):
        add(
            "contact",
            row["id"],
            position,
            {
                "location_id": ref("location", row.get("location_id")),
                "organization_id": ref("organization", row.get("organization_id")),
                "service_id": ref("service", row.get("service_id")),
                "name": row.get("name"),
                "title": row.get("title"),
                "email": row.get("email"),
                "department": row.get("department"),
            },
        )
    for position, row in _rows(path, "phones.csv"):
        add(
            "phone",
            row["id"],
            position,
            {
                "contact_id": ref("contact", row.get("contact_id")),
                "location_id": ref("location", row.get("location_id")),
                "organization_id": ref("organization", row.get("organization_id")),
                "service_id": ref("service", row.get("service_id")),
                "number": row.get("number"),
                "extension": row.get("extension"),
                "type": row.get("type"),
                "description": row.get("department"),
            },
        )
    for position, row in _rows(path, "regular_schedules.csv"):
        day = (row.get("weekday") or "")[:2].upper()
        add(
            "schedule",
            row["id"],
            position,
            {
                "location_id": ref("location", row.get("location_id")),
                "service_id": ref("service", row.get("service_id")),
                "freq": "WEEKLY",
                "byday": day if day in DAYS else None,
                "opens_at": row.get("opens_at"),
                "closes_at": row.get("closes_at"),
            },
        )
    for position, row in _rows(path, "holiday_schedules.csv"):
        add(
            "holiday_schedule",
            row["id"],
            position,
            {
                "location_id": ref("location", row.get("location_id")),
                "service_id": ref("service", row.get("service_id")),
                "closed": row.get("closed") or "true",
                "start_date": _date(row.get("start_date", "")),
                "end_date": _date(row.get("end_date", "")),
                "opens_at": row.get("opens_at"),
                "closes_at": row.get("closes_at"),
            },
        )
    return staged


def _languages(add, table, key, owner_id, text, position) -> None:
    seen = set()
    for name in _items(text):
        language = normalize_language(name)
        if language and language[0] not in seen:
            seen.add(language[0])
            add(
                "language",
                f"{table}/{key}/{language[0]}",
                position,
                {
                    f"{table}_id": owner_id,
                    "name": language[0],
                    "code": language[1],
                    "note": language[2],
                },
            )


def _service(add, ref, row, position, locations_org) -> None:
    service_id = add(
        "service",
        row["id"],
        position,
        {
            "organization_id": ref("organization", locations_org.get(row.get("location_id", ""))),
            "program_id": ref("program", row.get("program_id")),
            "name": row.get("name"),
            "alternate_name": row.get("alternate_name"),
            "description": row.get("description"),
            "application_process": row.get("application_process"),
            "target_group": row.get("target_group"),
            "email": row.get("email"),
            "fees_description": row.get("fees"),
            "interpretation_services": row.get("interpretation_services"),
            "keywords": ", ".join(_items(row.get("keywords"))),
            "status": row.get("status") or "active",
            "wait_time": row.get("wait_time"),
            # The 2014 dump says when the county last changed each record.
            "last_modified": (row.get("updated_at") or "")[:19] or None,
            "url": (_items(row.get("website")) or [None])[0],
        },
    )
    if row.get("location_id"):
        add(
            "service_at_location",
            row["id"],
            position,
            {"service_id": service_id, "location_id": ref("location", row["location_id"])},
        )
    if row.get("eligibility"):
        minimum, maximum = parse_age_limits(row["eligibility"])
        add(
            "eligibility",
            row["id"],
            position,
            {
                "service_id": service_id,
                "description": row["eligibility"],
                "minimum_age": minimum,
                "maximum_age": maximum,
            },
        )
    if is_free(row.get("fees")):
        add(
            "cost_option",
            row["id"],
            position,
            {
                "service_id": service_id,
                "option": "Free",
                "amount": 0,
                "currency": "USD",
                "amount_description": row["fees"],
            },
        )
    for number, document in enumerate(_items(row.get("required_documents"))):
        add(
            "required_document",
            f"{row['id']}/{number}",
            position,
            {"service_id": service_id, "document": document},
        )
    areas = _items(row.get("service_areas"))
    if areas:
        add(
            "service_area",
            row["id"],
            position,
            {"service_id": service_id, "name": ", ".join(areas)},
        )
    _languages(add, "service", row["id"], service_id, row.get("languages"), position)
