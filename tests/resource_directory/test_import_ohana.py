"""Importing the Ohana API CSV files."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select

from resource_directory.importers import ImportFailed, detect_format, import_path
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


@pytest.mark.parametrize("table", ["addresses.csv", "phones.csv", "regular_schedules.csv",
                                   "contacts.csv", "programs.csv"])
def test_a_table_without_its_id_column_fails_the_package_and_stores_nothing(
        session, data_dir, tmp_path, table):
    # It was a KeyError ('id') out of the importer: a crash, not a message.
    shutil.copytree(data_dir / "ohana-san-mateo" / "sample-csv", tmp_path, dirs_exist_ok=True)
    lines = (tmp_path / table).read_text().splitlines(keepends=True)
    (tmp_path / table).write_text(lines[0].replace("id,", "identifier,", 1) + "".join(lines[1:]))

    with pytest.raises(ImportFailed, match=rf"{table}, line 1: missing required column id"):
        import_path(session, tmp_path)

    assert session.scalar(select(func.count()).select_from(Service)) == 0
