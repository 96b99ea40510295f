"""HSDS 3.0 objects (nested `*_full` or flat table rows) turned into staged directory records."""

from __future__ import annotations

from typing import Any

from .staging import Staged

# For each HSDS object: its arrays of children, as key -> (child object, link column on child).
CHILDREN: dict[str, dict[str, tuple[str, str]]] = {
    "organization": {
        "funding": ("funding", "organization_id"),
        "contacts": ("contact", "organization_id"),
        "phones": ("phone", "organization_id"),
        "locations": ("location", "organization_id"),
        "programs": ("program", "organization_id"),
        "services": ("service", "organization_id"),
    },
    "service": {
        "phones": ("phone", "service_id"),
        "schedules": ("schedule", "service_id"),
        "service_areas": ("service_area", "service_id"),
        "service_at_locations": ("service_at_location", "service_id"),
        "languages": ("language", "service_id"),
        "funding": ("funding", "service_id"),
        "cost_options": ("cost_option", "service_id"),
        "required_documents": ("required_document", "service_id"),
        "contacts": ("contact", "service_id"),
    },
    "service_at_location": {
        "contacts": ("contact", "service_at_location_id"),
        "phones": ("phone", "service_at_location_id"),
        "schedules": ("schedule", "service_at_location_id"),
    },
    "location": {
        "languages": ("language", "location_id"),
        "addresses": ("address", "location_id"),
        "contacts": ("contact", "location_id"),
        "accessibility": ("accessibility", "location_id"),
        "phones": ("phone", "location_id"),
        "schedules": ("schedule", "location_id"),
    },
    "contact": {"phones": ("phone", "contact_id")},
    "phone": {"languages": ("language", "phone_id")},
}
# Single nested parents: key -> (parent object, link column on this object).
PARENTS: dict[str, dict[str, tuple[str, str]]] = {
    "service": {
        "organization": ("organization", "organization_id"),
        "program": ("program", "program_id"),
    },
    "service_at_location": {
        "location": ("location", "location_id"),
        "service": ("service", "service_id"),
    },
    "attribute": {"taxonomy_term": ("taxonomy_term", "taxonomy_term_id")},
    "taxonomy_term": {"taxonomy_detail": ("taxonomy", "taxonomy_id")},
}
# Objects that can carry `attributes` (taxonomy tags) in HSDS 3.0.
TAGGABLE = {
    "organization",
    "service",
    "service_at_location",
    "location",
    "contact",
    "phone",
    "address",
    "schedule",
    "language",
    "service_area",
    "cost_option",
    "funding",
    "program",
    "required_document",
    "accessibility",
}
# Plain HSDS tables this directory does not keep.
IGNORED = {"metadata", "meta_table_description", "organization_identifier"}


def guess_object(data: dict[str, Any]) -> str | None:
    """Which HSDS object a JSON object is, from the fields only that object has."""
    keys = set(data)
    if "service" in keys or ("service_id" in keys and "location_id" in keys and "name" not in keys):
        return "service_at_location"
    if "status" in keys or "service_at_locations" in keys:
        return "service"
    if "location_type" in keys or "addresses" in keys:
        return "location"
    organization_keys = {
        "services",
        "locations",
        "programs",
        "tax_status",
        "legal_status",
        "year_incorporated",
        "website",
        "organization_identifiers",
    }
    if keys & organization_keys:
        return "organization"
    if keys & {"link_entity", "link_id", "taxonomy_term_id"}:
        return "attribute"
    if keys & {"parent_id", "term_uri", "taxonomy_detail", "code"}:
        return "taxonomy_term"
    if "version" in keys and "name" in keys:
        return "taxonomy"
    return None


def flat_values(kind: str, row: dict[str, Any]) -> dict[str, Any]:
    """HSDS field names to this directory's columns, for one flat row."""
    values = {k: v for k, v in row.items() if not isinstance(v, (dict, list))}
    if kind == "funding" and "source" in values:
        values["funding_source"] = values.pop("source")
    if kind == "service" and "assured_date" in values:
        values["last_verified"] = values.pop("assured_date")
    values.pop("source_id", None)
    return values


def stage_flat(staged: Staged, kind: str, row: dict[str, Any], position: str, **extra: Any) -> str:
    """Stage one flat HSDS row (a CSV line or a JSON object without its nested parts)."""
    values = {**flat_values(kind, row), **extra}
    source_id = str(values.get("id") or position)
    record_id = staged.add(kind, values, source_id=source_id, position=position, merge=True)
    if kind == "service":
        eligibility = {
            "description": values.get("eligibility_description"),
            "minimum_age": values.get("minimum_age"),
            "maximum_age": values.get("maximum_age"),
            "service_id": record_id,
        }
        if any(v not in (None, "") for k, v in eligibility.items() if k != "service_id"):
            staged.add(
                "eligibility",
                eligibility,
                source_id=f"{source_id}/eligibility",
                position=position,
                merge=True,
            )
    return record_id


def stage_object(staged: Staged, kind: str, data: Any, position: str, **links: Any) -> str | None:
    """Stage a nested HSDS object and everything inside it; return its id."""
    if kind in IGNORED:
        return None
    if not isinstance(data, dict):
        staged.reject(kind, position, f"expected an object, found {type(data).__name__}")
        return None
    values = dict(links)
    for key, (parent_kind, column) in PARENTS.get(kind, {}).items():
        parent = data.get(key)
        if isinstance(parent, dict):
            parent_id = stage_object(staged, parent_kind, parent, f"{position}.{key}")
            values[column] = parent_id
    record_id = stage_flat(staged, kind, {**data, **values}, position)
    for key, (child_kind, column) in CHILDREN.get(kind, {}).items():
        for index, child in enumerate(data.get(key) or []):
            stage_object(
                staged, child_kind, child, f"{position}.{key}[{index}]", **{column: record_id}
            )
    if kind in TAGGABLE:
        for index, attribute in enumerate(data.get("attributes") or []):
            if isinstance(attribute, dict):
                attribute = {"link_entity": kind, **attribute}
            stage_object(
                staged, "attribute", attribute, f"{position}.attributes[{index}]", link_id=record_id
            )
    return record_id
