"""`GET /api/v1/directory/search`, `/services/{id}` and `/export`: each parameter, each error."""

import pytest

from carebridge.directory.queries import PARAMETERS
from tests.directory.conftest import ids


def test_words_find_the_service_that_provides_them(search):
    answer = search(q="help paying the electric bill")
    assert ids(answer)[0] == "utility"
    first = answer["results"][0]
    assert first["name"] == "Utility Bill Assistance"
    assert first["organization"] == "Samaritan House"
    assert first["source"] == "test" and first["source_id"] == "utility"
    assert first["score"] > 0
    assert first["distance_km"] is None
    assert first["phones"] == ["650 555-0103"]
    assert "electric" in first["explanation"]


def test_no_words_lists_everything(search):
    answer = search()
    assert answer["total"] == 5
    assert sorted(ids(answer)) == ["counseling", "foodbank", "pantry", "tutoring", "utility"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"category": "Food Pantry"}, {"pantry", "foodbank"}),
        ({"category": "Food"}, {"pantry", "foodbank"}),  # a broader term matches its narrower
        ({"category": "term-counseling"}, {"counseling"}),  # or its id
        ({"language": "Spanish"}, {"pantry", "counseling"}),
        ({"language": "chinese"}, {"counseling"}),
        ({"city": "Half Moon Bay"}, {"foodbank"}),
        ({"age": "8"}, {"pantry", "utility", "tutoring", "foodbank"}),
        ({"age": "70"}, {"pantry", "counseling", "utility", "foodbank"}),
        ({"free": "true"}, {"pantry", "tutoring", "foodbank"}),
        ({"open_now": "true"}, {"counseling"}),  # open around the clock; others have no hours
        ({"zip": "94063", "radius_km": "5"}, {"pantry", "tutoring"}),
        ({"lat": "37.48", "lon": "-122.22", "radius_km": "3"}, {"pantry", "tutoring"}),
        ({"q": "food", "free": "1", "city": "Redwood City"}, {"pantry"}),
    ],
)
def test_each_filter_narrows_the_results(search, params, expected):
    assert set(ids(search(**params))) == expected


def test_distance_sort_puts_the_nearest_first_and_reports_distances(search):
    answer = search(zip="94019", sort="distance")
    assert ids(answer)[0] == "foodbank"
    distances = [r["distance_km"] for r in answer["results"]]
    assert distances == sorted(distances)
    assert distances[0] < 2


def test_facets_count_every_match_not_just_the_page(search):
    answer = search(per_page=1)
    assert len(answer["results"]) == 1
    assert answer["facets"]["category"] == {"Food Pantry": 2, "Counseling": 1}
    assert answer["facets"]["language"]["english"] == 4
    assert answer["facets"]["language"]["spanish"] == 2


def test_pages_cover_every_result_once(search):
    first, second, third = (search(per_page=2, page=n) for n in (1, 2, 3))
    assert first["total"] == 5 and first["pages"] == 3
    seen = ids(first) + ids(second) + ids(third)
    assert sorted(seen) == sorted(set(seen)) and len(seen) == 5
    assert search(per_page=2, page=9)["results"] == []


def test_cards_say_when_a_record_may_be_out_of_date(search):
    results = {r["service_id"]: r for r in search()["results"]}
    assert results["pantry"]["out_of_date"] is False
    assert results["utility"]["out_of_date"] is True  # verified over two years ago
    assert results["counseling"]["last_verified"] is None
    assert results["counseling"]["open_now"] is True
    assert results["tutoring"]["open_now"] is None  # no weekly hours: unknown
    assert results["counseling"]["eligibility"] == "Age 55 or over"


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"radius_km": "ten", "zip": "94063"}, "radius_km"),
        ({"radius_km": "-1", "zip": "94063"}, "radius_km"),
        ({"radius_km": "5"}, "radius_km"),  # from where?
        ({"zip": "99999"}, "zip"),
        ({"zip": "abc"}, "zip"),
        ({"lat": "37.5"}, "lon"),
        ({"lat": "95", "lon": "0"}, "lat"),
        ({"age": "old"}, "age"),
        ({"age": "200"}, "age"),
        ({"open_now": "maybe"}, "open_now"),
        ({"free": "2"}, "free"),
        ({"sort": "price"}, "sort"),
        ({"sort": "distance"}, "sort"),
        ({"page": "0"}, "page"),
        ({"page": "1.5"}, "page"),
        ({"per_page": "1000"}, "per_page"),
        ({"q": "x" * 201}, "q"),
        ({"radius_km": "nan", "zip": "94063"}, "radius_km"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(search, params, parameter):
    answer = search(expect=400, **params)
    assert parameter in [problem["pointer"] for problem in answer["errors"]]
    assert answer["message"].startswith("Check the search")


def test_every_problem_is_reported_at_once(search):
    answer = search(expect=400, age="x", page="y")
    assert {p["pointer"] for p in answer["errors"]} == {"age", "page"}


def test_the_api_needs_a_token_and_the_directory_permission(client, world, directory):
    assert client.get("/api/v1/directory/search").status_code == 401
    for role in ("admin", "care_manager", "intake", "directory_editor"):
        response = client.get("/api/v1/directory/search", headers=world.headers("beta", role))
        assert response.status_code == 200, role


def test_a_service_as_hsds(client, world, directory):
    response = client.get("/api/v1/directory/services/counseling",
                          headers=world.headers("beta", "intake"))
    assert response.status_code == 200
    service = response.json
    assert service["id"] == "counseling"
    assert service["name"] == "Senior Counseling"
    assert service["organization"]["name"] == "Peninsula Family Service"
    assert service["minimum_age"] == 55
    assert [p["number"] for p in service["phones"]] == ["650 555-0102"]


def test_an_unknown_service_is_a_json_404(client, world, directory):
    response = client.get("/api/v1/directory/services/nope",
                          headers=world.headers("alpha", "admin"))
    assert response.status_code == 404
    assert response.json["message"]


def test_the_export_is_every_organization_as_hsds(client, world, directory):
    response = client.get("/api/v1/directory/export", headers=world.headers("alpha", "admin"))
    assert response.status_code == 200
    organizations = response.json
    assert len(organizations) == 5
    names = {s["name"] for o in organizations for s in o["services"]}
    assert "Youth Tutoring" in names


def test_the_directory_api_is_in_the_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").json
    search = spec["paths"]["/api/v1/directory/search"]["get"]
    names = [p["name"] for p in search["parameters"]]
    assert names == ["q", "category", "serves", "language", "city", "zip", "radius_km", "lat",
                     "lon", "open_now", "age", "free", "sort", "page", "per_page"]
    assert names == list(PARAMETERS)  # the parser reads exactly what the document lists
    assert "/api/v1/directory/services/{service_id}" in spec["paths"]
    assert "/api/v1/directory/export" in spec["paths"]
