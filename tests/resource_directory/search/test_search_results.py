"""Result pages: facets over every match, sorting, pagination and the cards' fields."""

from __future__ import annotations

from resource_directory.search.backend import SearchQuery


def test_facets_count_categories_and_languages_over_all_matches(backend):
    results = backend.search(SearchQuery(category="Food", per_page=1))
    assert len(results.hits) == 1
    assert results.category_facets == {"Food Pantry": 1, "Congregate Meals": 1}
    # Languages as the directory names them: Tagalog is filed under Filipino.
    assert results.language_facets == {"english": 2, "spanish": 1, "filipino": 1, "chinese": 1}


def test_facets_follow_the_filters(backend):
    results = backend.search(SearchQuery(language="spanish"))
    assert results.language_facets["spanish"] == results.total == 4
    assert "chinese" not in results.language_facets


def test_sort_by_distance_puts_the_nearest_first(backend):
    results = backend.search(SearchQuery(zip="94063", sort="distance", per_page=100))
    distances = [hit.distance_km for hit in results.hits]
    assert results.hits[0].id == "utility"
    assert distances == sorted(distances)
    assert distances[-1] > 20


def test_sort_by_distance_within_a_text_search(backend):
    results = backend.search(SearchQuery(text="food", zip="94401", sort="distance"))
    assert [hit.id for hit in results.hits] == ["meals", "pantry"]


def test_relevance_sort_still_reports_distance(backend):
    hit = backend.search(SearchQuery(text="food pantry", zip="94401")).hits[0]
    assert hit.id == "pantry"
    assert 10 < hit.distance_km < 14


def test_pages_split_the_results_without_overlap(backend, documents):
    pages = [backend.search(SearchQuery(per_page=3, page=page)) for page in (1, 2, 3, 4)]
    seen = [hit.id for results in pages for hit in results.hits]
    assert [len(results.hits) for results in pages] == [3, 3, 1, 0]
    assert sorted(seen) == sorted(document.id for document in documents)
    assert all(results.total == 7 and results.pages == 3 for results in pages)


def test_hits_carry_what_a_result_card_shows(backend):
    hit = backend.search(SearchQuery(text="energy bill")).hits[0]
    assert hit.id == "utility" and hit.service_id == "utility"
    assert hit.name == "Energy Bill Assistance"
    assert hit.city == "Redwood City"
    assert hit.languages == ["english", "spanish"]
    assert hit.free is True
    assert hit.score > 0


def test_who_a_service_serves_is_its_own_facet_and_filter(backend):
    results = backend.search(SearchQuery())
    assert results.audience_facets == {"Seniors": 1, "Teens": 1}
    assert "Seniors" not in results.category_facets

    assert [hit.id for hit in backend.search(SearchQuery(serves="Seniors")).hits] == ["meals"]
    assert backend.search(SearchQuery(text="meals", serves="teens")).total == 0


def test_why_a_result_is_shown_in_plain_words(backend):
    hit = backend.search(
        SearchQuery(text="food", language="español", zip="94080", radius_km=5)
    ).hits[0]
    reasons = hit.explanation.reasons()
    assert reasons[0] == "matches “food”"
    assert "speaks Spanish" in reasons
    assert any(reason.endswith("km away") for reason in reasons)
    assert not any("score" in reason or "keywords" in reason for reason in reasons)
