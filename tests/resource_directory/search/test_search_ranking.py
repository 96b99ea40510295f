"""Ranking: everyday words find directory vocabulary, misspellings are forgiven, and each hit
says why it matched."""

from __future__ import annotations

from resource_directory.search.backend import SearchQuery
from resource_directory.search.document import WeeklyOpening
from resource_directory.search.query_analysis import SynonymMap
from resource_directory.search.whoosh_backend import analyze_terms


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
    results = backend.search(SearchQuery(text="grief counseling after the hurricane"))
    assert [hit.id for hit in results.hits] == ["counseling"]
    assert results.ignored_words == ["hurricane"]


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


def test_services_open_on_a_day_the_query_names_come_first_and_the_others_follow(
    open_backend, make_service
):
    backend = open_backend("days")
    weekdays = [WeeklyOpening(day, "09:00", "17:00") for day in range(5)]
    backend.rebuild([
        make_service("weekday", "Food Pantry", description="Food pantry groceries for families.",
                     openings=weekdays),
        make_service("saturday", "Southside Pantry", description="Food for families.",
                     openings=[WeeklyOpening(5, "10:00", "13:00")]),
        # A monthly rule ("first Saturday") has no weekly opening, but it does open on Saturdays.
        make_service("monthly", "Church Pantry", description="Food for families.",
                     open_weekdays=[5]),
        make_service("clinic", "Saturday Clinic", description="Walk-in medical care.",
                     openings=[WeeklyOpening(5, "09:00", "12:00")]),
    ])
    results = backend.search(SearchQuery(text="food pantry open saturday"))
    assert [hit.id for hit in results.hits] == ["monthly", "saturday", "weekday"]
    assert results.any_word is False
    assert "open on Saturday" in results.hits[0].explanation.filters
    assert "open on Saturday" not in results.hits[2].explanation.filters
    weekend = backend.search(SearchQuery(text="pantry open on weekends"))
    assert [hit.id for hit in weekend.hits][-1] == "weekday"
    assert "open on Saturday or Sunday" in weekend.hits[0].explanation.filters


def test_words_for_days_ask_when_a_service_opens_not_what_it_says():
    synonyms = SynonymMap.load()
    assert synonyms.weekdays("food pantry open Saturdays") == {5}
    assert synonyms.weekdays("anything on the weekend") == {5, 6}
    assert [c.words for c in synonyms.concepts("pantry open saturday", analyze_terms)] == [
        "pantry"
    ]
