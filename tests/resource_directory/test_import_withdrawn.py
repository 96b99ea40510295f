"""A source's file is its whole truth: services it no longer lists are withdrawn, not deleted."""

from __future__ import annotations

import json

from resource_directory.documents import service_document, service_documents
from resource_directory.importers import import_path
from resource_directory.models import Service

ORG = "0b6c2c55-0000-4000-8000-0000000000a0"
PANTRY = "0b6c2c55-0000-4000-8000-0000000000a1"
SHELTER = "0b6c2c55-0000-4000-8000-0000000000a2"
CLINIC = "0b6c2c55-0000-4000-8000-0000000000a3"


def directory_file(path, *services, status="active"):
    """An HSDS JSON file: one organization with the named services."""
    names = {PANTRY: "Food pantry", SHELTER: "Night shelter", CLINIC: "Free clinic"}
    path.write_text(json.dumps([{
        "id": ORG, "name": "Eastside Cares", "description": "Help in Eastside",
        "services": [{"id": s, "name": names[s], "status": status} for s in services],
    }]))
    return path


def searchable(session) -> set[str]:
    return {d.service_id for d in service_documents(session)}


def test_a_service_missing_from_the_new_file_is_marked_inactive_and_kept(session, tmp_path):
    path = directory_file(tmp_path / "eastside.json", PANTRY, SHELTER)
    import_path(session, path)
    directory_file(path, PANTRY)

    report = import_path(session, path)

    assert report.withdrawn["service"] == 1
    assert report.summary().endswith("1 no longer in the file (marked inactive)")
    assert session.get(Service, SHELTER).status == "inactive"  # kept: referrals may name it
    assert searchable(session) == {PANTRY}
    assert service_document(session, SHELTER) == []
    assert import_path(session, path).withdrawn["service"] == 0  # already withdrawn


def test_a_withdrawn_service_that_comes_back_is_active_again(session, tmp_path):
    path = directory_file(tmp_path / "eastside.json", PANTRY, SHELTER)
    import_path(session, path)
    import_path(session, directory_file(path, PANTRY))

    report = import_path(session, directory_file(path, PANTRY, SHELTER))

    assert report.updated["service"] == 1
    assert session.get(Service, SHELTER).status == "active"
    assert searchable(session) == {PANTRY, SHELTER}


def test_a_partial_file_can_leave_the_other_services_alone(session, tmp_path):
    path = directory_file(tmp_path / "eastside.json", PANTRY, SHELTER)
    import_path(session, path)

    report = import_path(session, directory_file(path, PANTRY), withdraw_missing=False)

    assert report.total_withdrawn == 0
    assert session.get(Service, SHELTER).status == "active"


def test_another_sources_services_are_never_withdrawn(session, tmp_path):
    import_path(session, directory_file(tmp_path / "eastside.json", PANTRY, SHELTER))

    import_path(session, directory_file(tmp_path / "westside.json", CLINIC))

    assert searchable(session) == {PANTRY, SHELTER, CLINIC}


def test_a_service_rejected_this_time_keeps_its_last_good_version(session, tmp_path):
    path = directory_file(tmp_path / "eastside.json", PANTRY, SHELTER)
    import_path(session, path)
    data = json.loads(path.read_text())
    data[0]["services"][1]["minimum_age"] = "adult"  # a typo in this month's file
    path.write_text(json.dumps(data))

    report = import_path(session, path)

    assert report.total_rejected == 1 and report.total_withdrawn == 0
    assert session.get(Service, SHELTER).status == "active"


def test_inactive_and_defunct_services_are_not_searchable(session, tmp_path):
    import_path(session, directory_file(tmp_path / "open.json", PANTRY))
    import_path(session, directory_file(tmp_path / "closed.json", SHELTER, status="defunct"))
    import_path(session, directory_file(tmp_path / "paused.json", CLINIC,
                                        status="temporarily closed"))

    assert searchable(session) == {PANTRY, CLINIC}
