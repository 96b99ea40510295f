"""Ranking: everyday words find directory vocabulary, misspellings are forgiven, and each hit
says why it matched."""

from __future__ import annotations

from resource_directory.search.backend import SearchQuery
from resource_directory.search.document import WeeklyOpening


def ranked(backend, text: str, **query) -> list[str]:
    return [hit.id for hit in backend.search(SearchQuery(text=text, **query)).hits]


def test_everyday_words_find_the_directorys_vocabulary(backend):
    # Neither "paying" nor "electric bill" is how the utility programme describes itself,
    # and the bike workshop mentions "electric" and "pay": the synonym decides.
    assert ranked(backend, "help paying the electric bill")[0] == "utility"


def test_synonyms_match_plural_and_phrases(backend):
    assert ranked(backend, "light bills")[0] == "utility"
    assert ranked(backend, "shrink") == ["counseling"]
    assert ranked(backend, "birth control")[0] == "teen-clinic"


def test_stemming_meets_word_forms(backend):
    assert ranked(backend, "bicycles") == ["bike"]
    assert ranked(backend, "counselling") == ranked(backend, "counseling") == ["counseling"]


def test_misspelled_word_is_corrected_against_the_index_vocabulary(backend):
    results = backend.search(SearchQuery(text="foood pantry"))
    assert [hit.id for hit in results.hits][0] == "pantry"
    assert results.corrections == {"foood": "food"}


def test_correctly_spelled_words_are_left_alone(backend):
    results = backend.search(SearchQuery(text="food"))
    assert results.corrections == {}


def test_every_word_must_match_when_some_service_matches_them_all(backend):
    assert ranked(backend, "family counseling") == ["counseling"]
    assert backend.search(SearchQuery(text="family counseling")).any_word is False


def test_falls_back_to_any_word_when_no_service_matches_them_all(backend):
    results = backend.search(SearchQuery(text="bicycle counseling"))
    assert {hit.id for hit in results.hits} == {"bike", "counseling"}
    assert results.any_word is True
    assert "no service matched all" in str(results.hits[0].explanation)


def test_words_no_service_mentions_do_not_veto_the_rest(backend):
    results = backend.search(SearchQuery(text="grief counseling for my grandfather"))
    assert [hit.id for hit in results.hits] == ["counseling"]
    assert results.ignored_words == ["grandfather"]


def test_a_query_of_only_unknown_words_finds_nothing(backend):
    assert backend.search(SearchQuery(text="xylophone")).total == 0


def test_explanation_names_the_matched_words_fields_and_filters(backend):
    hit = backend.search(
        SearchQuery(text="electric bill", language="spanish", zip="94063", radius_km=5)
    ).hits[0]
    matched = {(m.query_words, m.matched, m.via) for m in hit.explanation.matches}
    assert ("electric bill", "utility assistance", "synonym") in matched
    fields = {m.matched: m.fields for m in hit.explanation.matches}
    assert "categories" in fields["utility assistance"]
    assert hit.explanation.filters[:3] == [
        "speaks spanish", "serves ZIP 94063", "within 5 km of 94063"
    ]
    assert "“electric bill” (synonym “utility assistance”) in categories" in str(hit.explanation)


def test_explanation_reports_a_spelling_fix(backend):
    hit = backend.search(SearchQuery(text="foood")).hits[0]
    assert [(m.query_words, m.matched, m.via) for m in hit.explanation.matches][0] == (
        "foood", "food", "spelling"
    )


def test_optional_words_lift_but_do_not_exclude(backend):
    # "seniors" describes the client: it lifts the senior lunch, the pantry still shows.
    plain = {hit.id: hit.score for hit in backend.search(SearchQuery(text="food")).hits}
    results = backend.search(SearchQuery(text="food for seniors"))
    lifted = {hit.id: hit.score for hit in results.hits}
    assert set(lifted) == {"meals", "pantry"}
    assert lifted["meals"] / lifted["pantry"] > plain["meals"] / plain["pantry"]
    assert results.any_word is False


def test_a_day_of_the_week_lifts_services_open_that_day_without_excluding_others(
    open_backend, make_service
):
    backend = open_backend("days")
    weekdays = [WeeklyOpening(day, "09:00", "17:00") for day in range(5)]
    backend.rebuild([
        make_service("weekday", "Northside Food Pantry", description="Groceries for families.",
                     openings=weekdays),
        make_service("saturday", "Southside Food Pantry", description="Groceries for families.",
                     openings=[WeeklyOpening(5, "10:00", "13:00")]),
        make_service("clinic", "Saturday Clinic", description="Walk-in medical care.",
                     openings=[WeeklyOpening(5, "09:00", "12:00")]),
    ])
    results = backend.search(SearchQuery(text="food pantry open saturday"))
    assert [hit.id for hit in results.hits] == ["saturday", "weekday"]
    assert results.any_word is False
    assert any(m.query_words == "open saturday" and m.fields == ("hours",)
               for m in results.hits[0].explanation.matches)
    weekend = backend.search(SearchQuery(text="pantry open on weekends"))
    assert [hit.id for hit in weekend.hits] == ["saturday", "weekday"]
