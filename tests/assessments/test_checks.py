"""Publishing checks a definition's scoring and need rules for meaning, not only shape."""

from __future__ import annotations

import copy

import pytest

from carebridge.config import DEFAULTS
from carebridge.errors import InvalidInput
from carebridge.forms.definitions import parse_definition
from tests.assessments.conftest import load, shipped

SCALE = {"type": "integer", "oneOf": [{"const": v, "title": str(v)} for v in range(0, 4)]}
ITEMS = ["/q1", "/q2", "/q3"]  # three items scored 0-3: totals 0-9


def form(scoring: dict | None = None, needs: list | None = None) -> dict:
    document = {
        "id": "check", "title": "Check", "kind": "assessment",
        "schema": {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                   "properties": {**{f"q{n}": {"title": f"Q{n}", **SCALE} for n in (1, 2, 3)},
                                  "note": {"title": "Note", "type": "string"},
                                  "free": {"title": "Free number", "type": "integer"}}},
    }
    if scoring is not None:
        document["scoring"] = scoring
    if needs is not None:
        document["needs"] = needs
    return document


def problems(document: dict) -> list[tuple[str, str]]:
    try:
        parse_definition(document, DEFAULTS)
    except InvalidInput as error:
        return [(p.pointer, p.message) for p in error.problems]
    return []


def total(bands, **extra):
    return {"scores": [{"name": "total", "method": "sum", "items": ITEMS, "bands": bands,
                        **extra}]}


def band(low, high, label="B"):
    return {"min": low, "max": high, "label": label}


@pytest.mark.parametrize("slug", sorted(shipped()))
def test_every_shipped_definition_passes(slug):
    assert problems(load(slug)) == []


def test_bands_that_cover_the_range_in_order_pass():
    assert problems(form(total([band(0, 3), band(4, 6), band(7, 9)]))) == []


@pytest.mark.parametrize(
    ("bands", "pointer", "words"),
    [
        ([band(0, 4), band(4, 9)], "/scoring/scores/0/bands/1", "must start above 4"),
        ([band(5, 9), band(0, 4)], "/scoring/scores/0/bands/1", "must start above 9"),
        ([band(0, 3), band(5, 9)], "/scoring/scores/0/bands/1", "between 3 and 5 fall in no"),
        ([band(1, 4), band(5, 9)], "/scoring/scores/0/bands/0", "lowest possible score is 0"),
        ([band(0, 4), band(5, 8)], "/scoring/scores/0/bands/1", "highest possible score is 9"),
        ([band(0, 9), band(8, 4)], "/scoring/scores/0/bands/1", "ends below where it starts"),
    ],
)
def test_bands_out_of_order_overlapping_or_leaving_gaps_are_refused(bands, pointer, words):
    found = problems(form(total(bands)))
    assert any(p == pointer and words in m for p, m in found), found


def test_mean_bands_are_contiguous_at_their_decimals():
    mean = {"scores": [{"name": "mean", "method": "mean", "items": ITEMS,
                        "bands": [band(0, 1.49), band(1.5, 3)]}]}
    assert problems(form(mean)) == []
    mean["scores"][0]["bands"] = [band(0, 1.4), band(1.5, 3)]
    assert any("between 1.4 and 1.5" in m for _, m in problems(form(mean)))


def test_count_bands_cover_zero_to_the_number_of_items():
    count = {"scores": [{"name": "n", "method": "count", "items": ITEMS, "match": {"const": 3},
                         "bands": [band(0, 1), band(2, 2)]}]}
    assert any("highest possible score is 3" in m for _, m in problems(form(count)))


def test_unbounded_items_check_order_but_not_coverage():
    free = {"scores": [{"name": "t", "method": "sum", "items": ["/free"],
                        "bands": [band(0, 10), band(11, 20)]}]}
    assert problems(form(free)) == []


@pytest.mark.parametrize(
    ("scoring", "pointer", "words"),
    [
        ({"scores": [{"name": "t", "method": "sum", "items": ["/q9"]}]},
         "/scoring/scores/0/items/0", "names no field"),
        ({"scores": [{"name": "t", "method": "sum", "items": ["/note"]}]},
         "/scoring/scores/0/items/0", "does not hold a number"),
        ({"scores": [{"name": "t", "method": "sum", "items": ITEMS, "reverse": ["/free"]}]},
         "/scoring/scores/0/reverse", "not one of the items"),
        ({"scores": [{"name": "t", "method": "sum", "items": ["/free"], "reverse": ["/free"]}]},
         "/scoring/scores/0/reverse", "cannot be reversed"),
        ({"scores": [{"name": "t", "method": "sum", "items": ITEMS, "missing_allowed": 3}]},
         "/scoring/scores/0/missing_allowed", "At least one item"),
        ({"scores": [{"name": "t", "method": "sum", "items": ITEMS},
                     {"name": "t", "method": "mean", "items": ITEMS}]},
         "/scoring/scores/1/name", "Two scores are named 't'"),
        ({"scores": [{"name": "t", "method": "sum", "items": ITEMS}],
          "flags": [{"score": "total", "min": 1, "message": "m"}]},
         "/scoring/flags/0/score", "No score is named 'total'"),
        ({"scores": [{"name": "t", "method": "sum", "items": ITEMS}],
          "flags": [{"path": "/q1", "min": 3, "max": 1, "message": "m"}]},
         "/scoring/flags/0", "'min' is greater than 'max'"),
        ({"scores": [{"name": "t", "method": "sum", "items": ITEMS}],
          "flags": [{"path": "/q7", "min": 1, "message": "m"}]},
         "/scoring/flags/0/path", "names no field"),
        ({"scores": [{"name": "t", "method": "sum", "items": ITEMS}],
          "flags": [{"name": "x", "path": "/q1", "min": 1, "message": "m"},
                    {"name": "x", "path": "/q2", "min": 1, "message": "m"}]},
         "/scoring/flags/1/name", "Two flags are named 'x'"),
    ],
)
def test_scores_and_flags_must_make_sense(scoring, pointer, words):
    found = problems(form(scoring))
    assert any(p == pointer and words in m for p, m in found), found


def test_a_count_needs_a_schema_to_count_by():
    found = problems(form({"scores": [{"name": "n", "method": "count", "items": ITEMS}]}))
    assert found == [("/scoring/scores/0/match", "'match' is required.")]


def test_need_codes_come_from_the_vocabulary_or_the_agencys_own():
    rule = {"need": "pet_care", "label": "Pet care", "when": {"required": ["note"]}}
    found = problems(form(needs=[rule]))
    assert found and found[0][0] == "/needs/0/need" and "not in the needs vocabulary" in found[0][1]
    parse_definition(form(needs=[rule]), DEFAULTS, need_codes=["pet_care", "food"])


def test_a_need_rule_may_judge_answers_and_scores():
    rule = {"need": "mental_health", "label": "High total", "about": "answers_and_scores",
            "when": {"properties": {"scores": {"required": ["total"],
                                                "properties": {"total": {"minimum": 7}}}}}}
    assert problems(form(total([band(0, 9)]), needs=[rule])) == []


def test_an_old_style_definition_still_publishes():
    phq = load("phq-9")
    legacy = copy.deepcopy(phq)
    legacy.pop("translations")  # they name the named scores' texts, which the old form lacks
    main = legacy["scoring"]["scores"][0]
    legacy["scoring"] = {"method": "sum", "label": main["label"], "items": main["items"],
                         "bands": main["bands"],
                         "flags": [{"path": "/phq_9", "min": 1, "message": "Check today."}]}
    assert problems(legacy) == []
