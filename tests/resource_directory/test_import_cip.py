"""Importing the flat San Mateo 2013 records (cip_2013.json)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from resource_directory.importers import detect_format, import_path
from resource_directory.models import (
    CostOption,
    Eligibility,
    Language,
    Organization,
    Schedule,
    Service,
)


def test_the_format_is_recognised(cip_path):
    assert detect_format(cip_path) == "cip-json"


def test_every_record_becomes_a_service(session, cip_path):
    report = import_path(session, cip_path)

    assert report.imported["service"] == 1689
    assert report.total_rejected == 0
    assert session.scalar(select(func.count()).select_from(Service)) == 1689
    # Records of the same agency share one organization.
    assert session.scalar(select(func.count()).select_from(Organization)) < 1689


def test_records_keep_their_source_and_position(session, cip_path):
    import_path(session, cip_path)
    records = json.loads(cip_path.read_text())

    service = session.scalars(select(Service).where(Service.source_id == "17")).one()

    assert service.source == "cip_2013"
    assert service.name == records[17][0]["name"].rstrip(".")


def test_reimporting_the_same_file_changes_nothing(session, cip_path):
    first = import_path(session, cip_path)
    ids = set(session.scalars(select(Service.id)))

    second = import_path(session, cip_path)

    assert second.total_imported == 0
    assert second.total_updated == 0
    assert second.total_unchanged == first.total_imported
    assert set(session.scalars(select(Service.id))) == ids


def test_details_are_read_from_the_text(session, cip_path):
    import_path(session, cip_path)

    spanish = session.scalar(select(func.count()).where(Language.name == "Spanish"))
    weekly = session.scalar(select(func.count()).where(Schedule.freq == "WEEKLY"))
    free = session.scalar(select(func.count()).select_from(CostOption))
    with_ages = session.scalar(select(func.count()).where(Eligibility.minimum_age.is_not(None)))

    assert spanish > 700
    assert weekly > 700
    assert free > 500
    assert with_ages > 50
    # The hours text stays on every schedule row, parsed or not.
    assert session.scalar(select(func.count()).where(Schedule.description.is_(None))) == 0


@pytest.mark.parametrize(
    ("written", "shown"),
    [("Community Health., AIDS Program Prevention.", "Community Health, AIDS Program Prevention"),
     ("Operations Division.", "Operations Division"),
     ("St. Anthony's Padua Dining Room.", "St. Anthony's Padua Dining Room")],
)
def test_names_lose_the_full_stops_of_the_2013_file(written, shown):
    from resource_directory.importers.cip_json import _name

    assert _name(written) == shown


@pytest.mark.parametrize(
    ("fees", "note"),
    [("None", ""), ("None.", ""), ("Free", ""), ("No fee.", ""),
     ("None. Donations welcome.", "None. Donations welcome."), ("$25 per visit", "$25 per visit")],
)
def test_a_fee_note_that_only_says_free_is_not_repeated_beside_the_badge(fees, note):
    from resource_directory.fees import fee_note

    assert fee_note(fees) == note
