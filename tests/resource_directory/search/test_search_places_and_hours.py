"""Distances and opening hours, checked on their own."""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

import pytest

from resource_directory.search.document import WeeklyOpening
from resource_directory.search.geo import bounding_box, box_cells, haversine_km, point_cells
from resource_directory.search.opening_hours import is_open, minute_of_week, week_minutes

ZONE = "America/Los_Angeles"


def test_haversine_matches_a_known_distance():
    # Redwood City to San Mateo city centres: about 12 km as the crow flies.
    assert haversine_km(37.4852, -122.2364, 37.5735, -122.3194) == pytest.approx(12.2, abs=0.5)


def test_bounding_box_encloses_the_circle():
    min_lat, max_lat, min_lon, max_lon = bounding_box(37.5, -122.3, 10)
    assert haversine_km(37.5, -122.3, max_lat, -122.3) == pytest.approx(10, rel=1e-6)
    assert haversine_km(37.5, -122.3, 37.5, max_lon) >= 10
    assert min_lat < 37.5 < max_lat and min_lon < -122.3 < max_lon


@pytest.mark.parametrize("radius_km", [0.5, 5, 25, 150, 900])
def test_map_cells_of_a_radius_hold_every_point_inside_it(radius_km):
    rng = random.Random(radius_km)
    for _ in range(300):
        lat, lon = rng.uniform(-60, 70), rng.uniform(-179, 179)
        cells = box_cells(*bounding_box(lat, lon, radius_km))
        if cells is None:
            continue  # no prefilter: distance alone decides
        bearing, distance = rng.uniform(0, 2 * math.pi), rng.uniform(0, radius_km)
        # A point ``distance`` km away on ``bearing`` (flat approximation, then checked exactly).
        dlat = math.degrees(distance * math.cos(bearing) / 6371.0088)
        dlon = math.degrees(distance * math.sin(bearing) / 6371.0088 / math.cos(math.radians(lat)))
        point = (lat + dlat, lon + dlon)
        if haversine_km(lat, lon, *point) <= radius_km:
            assert set(cells) & set(point_cells(*point)), (lat, lon, radius_km, point)


def test_a_radius_wider_than_the_coarsest_cells_allow_is_left_to_distance_alone():
    assert box_cells(*bounding_box(37.5, -122.3, 5000)) is None


def test_a_box_across_the_date_line_is_left_to_distance_alone():
    assert box_cells(*bounding_box(-17.7, 179.9, 30)) is None  # Fiji


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


def test_the_weeks_open_minutes_agree_with_is_open_at_every_moment():
    """PostgreSQL filters open-now services by these ranges; they must say what is_open says,
    overnight rows, "24:00" and Sunday into Monday included."""
    rng = random.Random(7)
    times = ["00:00", "06:00", "08:30", "12:00", "17:00", "19:00", "22:00", "23:59", "24:00"]
    monday = datetime(2024, 5, 13)
    for _ in range(2000):
        openings = [WeeklyOpening(rng.randrange(7), rng.choice(times), rng.choice(times))
                    for _ in range(rng.randint(0, 3))]
        moment = monday + timedelta(minutes=rng.randrange(7 * 24 * 60))
        minute = minute_of_week(moment, ZONE)
        inside = any(start <= minute < end for start, end in week_minutes(openings))
        assert inside is is_open(openings, moment, ZONE), (openings, moment)
