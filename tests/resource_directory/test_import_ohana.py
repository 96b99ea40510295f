"""Importing the Ohana API CSV files."""

from __future__ import annotations

from sqlalchemy import func, select

from resource_directory.importers import detect_format, import_path
from resource_directory.models import HolidaySchedule, Schedule, Service, ServiceAtLocation


def test_the_ohana_sample_imports(session, data_dir):
    folder = data_dir / "ohana-san-mateo" / "sample-csv"
    assert detect_format(folder) == "ohana-csv"

    report = import_path(session, folder)

    assert report.imported["organization"] == 8
    assert report.imported["service"] == 23
    assert report.total_rejected == 0
    assert session.scalar(select(func.count()).select_from(ServiceAtLocation)) == 23
    assert session.scalar(select(func.count()).where(Schedule.byday == "MO")) > 0
    assert session.scalar(select(func.count()).select_from(HolidaySchedule)) == 4


def test_reimporting_the_sample_changes_nothing(session, data_dir):
    folder = data_dir / "ohana-san-mateo" / "sample-csv"
    first = import_path(session, folder)
    ids = set(session.scalars(select(Service.id)))

    second = import_path(session, folder)

    assert (second.total_imported, second.total_updated) == (0, 0)
    assert second.total_unchanged == first.total_imported
    assert set(session.scalars(select(Service.id))) == ids
