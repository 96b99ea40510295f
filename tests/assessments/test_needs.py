"""Every need rule of every shipped definition, over every combination of the answers it reads."""

from __future__ import annotations

import itertools
import random

import pytest

from carebridge.assessments.needs import indicated_needs
from carebridge.assessments.scoring import score
from carebridge.assessments.vocabulary import shipped_vocabulary
from tests.assessments.conftest import load, shipped

ABSENT = object()


def needs_of(definition, answers):
    return {need.code for need in indicated_needs(definition, answers)}


def without_absent(answers: dict) -> dict:
    return {key: value for key, value in answers.items() if value is not ABSENT}


def test_every_need_a_shipped_definition_names_is_in_the_vocabulary():
    used = {rule["need"] for d in shipped().values() for rule in d.get("needs", [])}
    assert used <= set(shipped_vocabulary().codes())


@pytest.mark.parametrize("item_9", [ABSENT, 0, 1, 2, 3])
def test_phq9_mental_health_need_follows_item_9(item_9):
    answers = without_absent({**{f"phq_{n}": 0 for n in range(1, 9)}, "phq_9": item_9})
    expected = {"mental_health"} if item_9 is not ABSENT and item_9 >= 1 else set()
    assert needs_of(load("phq-9"), answers) == expected


LIVING = [ABSENT, "steady", "worried", "not_steady"]
PROBLEMS = ["pests", "mold", "lead", "no_heat", "stove", "smoke_detectors", "water_leaks"]
FOOD = [ABSENT, "often_true", "sometimes_true", "never_true"]
YES_NO = [ABSENT, "yes", "no"]
UTILITIES = [ABSENT, "yes", "no", "already_shut_off"]


def housing_problem_answers():
    yield ABSENT
    yield ["none"]
    for size in range(1, len(PROBLEMS) + 1):
        yield from (list(c) for c in itertools.combinations(PROBLEMS, size))


def test_ahc_problem_codes_are_the_definitions_own():
    node = load("ahc-hrsn")["schema"]["properties"]["housing_problems"]["items"]
    assert {choice["const"] for choice in node["oneOf"]} == {*PROBLEMS, "none"}


def test_ahc_housing_food_transport_and_utility_needs_for_every_combination():
    ahc = load("ahc-hrsn")
    problems = list(housing_problem_answers())
    combinations = list(itertools.product(LIVING, FOOD, FOOD, YES_NO, UTILITIES))
    # Every combination of the other answers, and every set of housing problems; the housing
    # problems take turns through the combinations (each rule reads its own question).
    cases = 0
    for index in range(max(len(combinations), len(problems))):
        living, food_worried, food_last, transport, utilities = combinations[
            index % len(combinations)]
        for housing_problems in [problems[index % len(problems)]]:
            answers = without_absent({
                "living_situation": living, "housing_problems": housing_problems,
                "food_worried": food_worried, "food_did_not_last": food_last,
                "transportation": transport, "utilities": utilities,
            })
            expected = set()
            if living in ("worried", "not_steady"):
                expected.add("housing")
            if housing_problems is not ABSENT and housing_problems != ["none"]:
                expected.add("housing_quality")
            if {food_worried, food_last} & {"often_true", "sometimes_true"}:
                expected.add("food")
            if transport == "yes":
                expected.add("transportation")
            if utilities in ("yes", "already_shut_off"):
                expected.add("utilities")
            assert needs_of(ahc, answers) == expected, answers
            cases += 1
    assert cases == len(combinations) == 768


def test_ahc_safety_need_is_exactly_a_safety_score_of_11_or_more():
    ahc = load("ahc-hrsn")
    keys = ["safety_hurt", "safety_insult", "safety_threaten", "safety_scream"]
    for answers in itertools.product(range(1, 6), repeat=4):
        submission = dict(zip(keys, answers, strict=True))
        scored = score(ahc, submission)
        assert scored.values() == {"safety": sum(answers)}
        assert ("safety" in needs_of(ahc, submission)) == (sum(answers) >= 11), answers
    for missing in keys:  # three answers, however high, give no score and so no need
        partial = {key: 5 for key in keys if key != missing}
        assert "safety" not in needs_of(ahc, partial)


INTAKE_NEEDS = ["food", "housing", "housing_quality", "utilities", "transportation", "safety",
                "financial", "employment", "childcare", "health", "mental_health", "legal",
                "education"]


def test_intake_needs_are_exactly_what_the_client_asked_for_in_every_combination():
    intake = load("adult-intake")
    node = intake["schema"]["properties"]["needs_requested"]["items"]
    offered = [choice["const"] for choice in node["oneOf"]]
    assert set(offered) >= set(INTAKE_NEEDS)
    assert needs_of(intake, {}) == set()
    # Each rule reads only whether its own code was asked for: every single code, every pair,
    # every set but one, all of them, and a fixed sample of the other sets.
    sets = [[c] for c in INTAKE_NEEDS] + [list(p) for p in itertools.combinations(INTAKE_NEEDS, 2)]
    sets += [[c for c in INTAKE_NEEDS if c != left_out] for left_out in INTAKE_NEEDS]
    sets += [INTAKE_NEEDS] + [random.Random(seed).sample(INTAKE_NEEDS, seed % 12 + 1)
                              for seed in range(200)]
    for asked in sets:
        assert needs_of(intake, {"needs_requested": asked}) == set(asked)
    others = [code for code in offered if code not in INTAKE_NEEDS]
    assert needs_of(intake, {"needs_requested": others}) == set()


def test_a_need_is_listed_once_with_its_first_matching_rule():
    definition = {"needs": [
        {"need": "food", "label": "First", "when": {"required": ["a"]}},
        {"need": "food", "label": "Second", "when": {"required": ["b"]}},
    ]}
    assert [n.label for n in indicated_needs(definition, {"a": 1, "b": 1})] == ["First"]
    assert [n.label for n in indicated_needs(definition, {"b": 1})] == ["Second"]


def test_a_rule_can_test_raised_flags():
    ahc = load("ahc-hrsn")
    ahc["needs"] = [{"need": "safety", "label": "Hurt", "about": "answers_and_scores",
                     "when": {"properties": {"flags": {"contains": {"const": "physically_hurt"}}}}}]
    assert needs_of(ahc, {"safety_hurt": 2}) == {"safety"}
    assert needs_of(ahc, {"safety_hurt": 1}) == set()
