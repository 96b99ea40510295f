"""Importing HSDS 3.0 JSON and the HSDS tabular data package; rejections and rollbacks."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from resource_directory.importers import ImportFailed, detect_format, import_path
from resource_directory.models import Language, Organization, Service, TaxonomyTerm


def count(session, model):
    return session.scalar(select(func.count()).select_from(model))


def test_formats_are_recognised(hsds_dir):
    assert detect_format(hsds_dir / "examples" / "organization_full.json") == "hsds-json"
    assert detect_format(hsds_dir / "examples" / "csv") == "hsds-csv"
    assert detect_format(hsds_dir / "examples" / "csv" / "datapackage.json") == "hsds-csv"


def test_the_tabular_package_imports_every_table(session, hsds_dir):
    report = import_path(session, hsds_dir / "examples" / "csv")

    assert report.imported["service"] == 1
    assert report.imported["taxonomy_term"] == 1
    assert report.total_rejected == 0
    # The example's location names an organization that is not in the package.
    assert any("no such organization" in w.reason for w in report.warnings)
    assert session.get(Service, "ac148810-d857-441c-9679-408f346de14b").source == "csv"


def test_hsds_ids_are_kept_and_reimport_is_idempotent(session, hsds_dir):
    path = hsds_dir / "examples" / "organization_full.json"
    first = import_path(session, path)

    second = import_path(session, path)

    assert session.get(Organization, "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610") is not None
    assert second.total_imported == 0 and second.total_updated == 0
    assert second.total_unchanged == first.total_imported


def test_a_changed_record_is_updated(session, hsds_dir, tmp_path):
    data = json.loads((hsds_dir / "examples" / "service_full.json").read_text())
    path = tmp_path / "services.json"
    path.write_text(json.dumps(data))
    import_path(session, path)

    data["name"] = "Community Counselling (evenings)"
    path.write_text(json.dumps(data))
    report = import_path(session, path)

    assert report.updated["service"] == 1
    assert session.get(Service, data["id"]).name == "Community Counselling (evenings)"


def test_bad_records_are_rejected_with_their_position(session, tmp_path):
    path = tmp_path / "organizations.json"
    path.write_text(
        json.dumps(
            [
                {
                    "id": "0b6c2c55-0000-4000-8000-000000000001",
                    "name": "Food Bank",
                    "description": "Groceries",
                    "services": [{"name": "Pantry", "status": "active", "minimum_age": "adult"}],
                },
                {
                    "id": "0b6c2c55-0000-4000-8000-000000000002",
                    "description": "no name",
                    "website": "http://example.org",
                },
            ]
        )
    )

    report = import_path(session, path)

    assert report.imported["organization"] == 1
    assert [(r.position, r.reason) for r in report.rejections] == [
        ("record 1", "missing name"),
        ("record 0.services[0]", "minimum_age 'adult' is not a valid float"),
    ]


def test_malformed_json_names_the_line_and_stores_nothing(session, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[\n {"id": "a", "name": "x",\n "description": }\n]')

    with pytest.raises(ImportFailed, match=r"broken.json, line 3: not valid JSON"):
        import_path(session, path)

    assert count(session, Organization) == 0


def test_a_missing_required_column_fails_the_whole_package(session, hsds_dir, tmp_path):
    package = tmp_path / "package"
    package.mkdir()
    for source in (hsds_dir / "examples" / "csv").iterdir():
        (package / source.name).write_bytes(source.read_bytes())
    header = (package / "services.csv").read_text().splitlines()[0]
    (package / "services.csv").write_text(header.replace(",name,", ",", 1) + "\n")

    with pytest.raises(ImportFailed, match=r"services.csv, line 1: missing required column name"):
        import_path(session, package)

    assert count(session, Organization) == 0
    assert count(session, TaxonomyTerm) == 0


def test_a_database_failure_rolls_everything_back(session, hsds_dir, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from resource_directory.importers import writer

    write_table = writer._write_table

    def fail_on_services(session, table, *args):
        if table.name == "dir_service":
            raise OperationalError("INSERT INTO dir_service", {}, Exception("disk full"))
        write_table(session, table, *args)

    monkeypatch.setattr(writer, "_write_table", fail_on_services)

    with pytest.raises(ImportFailed, match="the database refused the data: disk full"):
        import_path(session, hsds_dir / "examples" / "organization_full.json")

    # The organization was written before the failure, and is gone with it.
    assert count(session, Organization) == 0


def test_the_import_summary_says_what_each_kind_of_record_is(session, shared_data):
    report = import_path(session, shared_data("data", "ohana-san-mateo", "sample-csv"))

    lines = report.by_kind()
    assert lines[0] == "organizations: 8 imported — the agencies that run services"
    assert lines[1] == "services: 23 imported — what people are referred to"
    assert any(line.startswith("schedules: 11 imported — opening hours") for line in lines)
    assert lines[-1].startswith("taxonomy tags: ")


def test_control_characters_in_a_file_are_dropped_and_the_record_kept(session, hsds_dir,
                                                                      tmp_path):
    # A NUL cannot be stored in PostgreSQL's text and broke the language look-up; invisible
    # control characters are no part of any name, so they go and the record stays.
    data = json.loads((hsds_dir / "examples" / "service_full.json").read_text())
    data["name"] = "Community\x00 Counselling\x07"
    data["languages"][0]["name"] = "Ur\x00du"
    path = tmp_path / "services.json"
    path.write_text(json.dumps(data))

    report = import_path(session, path)

    assert report.imported["service"] == 1
    service = session.get(Service, data["id"])
    assert service.name == "Community Counselling"
    language = session.scalar(select(Language).where(Language.service_id == data["id"]))
    assert (language.name, language.code) == ("Urdu", "ur")


@pytest.mark.parametrize(("link", "kept"), [
    ("javascript:alert(document.cookie)", False),
    (" JavaScript:alert(1)", False),
    ("java\tscript:alert(1)", False),  # a browser drops the tab and runs it
    ("data:text/html,<script>alert(1)</script>", False),
    ("vbscript:msgbox(1)", False),
    ("https://example.org/help", True),
    ("HTTP://example.org", True),
    ("www.example.org", True),  # no scheme: kept, shown as text
    ("example.org:8080/intake", True),  # a host and its port, not a scheme
])
def test_a_link_that_is_not_http_is_dropped_with_a_warning_and_the_record_kept(
        session, hsds_dir, tmp_path, link, kept):
    # The pages show only http(s) links, but the directory API handed the rest on as they came.
    data = json.loads((hsds_dir / "examples" / "service_full.json").read_text())
    data["url"] = link
    path = tmp_path / "services.json"
    path.write_text(json.dumps(data))

    report = import_path(session, path)

    service = session.get(Service, data["id"])
    assert service is not None
    assert (service.url is not None) == kept
    dropped = [w.reason for w in report.warnings if w.reason.startswith("dropped url")]
    assert bool(dropped) != kept
