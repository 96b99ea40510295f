"""The HSDS 3.0 export validates against the official compiled schemas."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from resource_directory.exporter import export_organizations, export_services
from resource_directory.importers import import_path

EXAMPLES = [
    "organization_full.json",
    "organization_list.json",
    "service_full.json",
    "service_list.json",
    "service_at_location_full.json",
    "service_at_location_list.json",
    "location.json",
    "taxonomy_term.json",
    "tabular.json",
]


def schema_errors(hsds_dir, schema_name, objects):
    schema = json.loads((hsds_dir / "schema" / "compiled" / schema_name).read_text())
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    return [
        f"{index}: {error.json_path}: {error.message}"
        for index, item in enumerate(objects)
        for error in validator.iter_errors(item)
    ]


@pytest.mark.parametrize("example", EXAMPLES)
def test_official_examples_round_trip_to_valid_hsds(session, hsds_dir, example):
    report = import_path(session, hsds_dir / "examples" / example)
    assert report.total_imported > 0

    organizations = export_organizations(session)
    services = export_services(session)

    assert schema_errors(hsds_dir, "organization.json", organizations) == []
    assert schema_errors(hsds_dir, "service.json", services) == []


def test_the_service_example_keeps_its_details(session, hsds_dir):
    import_path(session, hsds_dir / "examples" / "service_full.json")
    original = json.loads((hsds_dir / "examples" / "service_full.json").read_text())

    [service] = export_services(session)

    assert service["id"] == original["id"]
    assert service["minimum_age"] == original["minimum_age"]
    assert service["assured_date"] == original["assured_date"]
    assert [p["number"] for p in service["phones"]] == [p["number"] for p in original["phones"]]
    assert (
        service["service_at_locations"][0]["location"]["id"]
        == (original["service_at_locations"][0]["location"]["id"])
    )


def test_the_san_mateo_import_exports_valid_hsds(session, hsds_dir, cip_path):
    import_path(session, cip_path)

    organizations = export_organizations(session)

    assert sum(len(o.get("services", [])) for o in organizations) == 1689
    assert schema_errors(hsds_dir, "organization.json", organizations) == []
