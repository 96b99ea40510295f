"""Scoring: sums, means, counts, reversed items, sub-scales, bands, flags and unanswered items."""

from __future__ import annotations

import pytest

from carebridge.assessments.answers import value_range
from carebridge.assessments.scoring import score
from tests.assessments.conftest import load, shipped

SCORED = {slug: d for slug, d in shipped().items() if "scoring" in d}


def answers_totalling(definition: dict, items: list[str], total: int) -> dict:
    """Answers to ``items`` (top-level, integer choices) adding up to ``total``, filled greedily."""
    answers = {}
    remaining = total
    for path in items:
        low, high = value_range(definition["schema"], path)
        answers[path.lstrip("/")] = low
        remaining -= low
    for path in items:
        low, high = value_range(definition["schema"], path)
        extra = min(high - low, remaining)
        answers[path.lstrip("/")] += extra
        remaining -= extra
    assert remaining == 0, f"{total} is out of range"
    return answers


BAND_EDGES = [
    pytest.param(slug, rule["name"], edge, band["label"], id=f"{slug}-{rule['name']}-{edge}")
    for slug, definition in SCORED.items()
    for rule in definition["scoring"]["scores"]
    for band in rule["bands"]
    for edge in sorted({band["min"], band["max"]})
]


@pytest.mark.parametrize(("slug", "name", "value", "band"), BAND_EDGES)
def test_every_band_edge_of_every_shipped_score(slug, name, value, band):
    definition = SCORED[slug]
    rule = next(r for r in definition["scoring"]["scores"] if r["name"] == name)
    answers = answers_totalling(definition, rule["items"], value)
    found = {s.name: s for s in score(definition, answers).scores}
    assert found[name].value == value
    assert found[name].band == band


@pytest.mark.parametrize("slug", sorted(SCORED))
def test_each_score_moves_to_the_next_band_one_point_above_an_edge(slug):
    definition = SCORED[slug]
    for rule in definition["scoring"]["scores"]:
        for before, after in zip(rule["bands"], rule["bands"][1:], strict=False):
            answers = answers_totalling(definition, rule["items"], before["max"] + 1)
            found = {s.name: s for s in score(definition, answers).scores}
            assert found[rule["name"]].band == after["label"]


def phq(*values):
    return {f"phq_{n}": value for n, value in enumerate(values, 1)}


def test_the_reported_phq9_case_gets_its_score_band_and_high_flag():
    # From the issue: a total of 15 with item 9 answered "Several days".
    result = score(load("phq-9"), phq(2, 2, 2, 2, 2, 2, 1, 1, 1))
    assert result.as_json() == {
        "scores": [
            {"name": "total", "label": "PHQ-9 total", "value": 15,
             "band": "Moderately severe depression"},
            {"name": "phq_2", "label": "PHQ-2 (first two items)", "value": 4,
             "band": "Positive depression screen"},
        ],
        "flags": [{
            "name": "self_harm", "label": "Thoughts of death or self-harm", "severity": "high",
            "message": load("phq-9")["scoring"]["flags"][0]["message"],
        }],
    }


@pytest.mark.parametrize(("item_9", "flagged"), [(0, False), (1, True), (2, True), (3, True)])
def test_phq9_item_9_flag_whatever_the_total(item_9, flagged):
    result = score(load("phq-9"), phq(0, 0, 0, 0, 0, 0, 0, 0, item_9))
    assert [f.name for f in result.flags] == (["self_harm"] if flagged else [])
    assert result.scores[0].band == "Minimal depression"


def test_gad7_flags_a_total_of_10_or_more_for_evaluation():
    gad = load("gad-7")
    nine = {f"gad_{n}": v for n, v in enumerate([3, 3, 3, 0, 0, 0, 0], 1)}
    ten = {**nine, "gad_4": 1}
    assert score(gad, nine).flags == ()
    assert [(f.name, f.severity) for f in score(gad, ten).flags] == [
        ("further_evaluation", "warning")
    ]


SAFETY = ["safety_hurt", "safety_insult", "safety_threaten", "safety_scream"]


def test_ahc_safety_is_not_scored_when_an_answer_is_missing():
    result = score(load("ahc-hrsn"), {"safety_hurt": 5, "safety_insult": 5, "safety_threaten": 5})
    assert result.scores == ()
    assert [(u.name, u.unanswered) for u in result.unscored] == [("safety", ("/safety_scream",))]
    assert [f.name for f in result.flags] == ["physically_hurt", "threatened"]


