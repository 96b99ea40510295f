"""The needs vocabulary: valid data, real taxonomy terms, codes from the cited sources."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from carebridge.assessments.vocabulary import (
    SHIPPED,
    load_vocabulary,
    parse_vocabulary,
    shipped_vocabulary,
)
from carebridge.errors import InvalidInput

SHARED = Path(os.environ.get("CAREBRIDGE_SHARED", Path(__file__).parents[3] / "shared"))
LOINC = "http://loinc.org"


def test_the_shipped_vocabulary_loads_with_taxonomy_names():
    vocabulary = load_vocabulary(SHIPPED)
    food = vocabulary.get("food")
    assert food.label == "Food"
    assert "Food Pantry" in food.term_names
    assert len(food.term_names) == len(set(food.term_names))
    assert all(entry.search_words and entry.taxonomy_terms for entry in vocabulary)


def test_every_need_has_a_description_a_care_manager_reads():
    for entry in shipped_vocabulary():
        assert entry.description.endswith("."), entry.code


@pytest.mark.parametrize(
    ("change", "pointer"),
    [
        ({"code": "Food"}, "/needs/0/code"),
        ({"taxonomy_terms": ["9999"]}, "/needs/0/taxonomy_terms/0"),
        ({"conditions": [{"system": "snomed", "code": "1"}]}, "/needs/0/conditions/0/system"),
        ({"colour": "red"}, "/needs/0"),
    ],
)
def test_a_broken_vocabulary_is_refused_where_it_is_wrong(change, pointer):
    document = {"needs": [{"code": "food", "label": "Food", **change}]}
    with pytest.raises(InvalidInput) as caught:
        parse_vocabulary(document)
    assert pointer in {p.pointer for p in caught.value.problems}


def test_a_code_listed_twice_is_refused():
    with pytest.raises(InvalidInput):
        parse_vocabulary({"needs": [{"code": "food", "label": "A"},
                                    {"code": "food", "label": "B"}]})


def test_an_agency_adds_needs_and_local_words_to_shipped_ones():
    agency = {"needs": [
        {"code": "pet_care", "label": "Pet care", "taxonomy_terms": ["1276"],
         "search_words": ["pet food", "veterinary"]},
        {"code": "food", "label": "Food and groceries", "search_words": ["samaritan house"]},
    ]}
    vocabulary = shipped_vocabulary().extended(agency)
    assert vocabulary.get("pet_care").term_names == ("Animal Welfare",)
    food = vocabulary.get("food")
    assert food.label == "Food and groceries"
    assert food.search_words[-1] == "samaritan house"
    assert "food pantry" in food.search_words
    assert food.conditions == shipped_vocabulary().get("food").conditions
    assert "pet_care" not in shipped_vocabulary(), "the shipped vocabulary is unchanged"


def test_gravity_value_sets_are_vsac_urls_and_categories_are_sdohcc_codes():
    categories = {
        "food-insecurity", "housing-instability", "homelessness", "inadequate-housing",
        "transportation-insecurity", "financial-insecurity", "material-hardship",
        "employment-status", "educational-attainment", "intimate-partner-violence",
        "utility-insecurity",
    }
    for entry in shipped_vocabulary():
        for domain in entry.gravity:
            assert domain.category in categories
            for url in (domain.condition_value_set, domain.service_request_value_set):
                assert url is None or url.startswith(
                    "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113762.1.4.1247.")


def test_screening_codes_match_the_published_ahc_questionnaire():
    questionnaire = SHARED / "data" / "interop-corpus" / "fhir" / "ahc-hrsn.json"
    if not questionnaire.is_file():
        pytest.skip("the shared interop corpus (../shared) is not here")
    published = {}

    def walk(items):
        for item in items:
            for coding in item.get("code", []):
                published[coding["code"]] = item.get("text", "")
            walk(item.get("item", []))

    walk(json.loads(questionnaire.read_text())["item"])
    ahc_needs = ["food", "housing", "housing_quality", "utilities", "transportation", "safety"]
    for code in ahc_needs:
        screening = [c for c in shipped_vocabulary().get(code).screening if c.system == LOINC]
        assert screening, code
        assert {c.code for c in screening if c.code != "88124-3"} <= set(published), code
