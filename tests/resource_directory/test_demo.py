"""The demo directory ships with the project and loads into an empty database."""

from __future__ import annotations

import gzip
import json

import pytest
from sqlalchemy import func, select

from resource_directory.demo import build_demo_data, demo_path, load_demo
from resource_directory.documents import service_documents
from resource_directory.models import Attribute, Service

pytestmark = pytest.mark.slow  # the whole demo directory, 1,689 services


def test_the_demo_loads_into_an_empty_directory(session):
    report = load_demo(session)

    assert report.imported["service"] == 1689
    assert report.total_rejected == 0
    assert session.scalar(select(func.count()).select_from(Attribute)) > 500
    assert len(list(service_documents(session))) == 1689
    # A second call leaves a directory that already has services alone.
    assert load_demo(session) is None


def test_the_shipped_file_is_what_the_converter_makes(cip_path, tmp_path):
    rebuilt = tmp_path / "demo.hsds.json.gz"

    build_demo_data(cip_path, rebuilt)

    assert json.loads(gzip.decompress(rebuilt.read_bytes())) == json.loads(
        gzip.decompress(demo_path().read_bytes())
    )


def test_the_demo_keeps_what_search_needs(session):
    load_demo(session)

    pantry = session.scalars(select(Service).where(Service.keywords.icontains("food"))).first()

    assert pantry is not None
