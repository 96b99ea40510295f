"""The shipped form definitions are valid, self-consistent and faithful to their instruments."""

import copy
import itertools
import json
from decimal import Decimal
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from carebridge.assessments.needs import indicated_needs

ROOT = Path(__file__).parents[2] / "form_definitions"
INSTRUMENTS = sorted((ROOT / "instruments").glob("*.json"))


def load(path):
    # Decimal, not float: jsonschema divides floats for `multipleOf`, and 19.99 / 0.01 is not a
    # whole number in binary floating point, so money amounts would be wrongly rejected.
    return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


def as_json(data):
    """Test data as the platform would receive it: JSON text parsed with Decimal numbers."""
    return json.loads(json.dumps(data), parse_float=Decimal)


META = load(ROOT / "definition.schema.json")
DEFINITIONS = {path.stem: load(path) for path in INSTRUMENTS}


def submission_validator(definition):
    schema = definition["schema"]
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def resolve_ref(root, node):
    """Follow local `$ref`s (`#/$defs/...`) from `node` within the schema document `root`."""
    while "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), f"only local references are used in shipped forms: {ref}"
        target = root
        for segment in ref[2:].split("/"):
            target = target[segment.replace("~1", "/").replace("~0", "~")]
        # Keywords beside a `$ref` (a title, say) apply too; the referenced ones fill the rest.
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def schema_at(schema, path):
    """The subschema a data path (`/household_members/*/age`) points at, or None."""
    node = resolve_ref(schema, schema)
    for segment in path.split("/")[1:]:
        if segment == "*":
            node = node.get("items")
        else:
            node = node.get("properties", {}).get(segment.replace("~1", "/").replace("~0", "~"))
        if node is None:
            return None
        node = resolve_ref(schema, node)
    return node


def choice_values(node):
    return [choice["const"] for choice in node.get("oneOf", [])]


def scores_of(definition):
    return definition["scoring"]["scores"]


def score_range(score, definition):
    values = [choice_values(schema_at(definition["schema"], p)) for p in score["items"]]
    return sum(min(v) for v in values), sum(max(v) for v in values)


def needs_of(definition, submission):
    """The needs the platform finds in the submission (its answers and computed scores)."""
    return {need.code for need in indicated_needs(definition, as_json(submission))}


by_file = pytest.mark.parametrize("path", INSTRUMENTS, ids=[p.stem for p in INSTRUMENTS])
by_definition = pytest.mark.parametrize("definition", DEFINITIONS.values(), ids=list(DEFINITIONS))


def test_the_definition_format_is_itself_a_valid_schema():
    Draft202012Validator.check_schema(META)


def test_every_instrument_the_readme_promises_is_shipped():
    assert set(DEFINITIONS) >= {
        "phq-9",
        "gad-7",
        "ahc-hrsn",
        "adult-intake",
        "consent",
        "care-plan",
    }


@by_file
def test_file_is_named_after_its_id(path):
    assert load(path)["id"] == path.stem


@by_definition
def test_valid_against_the_definition_format(definition):
    errors = [
        f"{e.json_path}: {e.message}" for e in Draft202012Validator(META).iter_errors(definition)
    ]
    assert errors == []


def mutated(slug, path, value):
    """A deep copy of a shipped definition with `value` set at the key path `path`."""
    document = copy.deepcopy(DEFINITIONS[slug])
    *parents, last = path
    target = document
    for key in parents:
        target = target[key]
    target[last] = value
    return document


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        (("colour",), "blue", "$"),
        (("id",), "PHQ 9", "$.id"),
        (("kind",), "screener", "$.kind"),
        (("schema", "type"), "array", "$.schema.type"),
        (("schema", "properties", "phq_1", "type"), "integr", "$.schema.properties.phq_1.type"),
        (("ui", "feilds"), {}, "$.ui"),
        (("ui", "fields", "/phq_1", "widgit"), "radio", "$.ui.fields['/phq_1']"),
        (("ui", "fields", "/phq_1", "widget"), "Slider!", "$.ui.fields['/phq_1'].widget"),
        (("ui", "fields", "phq_1"), {}, "$.ui.fields"),
        (("ui", "pages"), [{"id": "one", "title": "One", "fields": ["phq_1"]}], "$.ui.sections"),
        (("scoring", "method"), "sum", "$.scoring"),  # a single-score key beside "scores"
        (("scoring", "scores", 0, "method"), "average", "$.scoring.scores[0].method"),
        (("scoring", "scores", 0, "bands", 0, "maximum"), 4, "$.scoring.scores[0].bands[0]"),
        (("scoring", "scores", 0, "name"), "Total", "$.scoring.scores[0].name"),
        (("scoring", "scores", 0, "match"), {}, "$.scoring.scores[0]"),  # not a count
        (("scoring", "flags", 0, "path"), "phq_9", "$.scoring.flags[0].path"),
        (("scoring", "flags", 0, "severity"), "urgent", "$.scoring.flags[0].severity"),
        (("scoring", "flags", 0, "score"), "total", "$.scoring.flags[0]"),  # and a path
        (("needs", 0, "need"), "Depression", "$.needs[0].need"),
        (("needs", 0, "about"), "scores", "$.needs[0].about"),
        (("needs", 0, "when", "minimum"), "one", "$.needs[0].when.minimum"),
        (("source", "licence"), "", "$.source.licence"),
    ],
)
def test_the_definition_format_catches_mistakes_where_they_are(path, value, where):
    errors = Draft202012Validator(META).iter_errors(mutated("phq-9", path, value))
    assert where in {error.json_path for error in errors}


