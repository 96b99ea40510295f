"""Distances and opening hours, checked on their own."""

from __future__ import annotations

from datetime import datetime

import pytest

from resource_directory.search.document import WeeklyOpening
from resource_directory.search.geo import bounding_box, haversine_km
from resource_directory.search.opening_hours import is_open

ZONE = "America/Los_Angeles"


def test_haversine_matches_a_known_distance():
    # Redwood City to San Mateo city centres: about 12 km as the crow flies.
    assert haversine_km(37.4852, -122.2364, 37.5735, -122.3194) == pytest.approx(12.2, abs=0.5)


def test_bounding_box_encloses_the_circle():
    min_lat, max_lat, min_lon, max_lon = bounding_box(37.5, -122.3, 10)
    assert haversine_km(37.5, -122.3, max_lat, -122.3) == pytest.approx(10, rel=1e-6)
    assert haversine_km(37.5, -122.3, 37.5, max_lon) >= 10
    assert min_lat < 37.5 < max_lat and min_lon < -122.3 < max_lon


@pytest.mark.parametrize(
    ("openings", "moment", "expected"),
    [
        ([WeeklyOpening(0, "09:00", "17:00")], datetime(2024, 5, 13, 9, 0), True),
        ([WeeklyOpening(0, "09:00", "17:00")], datetime(2024, 5, 13, 17, 0), False),
        ([WeeklyOpening(0, "09:00", "17:00")], datetime(2024, 5, 14, 10, 0), False),
        ([WeeklyOpening(6, "22:00", "06:00")], datetime(2024, 5, 13, 5, 59), True),
        ([WeeklyOpening(6, "22:00", "06:00")], datetime(2024, 5, 19, 23, 0), True),
        ([WeeklyOpening(2, "00:00", "24:00")], datetime(2024, 5, 15, 23, 59), True),
        ([], datetime(2024, 5, 15, 12, 0), False),
    ],
)
def test_is_open(openings, moment, expected):
    assert is_open(openings, moment, ZONE) is expected
