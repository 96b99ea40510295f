"""Synonyms are data: shipped phrases match on stems, and an agency can add its own file."""

from __future__ import annotations

import json

from resource_directory.search.backend import SearchQuery
from resource_directory.search.query_analysis import SynonymMap
from resource_directory.search.whoosh_backend import WhooshBackend, analyze_terms


def concepts(synonyms: SynonymMap, text: str) -> list[tuple[str, list[str]]]:
    return [
        (concept.words, [alternative.text for alternative in concept.alternatives])
        for concept in synonyms.concepts(text, analyze_terms)
    ]


def test_everyday_phrases_expand_to_directory_vocabulary():
    words, alternatives = concepts(SynonymMap.load(), "food stamps")[0]
    assert words == "food stamps"
    assert {"calfresh", "snap"} <= set(alternatives)


def test_the_longest_phrase_wins_and_filler_words_drop():
    found = concepts(SynonymMap.load(), "help paying my PG&E bill")
    assert [words for words, _ in found] == ["help paying", "pg&e bill"]
    assert "utility assistance" in found[1][1]


def test_plurals_match_the_same_phrase():
    assert concepts(SynonymMap.load(), "electric bills")[0][0] == "electric bills"


def test_an_agency_file_adds_its_own_groups(tmp_path, make_service):
    extra = tmp_path / "our-words.json"
    extra.write_text(json.dumps({
        "synonyms": [{"say": ["the harbor"], "means": ["harbor food closet"]}],
    }))
    synonyms = SynonymMap.load([extra])
    assert concepts(synonyms, "the harbor")[0][1] == ["the harbor", "harbor food closet"]

    backend = WhooshBackend(tmp_path / "index", synonyms=synonyms)
    backend.rebuild([make_service("closet", "Harbor Food Closet")])
    assert [hit.id for hit in backend.search(SearchQuery(text="the harbor")).hits] == ["closet"]