@by_definition
def test_schema_and_need_rules_are_valid_draft_2020_12(definition):
    Draft202012Validator.check_schema(definition["schema"])
    for rule in definition.get("needs", []):
        Draft202012Validator.check_schema(rule["when"])


@by_definition
def test_every_property_has_a_title(definition):
    schema = definition["schema"]

    def walk(node, where):
        node = resolve_ref(schema, node)
        for name, child in node.get("properties", {}).items():
            assert "title" in resolve_ref(schema, child), f"{where}/{name} has no title"
            walk(child, f"{where}/{name}")
        if isinstance(node.get("items"), dict):
            walk(node["items"], f"{where}/*")

    walk(schema, "")


@by_definition
def test_ui_field_paths_point_at_properties(definition):
    for path in definition.get("ui", {}).get("fields", {}):
        assert schema_at(definition["schema"], path) is not None, path


@by_definition
def test_ui_orders_name_existing_properties(definition):
    schema, ui = definition["schema"], definition.get("ui", {})
    assert set(ui.get("order", [])) <= set(schema["properties"])
    for path, field in ui.get("fields", {}).items():
        if "order" in field:
            node = schema_at(schema, path)
            if node.get("type") == "array":
                node = resolve_ref(schema, node["items"])
            assert set(field["order"]) <= set(node["properties"]), path


@by_definition
def test_pages_and_sections_list_each_existing_field_once(definition):
    ui = definition.get("ui", {})
    groups = ui.get("pages", []) + ui.get("sections", [])
    listed = [name for group in groups for name in group["fields"]]
    assert set(listed) <= set(definition["schema"]["properties"])
    assert len(listed) == len(set(listed)), "a field is listed twice"
    if "pages" in ui:
        # A wizard shows only what its pages list: an unlisted field could never be filled in.
        assert set(listed) == set(definition["schema"]["properties"])


@by_definition
def test_scored_items_are_numeric_choices(definition):
    if "scoring" not in definition:
        pytest.skip("not a scored instrument")
    scoring = definition["scoring"]
    items = [path for score in scores_of(definition) for path in score["items"]]
    flagged = [flag["path"] for flag in scoring.get("flags", []) if "path" in flag]
    for path in items + flagged:
        node = schema_at(definition["schema"], path)
        assert node is not None, path
        assert node["type"] == "integer" and choice_values(node), path
    for path in items:
        assert path.lstrip("/") in definition["schema"].get("required", []) or (
            definition["id"] == "ahc-hrsn"  # a person may decline; no score is computed then
        )


@by_definition
def test_score_bands_cover_every_possible_score_once(definition):
    if "scoring" not in definition:
        pytest.skip("not a scored instrument")
    for score in scores_of(definition):
        low, high = score_range(score, definition)
        bands = score["bands"]
        assert bands[0]["min"] == low and bands[-1]["max"] == high
        for before, after in itertools.pairwise(bands):
            assert after["min"] == before["max"] + 1


@by_definition
def test_scores_and_flags_are_named_and_flags_say_how_urgent(definition):
    if "scoring" not in definition:
        pytest.skip("not a scored instrument")
    names = [score["name"] for score in scores_of(definition)]
    assert len(names) == len(set(names))
    for flag in definition["scoring"].get("flags", []):
        assert flag["name"] and flag["label"] and flag["severity"] in {"info", "warning", "high"}