@pytest.mark.parametrize(
    ("hurt", "threaten", "flags"),
    [(1, 1, []), (2, 1, ["physically_hurt"]), (1, 5, ["threatened"]),
     (3, 2, ["physically_hurt", "threatened"])],
)
def test_ahc_flags_physical_harm_and_threats_as_high(hurt, threaten, flags):
    answers = {"safety_hurt": hurt, "safety_insult": 1, "safety_threaten": threaten,
               "safety_scream": 1}
    result = score(load("ahc-hrsn"), answers)
    assert [f.name for f in result.flags] == flags
    assert all(f.severity == "high" for f in result.flags)


def test_a_definition_without_scoring_scores_nothing():
    assert score(load("adult-intake"), {"given_name": "Ana"}).as_json() == {
        "scores": [], "flags": []}


SCALE = {"type": "integer", "oneOf": [{"const": v, "title": str(v)} for v in range(1, 6)]}


def scale_form(scoring: dict, extra: dict | None = None) -> dict:
    properties = {f"q{n}": {"title": f"Q{n}", **SCALE} for n in range(1, 5)}
    return {"id": "scale", "title": "Scale", "kind": "assessment",
            "schema": {"type": "object", "properties": {**properties, **(extra or {})}},
            "scoring": scoring}


def values(definition, answers):
    return {s.name: s.value for s in score(definition, answers).scores}


ITEMS = ["/q1", "/q2", "/q3", "/q4"]
FOUR = {"q1": 1, "q2": 2, "q3": 4, "q4": 5}


def test_the_first_form_of_the_format_is_one_score_called_total():
    legacy = scale_form({"method": "sum", "label": "Sum", "items": ITEMS,
                         "bands": [{"min": 4, "max": 11, "label": "Low"},
                                   {"min": 12, "max": 20, "label": "High"}],
                         "flags": [{"path": "/q4", "min": 5, "message": "Check q4."}]})
    result = score(legacy, FOUR)
    assert result.as_json()["scores"] == [
        {"name": "total", "label": "Sum", "value": 12, "band": "High"}]
    # A flag without name, label or severity: its field's name and title, and "warning".
    assert result.as_json()["flags"] == [
        {"name": "q4", "label": "Q4", "severity": "warning", "message": "Check q4."}]


def test_mean_is_rounded_half_up_to_its_decimals():
    form = scale_form({"scores": [
        {"name": "mean", "method": "mean", "items": ITEMS[:3]},
        {"name": "mean_1", "method": "mean", "items": ITEMS[:3], "decimals": 1},
        {"name": "even", "method": "mean", "items": ["/q1", "/q3"]},
    ]})
    assert values(form, FOUR) == {"mean": 2.33, "mean_1": 2.3, "even": 2.5}
    assert values(form, {"q1": 1, "q2": 1, "q3": 2}) == {"mean": 1.33, "mean_1": 1.3, "even": 1.5}
    assert values(form, {"q1": 3, "q2": 3, "q3": 3})["mean"] == 3
    assert isinstance(values(form, {"q1": 3, "q2": 3, "q3": 3})["mean"], int)


def test_count_counts_the_answers_its_schema_accepts():
    form = scale_form({"scores": [
        {"name": "often", "method": "count", "items": ITEMS, "match": {"minimum": 4}},
    ]})
    assert values(form, FOUR) == {"often": 2}
    assert values(form, {"q1": 1, "q2": 1, "q3": 1, "q4": 1}) == {"often": 0}


def test_reverse_scored_items_count_lowest_plus_highest_minus_the_answer():
    form = scale_form({"scores": [
        {"name": "total", "method": "sum", "items": ITEMS, "reverse": ["/q2", "/q4"]},
    ]})
    # 1 + (6 - 2) + 4 + (6 - 5)
    assert values(form, FOUR) == {"total": 10}


def test_sub_scales_are_scored_and_banded_separately():
    form = scale_form({"scores": [
        {"name": "a", "label": "Part A", "method": "sum", "items": ITEMS[:2],
         "bands": [{"min": 2, "max": 5, "label": "Low"}, {"min": 6, "max": 10, "label": "High"}]},
        {"name": "b", "label": "Part B", "method": "sum", "items": ITEMS[2:],
         "bands": [{"min": 2, "max": 5, "label": "Low"}, {"min": 6, "max": 10, "label": "High"}]},
    ]})
    assert score(form, FOUR).as_json()["scores"] == [
        {"name": "a", "label": "Part A", "value": 3, "band": "Low"},
        {"name": "b", "label": "Part B", "value": 9, "band": "High"},
    ]


def test_a_score_with_unanswered_items_is_not_computed_unless_allowed():
    strict = scale_form({"scores": [{"name": "total", "method": "sum", "items": ITEMS}]})
    three = {"q1": 1, "q2": 2, "q3": 4}
    assert values(strict, three) == {}
    assert values(strict, {**three, "q4": None}) == {}, "null is no answer"


