"""Search documents derived from the directory tables."""

from __future__ import annotations

from resource_directory.documents import service_document, service_documents
from resource_directory.importers import import_path
from resource_directory.search.document import WeeklyOpening
from resource_directory.taxonomy import load_taxonomy, tag_services


def test_the_official_example_fills_every_field(session, hsds_dir):
    import_path(session, hsds_dir / "examples" / "service_full.json")

    [document] = service_documents(session)

    assert document.id == f"{document.service_id}@{document.location_id}"
    assert document.name == "Community Counselling"
    assert document.minimum_age == 12 and document.maximum_age == 100
    assert document.categories and document.languages
    # The example's schedule: Thursdays and Fridays, 10 to 6.
    assert WeeklyOpening(3, "10:00", "18:00") in document.openings
    assert document.last_verified == "2005-01-01"


def test_san_mateo_documents(session, cip_path):
    load_taxonomy(session)
    import_path(session, cip_path)
    tag_services(session)

    documents = list(service_documents(session))
    by_source_id = {d.source_id: d for d in documents}
    first = by_source_id["0"]

    assert len(documents) == 1689
    assert first.city == "Redwood City" and first.postal_code == "94063"
    # No coordinates in the file: the ZIP centroid stands in.
    assert first.latitude is not None
    assert {o.weekday for o in first.openings} == {0, 1, 2, 3, 4}
    assert first.hours_text == "Monday-Friday, 8-5"
    assert first.free
    assert sum(1 for d in documents if "spanish" in d.languages) > 700
    assert sum(1 for d in documents if d.category_ancestors) > 300
    # "First Saturday morning of the month": a monthly rule, so no weekly opening, but a
    # search for Saturdays should know it opens on one.
    [pantry] = [d for d in documents if d.name.startswith("Grace Covenant Church Abundant")]
    assert pantry.open_weekdays == [5] and not pantry.openings


def test_one_service_is_rebuilt_alone_exactly_as_in_a_full_build(session, cip_path, hsds_dir):
    import_path(session, cip_path)
    import_path(session, hsds_dir / "examples" / "csv")  # links, location hours and phones
    everything: dict[str, list] = {}
    for document in service_documents(session):
        everything.setdefault(document.service_id, []).append(document)
    example = "ac148810-d857-441c-9679-408f346de14b"
    assert everything[example][0].location_id is not None

    for service_id in [example, *sorted(everything)[::25]]:
        assert service_document(session, service_id) == everything[service_id], service_id
    assert service_document(session, "no-such-service") == []