def test_phq9_has_nine_items_scored_0_to_3_with_the_published_answers():
    phq = DEFINITIONS["phq-9"]
    items = scores_of(phq)[0]["items"]
    assert items == [f"/phq_{n}" for n in range(1, 10)]
    for path in items:
        node = schema_at(phq["schema"], path)
        assert node["oneOf"] == [
            {"const": 0, "title": "Not at all"},
            {"const": 1, "title": "Several days"},
            {"const": 2, "title": "More than half the days"},
            {"const": 3, "title": "Nearly every day"},
        ]
    assert phq["schema"]["properties"]["phq_9"]["title"] == (
        "Thoughts that you would be better off dead or of hurting yourself in some way"
    )
    assert [flag["path"] for flag in phq["scoring"]["flags"]] == ["/phq_9"]
    assert phq["scoring"]["flags"][0]["severity"] == "high"
    assert scores_of(phq)[0]["code"]["code"] == "44261-6"
    assert phq["ui"]["sections"][0]["description"] == (
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    )


@pytest.mark.parametrize(
    ("slug", "items", "low", "high", "labels"),
    [
        ("phq-9", 9, 0, 27, ["Minimal", "Mild", "Moderate", "Moderately severe", "Severe"]),
        ("gad-7", 7, 0, 21, ["Minimal", "Mild", "Moderate", "Severe"]),
        ("ahc-hrsn", 4, 4, 20, ["Below the safety threshold", "Might not be safe"]),
    ],
)
def test_score_ranges_match_the_published_instruments(slug, items, low, high, labels):
    definition = DEFINITIONS[slug]
    main = scores_of(definition)[0]
    assert len(main["items"]) == items
    assert score_range(main, definition) == (low, high)
    assert [
        b["label"].split(" depression")[0].split(" anxiety")[0] for b in main["bands"]
    ] == labels


PHQ_ANSWERS = {f"phq_{n}": a for n, a in enumerate([1, 2, 0, 3, 1, 0, 2, 1, 0], 1)}
GAD_ANSWERS = {f"gad_{n}": a for n, a in enumerate([0, 1, 1, 2, 0, 3, 1], 1)}
AHC_ANSWERS = {
    "living_situation": "worried",
    "housing_problems": ["mold", "water_leaks"],
    "food_worried": "sometimes_true",
    "food_did_not_last": "never_true",
    "transportation": "no",
    "utilities": "already_shut_off",
    "safety_hurt": 1,
    "safety_insult": 3,
    "safety_threaten": 1,
    "safety_scream": 4,
}
INTAKE = {
    "given_name": "Maria",
    "family_name": "Lopez",
    "preferred_name": "Mari",
    "date_of_birth": "1984-03-09",
    "preferred_language": "es",
    "needs_interpreter": True,
    "phone": "(650) 555-0142",
    "contact_preference": "text",
    "address": {
        "street": "410 Grand Ave",
        "unit": "Apt 3",
        "city": "South San Francisco",
        "state": "CA",
        "zip": "94080",
    },
    "household_members": [
        {"name": "Diego Lopez", "relationship": "child", "date_of_birth": "2015-06-01"},
        {"name": "Ana Ruiz", "relationship": "parent", "age": 71, "monthly_income": 1183.27},
    ],
    "has_income": True,
    "income_sources": [
        {"source": "wages", "amount": 1919.99},
        {"source": "child_support", "amount": 250},
    ],
    "insurance": {"coverage": "medicaid", "member_id": "91234567A"},
    "needs_requested": ["food", "utilities"],
}
CONSENT = {
    "client_name": "Maria Lopez",
    "consent_to_services": True,
    "share_information": "yes",
    "recipients": [{"organisation": "Second Harvest Food Bank"}],
    "information_shared": ["contact", "screening"],
    "purpose": ["referral"],
    "expires_on": "2026-03-01",
    "understands_rights": True,
    "signed_by": "client",
    "signature_name": "Maria Lopez",
    "signed_on": "2025-03-01",
    "agreement": True,
}
CARE_PLAN = {
    "plan_date": "2025-03-01",
    "need_areas": ["food", "utilities"],
    "strengths": "Works steadily; close to her mother, who helps with childcare.",
    "goals": [
        {
            "statement": "Enough food for the family every week",
            "need_area": "food",
            "measurable_outcome": "Receives CalFresh benefits",
            "target_date": "2025-04-15",
            "status": "in_progress",
        },
    ],
    "tasks": [
        {
            "description": "Help Maria complete the CalFresh application",
            "goal_number": 1,
            "responsible": "care_manager",
            "due_date": "2025-03-08",
            "status": "to_do",
        },
    ],
    "review_date": "2025-04-01",
}

