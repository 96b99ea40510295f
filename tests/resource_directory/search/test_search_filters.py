"""Each filter narrows the results on its own, and they combine."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from resource_directory.search.backend import SearchQuery
from resource_directory.search.whoosh_backend import UnknownLocation

PACIFIC = ZoneInfo("America/Los_Angeles")
WEDNESDAY_4PM = datetime(2024, 5, 15, 16, 0, tzinfo=PACIFIC)
SATURDAY_NOON = datetime(2024, 5, 18, 12, 0, tzinfo=PACIFIC)


def ids(backend, **query) -> set[str]:
    return {hit.id for hit in backend.search(SearchQuery(per_page=100, **query)).hits}


def test_no_text_and_no_filters_lists_every_service(backend, documents):
    assert ids(backend) == {document.id for document in documents}


def test_category_matches_the_term_itself(backend):
    assert ids(backend, category="Food Pantry") == {"pantry"}


def test_category_matches_descendants_through_their_ancestors(backend):
    assert ids(backend, category="Food") == {"pantry", "meals"}
    assert ids(backend, category="housing") == {"utility", "shelter"}


def test_category_matches_by_taxonomy_id(backend):
    assert ids(backend, category="oe-utilities") == {"utility"}


def test_language(backend):
    assert ids(backend, language="Tagalog") == {"pantry"}
    assert ids(backend, language="spanish") == {"utility", "pantry", "counseling", "teen-clinic"}


def test_city_ignores_case(backend):
    assert ids(backend, city="redwood city") == {"utility", "counseling", "shelter"}


def test_client_age_must_fall_within_the_services_ages(backend):
    seventy = ids(backend, age=70)
    assert "meals" in seventy and "teen-clinic" not in seventy
    sixteen = ids(backend, age=16)
    assert "teen-clinic" in sixteen and "meals" not in sixteen and "shelter" not in sixteen
    assert "bike" in sixteen  # no ages given: serves everyone


def test_free_only(backend):
    assert ids(backend, free=True) == {"utility", "pantry", "meals", "teen-clinic"}


def test_service_area_must_cover_the_clients_zip(backend):
    assert "teen-clinic" not in ids(backend, zip="94063")
    assert "teen-clinic" in ids(backend, zip="94019")
    assert "bike" in ids(backend, zip="94063")  # no declared area: serves everyone


def test_radius_around_the_clients_zip(backend):
    assert ids(backend, zip="94063", radius_km=3) == {"utility", "counseling", "shelter"}
    assert ids(backend, zip="94063", radius_km=15) == {
        "utility", "counseling", "shelter", "bike", "meals"
    }


def test_radius_around_an_explicit_point(backend):
    assert ids(backend, lat=37.6547, lon=-122.4077, radius_km=1) == {"pantry"}


def test_radius_around_an_unknown_zip_is_an_error_a_user_can_read(backend):
    with pytest.raises(UnknownLocation, match="99999"):
        backend.search(SearchQuery(zip="99999", radius_km=5))


def test_open_now_reads_weekly_openings_in_local_time(backend):
    assert ids(backend, open_now=True, at=WEDNESDAY_4PM) == {"utility", "counseling", "teen-clinic"}
    assert ids(backend, open_now=True, at=SATURDAY_NOON) == {"pantry"}


def test_open_now_converts_other_time_zones(backend):
    # 23:00 UTC on a Wednesday is 16:00 in California.
    at = datetime(2024, 5, 15, 23, 0, tzinfo=ZoneInfo("UTC"))
    assert ids(backend, open_now=True, at=at) == {"utility", "counseling", "teen-clinic"}


def test_open_now_follows_openings_past_midnight(backend):
    thursday_3am = datetime(2024, 5, 16, 3, 0, tzinfo=PACIFIC)
    assert ids(backend, open_now=True, at=thursday_3am) == {"shelter"}


def test_filters_combine(backend):
    assert ids(
        backend, language="spanish", free=True, zip="94063", radius_km=20, age=30
    ) == {"utility"}
    assert ids(backend, text="counseling", city="Redwood City", open_now=True,
               at=WEDNESDAY_4PM) == {"counseling"}
    assert ids(backend, text="counseling", city="San Mateo") == set()


def test_text_and_category_combine(backend):
    assert ids(backend, text="free", category="Food") == {"pantry"}


@pytest.mark.parametrize("written", ["spanish", "Spanish", "español", "es", "spa", "Castellano"])
def test_the_language_filter_accepts_any_way_of_writing_the_language(backend, written):
    expected = {hit.id for hit in backend.search(SearchQuery(language="spanish")).hits}
    assert {hit.id for hit in backend.search(SearchQuery(language=written)).hits} == expected
    assert expected


@pytest.mark.parametrize("written", ["Redwood City", "redwood city, ca", "Redwod City", "94063"])
def test_the_city_filter_accepts_any_way_of_writing_the_city(backend, written):
    hits = {hit.id for hit in backend.search(SearchQuery(city=written)).hits}
    assert hits == {"utility", "counseling", "shelter"}