def test_a_sum_with_allowed_unanswered_items_is_prorated_and_rounded():
    form = scale_form({"scores": [
        {"name": "total", "method": "sum", "items": ITEMS, "missing_allowed": 1},
        {"name": "mean", "method": "mean", "items": ITEMS, "missing_allowed": 1},
        {"name": "count", "method": "count", "items": ITEMS, "missing_allowed": 1,
         "match": {"const": 4}},
    ]})
    # 1 + 2 + 4 = 7 over three items: 7 * 4 / 3 = 9.33, rounded to 9.
    assert values(form, {"q1": 1, "q2": 2, "q3": 4}) == {"total": 9, "mean": 2.33, "count": 1}
    # 1 + 2 + 3 = 6: 6 * 4 / 3 = 8 exactly; 2 + 2 + 3 = 7 → 9.33 → 9; 2 + 3 + 3 = 8 → 10.67 → 11
    assert values(form, {"q1": 1, "q2": 2, "q4": 3})["total"] == 8
    assert values(form, {"q1": 2, "q2": 3, "q4": 3})["total"] == 11
    assert values(form, {"q1": 1, "q2": 2}) == {}, "two unanswered is too many"


def test_paths_through_arrays_score_every_item():
    members = {"members": {"type": "array", "items": {"type": "object", "properties": {
        "age": {"type": "integer", "minimum": 0, "maximum": 120},
        "income": {"type": "number", "minimum": 0}}}}}
    form = scale_form({"scores": [
        {"name": "children", "method": "count", "items": ["/members/*/age"],
         "match": {"maximum": 17}},
        {"name": "income", "method": "sum", "items": ["/members/*/income"], "decimals": 2},
    ]}, members)
    answers = {"members": [{"age": 4, "income": 0}, {"age": 40, "income": 1919.99},
                           {"age": 17}]}
    assert values(form, answers) == {"children": 2, "income": 1919.99}
    assert values(form, {"members": []}) == {"children": 0, "income": 0}
    assert values(form, {}) == {}, "no household listed: nothing to score"


def test_a_flag_on_a_score_is_raised_only_when_the_score_is_computed():
    form = scale_form({"scores": [{"name": "total", "method": "sum", "items": ITEMS}],
                       "flags": [{"score": "total", "min": 16, "severity": "info",
                                  "message": "High total."}]})
    assert [f.as_json() for f in score(form, {"q1": 5, "q2": 5, "q3": 5, "q4": 1}).flags] == [
        {"name": "total", "label": "total", "severity": "info", "message": "High total."}]
    assert score(form, {"q1": 5, "q2": 5, "q3": 5}).flags == ()
    assert score(form, {"q1": 1, "q2": 5, "q3": 5, "q4": 1}).flags == ()


@pytest.mark.parametrize("answer", [0, 1, 5, -3, 10**17, 10**18, 10**24])
def test_whole_answers_sum_to_what_their_decimal_sum_gives(answer):
    form = scale_form({"scores": [{"name": "total", "method": "sum", "items": ITEMS}]})
    whole = values(form, dict.fromkeys(("q1", "q2", "q3", "q4"), answer))
    written_as_decimals = values(form, dict.fromkeys(("q1", "q2", "q3", "q4"), float(answer)))
    assert whole == written_as_decimals == {"total": 4 * answer}
    assert type(whole["total"]) is int


def test_a_published_versions_rules_are_read_once(monkeypatch):
    from carebridge.assessments import scoring

    read = []
    rules = scoring.scoring_rules
    monkeypatch.setattr(scoring, "scoring_rules", lambda d: read.append(d) or rules(d))
    form = scale_form({"scores": [{"name": "total", "method": "sum", "items": ITEMS}]})
    first = score(form, FOUR, digest="test-rules-read-once")
    assert score(form, FOUR, digest="test-rules-read-once") == first
    assert len(read) == 1
    assert score(form, FOUR) == first and len(read) == 2, "a document without a digest: read"


@pytest.mark.parametrize("path", ["", "/q1", "/a/b", "/a/*/b", "/a~1b", "/list/*", "/*", "/n"])
@pytest.mark.parametrize("answers", [
    {"q1": 3, "a": {"b": 0}, "a/b": 2, "list": [1, 2], "n": None},
    {"a": [{"b": 1}, {"c": 2}, {"b": None}], "list": [], "q1": False},
    {"a": {"b": None}, "q1": [1]}, {"a": 5}, [1, 2], None,
])
def test_a_path_is_read_as_values_at_reads_it(path, answers):
    from carebridge.assessments.answers import values_at
    from carebridge.assessments.scoring import _answered

    found = values_at(answers, path)
    assert _answered(answers, path) == (found.values if found.answered else None)