VALID = {
    "phq-9": {**PHQ_ANSWERS, "difficulty": "somewhat_difficult"},
    "gad-7": GAD_ANSWERS,
    "ahc-hrsn": AHC_ANSWERS,
    "adult-intake": INTAKE,
    "consent": CONSENT,
    "care-plan": CARE_PLAN,
}
INVALID = {
    "phq-9": {**PHQ_ANSWERS, "phq_9": 4},  # off the 0-3 scale
    "gad-7": {k: v for k, v in GAD_ANSWERS.items() if k != "gad_7"},  # an item missing
    "ahc-hrsn": {**AHC_ANSWERS, "housing_problems": ["mold", "none"]},  # "none" and a problem
    "adult-intake": {**INTAKE, "income_sources": []},  # has income, but no source
    "consent": {**CONSENT, "agreement": False},  # did not agree
    "care-plan": {**CARE_PLAN, "goals": [{"statement": "Housing"}]},  # goal without outcome
}


@by_definition
def test_an_example_submission_validates(definition):
    errors = submission_validator(definition).iter_errors(as_json(VALID[definition["id"]]))
    assert [f"{e.json_path}: {e.message}" for e in errors] == []


@by_definition
def test_an_obviously_wrong_submission_does_not(definition):
    assert not submission_validator(definition).is_valid(as_json(INVALID[definition["id"]]))


@pytest.mark.parametrize(
    "change",
    [
        {"date_of_birth": "09/03/1984"},
        {"email": "maria.example.org"},
        {"address": {**INTAKE["address"], "zip": "9408"}},
        {"address": {**INTAKE["address"], "state": "Calif."}},
        {"income_sources": [{"source": "wages", "amount": 19.999}]},
        {"income_sources": [{"source": "wages", "amount": -5}]},
        {"household_members": [{"name": "Diego Lopez", "relationship": "child"}]},  # no dob/age
        {"contact_preference": "email"},  # without an email address
        {"insurance": {"member_id": "123"}},  # a member id, but no coverage
        {"surname": "Lopez"},  # not a field of this form
    ],
)
def test_intake_rejects(change):
    validator = submission_validator(DEFINITIONS["adult-intake"])
    assert not validator.is_valid(as_json({**INTAKE, **change}))


def test_intake_can_text_needs_a_phone_number():
    validator = submission_validator(DEFINITIONS["adult-intake"])
    without_phone = {k: v for k, v in INTAKE.items() if k not in {"phone", "contact_preference"}}
    assert validator.is_valid(as_json(without_phone))
    assert not validator.is_valid(as_json({**without_phone, "phone_can_text": True}))


def test_intake_accepts_every_whole_number_of_cents():
    intake = DEFINITIONS["adult-intake"]
    amount = Draft202012Validator(schema_at(intake["schema"], "/income_sources/*/amount"))
    for cents in range(100_000):
        assert amount.is_valid(as_json(cents / 100)), cents / 100
    assert submission_validator(intake).is_valid(
        as_json({**INTAKE, "income_sources": [{"source": "wages", "amount": 19.99}]})
    )


def test_ahc_needs_follow_the_published_scoring():
    ahc = DEFINITIONS["ahc-hrsn"]
    assert needs_of(ahc, AHC_ANSWERS) == {"housing", "housing_quality", "food", "utilities"}
    assert (
        needs_of(
            ahc,
            {
                "living_situation": "steady",
                "housing_problems": ["none"],
                "food_worried": "never_true",
                "food_did_not_last": "never_true",
                "transportation": "no",
                "utilities": "no",
                "safety_hurt": 1,
                "safety_insult": 1,
                "safety_threaten": 1,
                "safety_scream": 1,
            },
        )
        == set()
    )
    assert needs_of(ahc, {"food_did_not_last": "often_true", "transportation": "yes"}) == {
        "food",
        "transportation",
    }
    assert needs_of(ahc, {}) == set(), "unanswered questions indicate no need"


def test_ahc_safety_need_is_exactly_a_sum_of_11_or_more():
    ahc = DEFINITIONS["ahc-hrsn"]
    keys = ["safety_hurt", "safety_insult", "safety_threaten", "safety_scream"]
    for answers in itertools.product(range(1, 6), repeat=4):
        positive = "safety" in needs_of(ahc, dict(zip(keys, answers, strict=True)))
        assert positive == (sum(answers) >= 11), answers
    three_answers = {"safety_hurt": 5, "safety_insult": 5, "safety_threaten": 5}
    assert "safety" not in needs_of(ahc, three_answers), "all four answers are needed"


def test_intake_needs_follow_the_requests():
    assert needs_of(DEFINITIONS["adult-intake"], INTAKE) == {"food", "utilities"}
