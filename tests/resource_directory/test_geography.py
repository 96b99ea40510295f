"""ZIP-code centroids come from bundled data; distances are great-circle kilometres."""

from __future__ import annotations

import pytest

from resource_directory.geography import closest_city, distance_km, haversine_km, locate


def test_a_zip_code_has_a_centroid():
    latitude, longitude = locate("94063")

    assert 37.4 < latitude < 37.6
    assert -122.3 < longitude < -122.1


@pytest.mark.parametrize("code", ["", None, "ABCDE", "00000", "9406"])
def test_unknown_zip_codes_have_no_place(code):
    assert locate(code) is None


def test_distance_between_zip_codes():
    # Redwood City to San Mateo is about 14 km as the crow flies.
    assert 12 < distance_km("94063", "94401") < 16
    assert distance_km("94063", "00000") is None


def test_haversine_quarter_of_the_earth():
    assert haversine_km((0, 0), (0, 90)) == pytest.approx(10007.5, rel=1e-3)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Redwood City", "Redwood City"),
        ("redwood city, CA", "Redwood City"),
        ("S. San Francisco", "South San Francisco"),
        ("So San Francisco, California", "South San Francisco"),
        ("94063", "Redwood City"),
        ("Redwod City", "Redwood City"),
        ("EAST PALO ALTO", "East Palo Alto"),
        ("Springfield", None),
    ],
)
def test_a_city_is_found_however_it_is_written(written, expected):
    known = ["Redwood City", "South San Francisco", "San Mateo", "East Palo Alto", "Daly City"]
    assert closest_city(written, known) == expected
