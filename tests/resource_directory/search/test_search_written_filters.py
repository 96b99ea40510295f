"""Filters written in words: a place after "in" or "near" and a language after "habla" or
before "speaking" are the hard filters the person meant, not words to rank by."""

from __future__ import annotations

import pytest

from resource_directory.search.backend import SearchQuery
from resource_directory.search.written_filters import read_written_filters

CITIES = ["Redwood City", "San Mateo", "South San Francisco", "East Palo Alto", "Palo Alto"]


@pytest.mark.parametrize(
    ("text", "words", "city"),
    [
        ("food pantry in Daly City", "food pantry in daly city", None),  # not a directory city
        ("shelter in Redwood City", "shelter", "Redwood City"),
        ("shelter near East Palo Alto", "shelter", "East Palo Alto"),  # the longest name
        ("comida en redwod city", "comida", "Redwood City"),  # spelt as the city filter takes
        ("legal help near 94063", "legal help", "Redwood City"),  # a ZIP code names its city
        ("ropa cerca de San Mateo", "ropa", "San Mateo"),
        ("clinics in San Mateo County", "clinics in san mateo county", None),  # the county
        ("in home care", "in home care", None),
    ],
)
def test_a_place_after_in_or_near_is_the_city_filter(text, words, city):
    found = read_written_filters(text, CITIES)
    assert (found.text, found.city) == (words, city)


@pytest.mark.parametrize(
    ("text", "words", "language"),
    [
        ("rehab for alcohol habla español", "rehab for alcohol", "espanol"),
        ("cantonese speaking counselor", "counselor", "cantonese"),
        ("therapist who speaks vietnamese", "therapist who", "vietnamese"),
        ("counseling in chinese", "counseling", "chinese"),
        ("clases de inglés", "clases de ingles", None),  # what is asked for, not a filter
        ("ESL in english", "esl in english", None),  # services do not list English
        ("help in crisis", "help in crisis", None),
    ],
)
def test_a_language_someone_must_speak_is_the_language_filter(text, words, language):
    found = read_written_filters(text, CITIES)
    assert (found.text, found.language) == (words, language)


def ids(backend, **query) -> list[str]:
    return [hit.id for hit in backend.search(SearchQuery(per_page=100, **query)).hits]


def test_a_city_written_in_the_query_filters_the_results(backend):
    # "Redwood City" as words would rank any service in it; as a place it keeps only those.
    assert set(ids(backend, text="counseling in Redwood City")) == {"counseling"}
    assert ids(backend, text="food in South San Francisco") == ["pantry"]
    assert ids(backend, text="food in Redwood City") == []


def test_a_language_written_in_the_query_filters_the_results(backend):
    assert ids(backend, text="hot meals habla español") == []
    assert ids(backend, text="food speaks tagalog") == ["pantry"]
    assert "meals" in ids(backend, text="chinese speaking lunch")


def test_the_filters_a_search_was_given_win_over_written_ones(backend):
    assert ids(backend, text="food in Redwood City", city="South San Francisco") == ["pantry"]


def test_a_written_filter_is_said_like_a_given_one(backend):
    results = backend.search(SearchQuery(text="counseling in redwood city habla español"))
    assert [hit.id for hit in results.hits] == ["counseling"]
    assert {"in Redwood City", "speaks spanish"} <= set(results.hits[0].explanation.filters)
