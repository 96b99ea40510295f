"""Builder operations: each edit is a pure function from one definition document to the next."""

from __future__ import annotations

import copy

import pytest

from carebridge.assessments.needs import indicated_needs
from carebridge.assessments.scoring import score
from carebridge.builder import layout, places, view
from carebridge.builder import operations as ops
from carebridge.builder.conditions import set_condition
from carebridge.builder.operations import EditRefused
from carebridge.builder.questions import PRESETS, TYPES, code_from_label
from carebridge.builder.rules import Row
from carebridge.builder.scoring_rows import Band, score_row, set_need_rule, set_score
from carebridge.config import DEFAULTS
from carebridge.forms.definitions import canonical_json, parse_definition
from carebridge.forms.validation import make_validator, problems


def checked(document: dict) -> dict:
    """The document after the checks publishing makes (raises when it would be refused)."""
    return parse_definition(document, DEFAULTS).document


def errors(document: dict, answers: dict) -> list[str]:
    return [p.pointer for p in problems(make_validator(document["schema"]), answers)]


@pytest.fixture
def form():
    return ops.blank("Smoking check", "smoking-check")


@pytest.mark.parametrize("kind", list(TYPES))
def test_every_question_type_makes_a_definition_publishing_accepts(form, kind):
    document, path = ops.add_question(form, kind, "What is it?")
    assert path == ("what_is_it",)
    checked(document)
    # A scored choice is a single choice with numbers; an address block, a group of questions.
    shown_as = {"scored_choice": "single_choice", "address": "group"}
    assert view.read(document).find(path).kind == shown_as.get(kind, kind)


def test_operations_never_change_the_document_they_are_given(form):
    before = copy.deepcopy(form)
    document, path = ops.add_question(form, "short_text", "Name")
    ops.set_property(document, path, "required", True)
    ops.delete(document, path)
    assert form == before and "name" not in ops.delete(document, path)["schema"]["properties"]


def test_codes_are_made_from_labels_and_stay_unique():
    assert code_from_label("Often true") == "often_true"
    assert code_from_label("¿Dónde vive?") == "donde_vive"
    assert code_from_label("2 or more") == "n2_or_more"
    assert code_from_label("Yes", ["yes"]) == "yes_2"


def test_a_required_single_choice_with_its_choices_edited(form):
    document, path = ops.add_question(form, "single_choice", "Do you smoke?")
    document = ops.set_property(document, path, "required", True)
    document = ops.set_choices(document, path, [("", "Yes"), ("", "No"), ("", "I used to")])
    schema = document["schema"]["properties"]["do_you_smoke"]
    assert [r["const"] for r in schema["oneOf"]] == ["yes", "no", "i_used_to"]
    assert document["schema"]["required"] == ["do_you_smoke"]
    assert errors(checked(document), {}) == ["/do_you_smoke"]


def test_a_published_code_keeps_its_value_while_its_label_changes(form):
    document, path = ops.add_question(form, "single_choice", "Do you smoke?")
    document = ops.set_choices(document, path, [("yes", "Yes, every day"), ("no", "No")])
    assert places.question(document, path)["oneOf"][0] == {"const": "yes",
                                                          "title": "Yes, every day"}
    with pytest.raises(EditRefused):
        ops.rename_code(document, path, "yes", "daily", locked={"yes", "no"})
    renamed = ops.rename_code(document, path, "yes", "daily")
    assert places.question(renamed, path)["oneOf"][0]["const"] == "daily"


def test_limits_and_pattern_presets_with_their_plain_words(form):
    document, path = ops.add_question(form, "short_text", "Home phone")
    document = ops.set_property(document, path, "pattern", "us_phone")
    schema = places.question(document, path)
    assert schema["pattern"] == PRESETS["us_phone"].pattern
    assert "10 digits" in schema["description"]
    assert errors(checked(document), {"home_phone": "(650) 555-0100"}) == []
    assert errors(document, {"home_phone": "555"}) == ["/home_phone"]
    document = ops.set_property(document, path, "pattern", "")
    assert "pattern" not in places.question(document, path)
    assert "description" not in places.question(document, path)
    number, age = ops.add_question(form, "whole_number", "Age")
    number = ops.set_property(number, age, "minimum", "0")
    number = ops.set_property(number, age, "maximum", "120")
    assert errors(number, {"age": 121}) == ["/age"]
    with pytest.raises(EditRefused):
        ops.set_property(number, age, "minimum", "130")


def test_label_help_placeholder_and_default(form):
    document, path = ops.add_question(form, "short_text", "Name")
    document = ops.set_property(document, path, "label", "Full name")
    document = ops.set_property(document, path, "help", "As on an ID card.")
    document = ops.set_property(document, path, "placeholder", "Ada Lovelace")
    document = ops.set_property(document, path, "default", "")
    item = view.read(checked(document)).find(path)
    assert (item.label, item.help, item.ui) == ("Full name", "As on an ID card.",
                                                 {"placeholder": "Ada Lovelace"})
    with pytest.raises(EditRefused):
        ops.set_property(document, path, "label", " ")


def test_sections_moves_up_down_and_between_sections(form):
    document, a = ops.add_question(form, "short_text", "A")
    document, b = ops.add_question(document, "short_text", "B")
    document = layout.add_section(document, "About you")
    document = layout.add_section(document, "Smoking", first="b")
    assert document["ui"]["sections"] == [{"title": "About you", "fields": ["a"]},
                                          {"title": "Smoking", "fields": ["b"]}]
    document, c = ops.add_question(document, "short_text", "C", section=0)
    assert document["ui"]["sections"][0]["fields"] == ["a", "c"]
    document = layout.move(document, c, -1)
    assert document["ui"]["sections"][0]["fields"] == ["c", "a"]
    document = layout.move(document, a, 1)  # past the end of its section: into the next one
    assert [s["fields"] for s in document["ui"]["sections"]] == [["c"], ["a", "b"]]
    document = layout.move_to(document, b, 0)
    assert [s["fields"] for s in document["ui"]["sections"]] == [["c", "b"], ["a"]]
    checked(document)
    with pytest.raises(EditRefused):
        layout.move_to(document, a, 0)  # "Smoking" would be left empty
    wizard = layout.use_pages(document, True)
    assert [p["id"] for p in wizard["ui"]["pages"]] == ["about-you", "smoking"]
    checked(wizard)


def test_questions_inside_groups_and_repeat_groups(form):
    document, household = ops.add_question(form, "repeat", "Household members")
    document, name = ops.add_question(document, "short_text", "Name", parents=household)
    document, age = ops.add_question(document, "whole_number", "Age", parents=household)
    assert places.data_path(document, age) == "/household_members/*/age"
    document = layout.move(document, age, -1)
    assert document["ui"]["fields"]["/household_members"]["order"] == ["age", "name"]
    document = ops.set_property(document, name, "required", True)
    assert errors(checked(document), {"household_members": [{"age": 4}]}) == [
        "/household_members/0/name"]
    item = view.read(document).find(household)
    assert [c.name for c in item.children] == ["age", "name"]


def test_duplicate_copies_a_question_and_its_presentation_after_it(form):
    document, path = ops.add_question(form, "long_text", "Notes")
    document = ops.set_property(document, path, "required", True)
    document = layout.add_section(document, "Notes")
    document, copied = ops.duplicate(document, path)
    assert copied == ("notes_copy",)
    assert places.question(document, copied)["title"] == "Notes (copy)"
    assert document["ui"]["fields"]["/notes_copy"] == {"widget": "textarea"}
    assert document["ui"]["sections"][0]["fields"] == ["notes", "notes_copy"]
    assert document["schema"]["required"] == ["notes", "notes_copy"]


def test_delete_removes_every_trace_and_an_unchanged_reload_is_identical(form):
    document, path = ops.add_question(form, "single_choice", "Do you smoke?")
    document = layout.add_section(document, "Smoking")
    document, other = ops.add_question(document, "short_text", "Name")
    gone = ops.delete(document, path)
    assert canonical_json(gone) == canonical_json(
        layout.add_section(ops.add_question(form, "short_text", "Name")[0], "Smoking"))


def test_a_condition_in_words_shows_the_follow_up_only_when_it_holds(form):
    document, smokes = ops.add_question(form, "single_choice", "Do you smoke?")
    document = ops.set_property(document, smokes, "required", True)
    document, packs = ops.add_question(document, "whole_number", "Packs per day")
    document = ops.set_property(document, packs, "required", True)
    document = set_condition(document, "packs_per_day", [Row("do_you_smoke", "is", "yes")])
    document = checked(document)
    assert errors(document, {"do_you_smoke": "yes"}) == ["/packs_per_day"]
    assert errors(document, {"do_you_smoke": "yes", "packs_per_day": 1}) == []
    assert errors(document, {"do_you_smoke": "no"}) == []
    assert errors(document, {"do_you_smoke": "no", "packs_per_day": 1}) != []
    item = view.read(document).find(packs)
    assert item.condition == ([Row("do_you_smoke", "is", "yes")], "and")
    assert item.condition_words == "Do you smoke? is Yes"
    assert item.required
    back = set_condition(document, "packs_per_day", [])
    assert "allOf" not in back["schema"] and back["schema"]["required"] == [
        "do_you_smoke", "packs_per_day"]


def test_conditions_join_with_and_or_or(form):
    document, a = ops.add_question(form, "yes_no", "Smokes")
    document, b = ops.add_question(document, "whole_number", "Age")
    document, c = ops.add_question(document, "short_text", "Advice")
    either = set_condition(document, "advice", [Row("smokes", "is", True),
                                                 Row("age", "at_least", 65)], "or")
    assert errors(either, {"age": 70, "advice": "x"}) == []
    assert errors(either, {"age": 20, "advice": "x"}) != []
    both = set_condition(document, "advice", [Row("smokes", "is", True),
                                               Row("age", "at_least", 65)], "and")
    assert errors(both, {"age": 70, "advice": "x"}) != []
    assert errors(both, {"smokes": True, "age": 70, "advice": "x"}) == []
    words = view.read(both).find(("advice",)).condition_words
    assert words == "Smokes is Yes and Age is at least 65"
    with pytest.raises(EditRefused):
        set_condition(document, "advice", [Row("advice", "answered")])


def test_deleting_the_question_a_condition_reads_shows_its_follow_ups_always(form):
    document, a = ops.add_question(form, "yes_no", "Smokes")
    document, b = ops.add_question(document, "whole_number", "Packs")
    document = set_condition(document, "packs", [Row("smokes", "is", True)])
    left = ops.delete(document, a)
    assert list(left["schema"]["properties"]) == ["packs"] and "allOf" not in left["schema"]


def phq2(form: dict) -> dict:
    document, one = ops.add_question(form, "scored_choice", "Little interest or pleasure")
    document, two = ops.add_question(document, "scored_choice", "Feeling down or hopeless")
    for path in (one, two):
        document = ops.set_property(document, path, "required", True)
    document = set_score(document, "phq_2", label="PHQ-2", method="sum",
                         items=["/little_interest_or_pleasure", "/feeling_down_or_hopeless"],
                         bands=[Band(3, 6, "Positive screen"), Band(0, 2, "Negative screen")])
    return set_need_rule(document, None, need="mental_health", label="Depression screen",
                         rows=[score_row("phq_2", "at_least", 3)])


def test_a_phq_2_style_score_with_bands_and_a_need_rule(form):
    document = checked(phq2(form))
    answers = {"little_interest_or_pleasure": 2, "feeling_down_or_hopeless": 1}
    result = score(document, answers).as_json()
    assert result["scores"] == [{"name": "phq_2", "label": "PHQ-2", "value": 3,
                                 "band": "Positive screen"}]
    assert [n.code for n in indicated_needs(document, answers)] == ["mental_health"]
    assert indicated_needs(document, {"little_interest_or_pleasure": 1,
                                      "feeling_down_or_hopeless": 1}) == []
    shown = view.read(document)
    assert shown.needs[0].rows == [score_row("phq_2", "at_least", 3)]


def test_need_rules_from_answer_rows(form):
    document, path = ops.add_question(form, "single_choice", "Food ran out")
    document = ops.set_choices(document, path, [("", "Often true"), ("", "Sometimes true"),
                                                ("", "Never true")])
    document = set_need_rule(document, None, need="food", label="Food insecurity",
                             rows=[Row("food_ran_out", "is_one_of",
                                       ("often_true", "sometimes_true"))])
    document = checked(document)
    assert [n.code for n in indicated_needs(document, {"food_ran_out": "often_true"})] == [
        "food"]
    assert indicated_needs(document, {"food_ran_out": "never_true"}) == []
    assert indicated_needs(document, {}) == []


def test_deleting_a_scored_item_takes_it_out_of_the_score(form):
    document = phq2(form)
    left = ops.delete(document, ("feeling_down_or_hopeless",))
    assert left["scoring"]["scores"][0]["items"] == ["/little_interest_or_pleasure"]


def test_an_advanced_block_is_replaced_by_its_json(form):
    document, path = ops.add_question(form, "short_text", "Code")
    document = ops.set_json(document, "/schema/properties/code",
                            {"type": "string", "title": "Code", "oneOf": [
                                {"type": "string", "pattern": "^[A-Z]{3}$"},
                                {"type": "string", "pattern": "^[0-9]{3}$"}]})
    item = view.read(document).find(path)
    assert item.kind == "advanced" and item.advanced["oneOf"][1]["pattern"] == "^[0-9]{3}$"
    checked(document)


def test_who_sees_a_question_staff_only_or_also_on_kiosks(form):
    document, path = ops.add_question(form, "long_text", "Worker notes")
    document = ops.set_property(document, path, "staff_only", True)
    assert document["ui"]["fields"]["/worker_notes"]["staff_only"] is True
    with pytest.raises(EditRefused):
        ops.set_property(document, path, "required", True)
    checked(document)
    document = ops.set_property(document, path, "staff_only", False)
    assert document["ui"]["fields"]["/worker_notes"] == {"widget": "textarea"}
    required = ops.set_property(document, path, "required", True)
    with pytest.raises(EditRefused):
        ops.set_property(required, path, "staff_only", True)


def test_deleting_a_question_or_a_score_takes_the_rules_that_read_it(form):
    document = phq2(form)
    document = set_need_rule(document, None, need="mental_health", label="Either answer",
                             rows=[Row("little_interest_or_pleasure", "is", 3),
                                   Row("feeling_down_or_hopeless", "is", 3)])
    document = ops.delete(document, ("little_interest_or_pleasure",))
    assert view.read(document).needs[1].rows == [Row("feeling_down_or_hopeless", "is", 3)]
    document = ops.delete(document, ("feeling_down_or_hopeless",))
    assert [r["label"] for r in document["needs"]] == ["Depression screen"]
    from carebridge.builder.scoring_rows import remove_score, set_flag

    flagged = set_flag(document, None, message="Call today.", score="phq_2", low=5)
    gone = remove_score(flagged, "phq_2")
    assert "scoring" not in gone and "needs" not in gone


def test_a_range_moves_in_one_change(form):
    document, age = ops.add_question(form, "whole_number", "Age")
    document = ops.set_limits(document, age, {"minimum": "0", "maximum": "10"})
    document = ops.set_limits(document, age, {"minimum": "20", "maximum": "30"})
    assert places.question(document, age) == {"type": "integer", "title": "Age",
                                              "minimum": 20, "maximum": 30}
    with pytest.raises(EditRefused):
        ops.set_limits(document, age, {"minimum": "40"})


def test_a_condition_inside_a_repeat_group_reads_the_questions_beside_it(form):
    document, members = ops.add_question(form, "repeat", "Household members")
    document, relation = ops.add_question(document, "single_choice", "Relationship",
                                          parents=members)
    document = ops.set_choices(document, relation, [("", "Child"), ("", "Partner")])
    document, school = ops.add_question(document, "short_text", "School", parents=members)
    document = ops.set_property(document, school, "required", True)
    document = set_condition(document, school, [Row("relationship", "is", "child")])
    document = checked(document)
    assert errors(document, {"household_members": [
        {"relationship": "child"}, {"relationship": "partner"}]}) == [
        "/household_members/0/school"]
    assert errors(document, {"household_members": [{"relationship": "partner",
                                                     "school": "x"}]}) != []
    item = view.read(document).find(school)
    assert item.condition_words == "Relationship is Child" and item.required
    assert places.data_path(document, school) == "/household_members/*/school"
    gone = ops.delete(document, relation)
    assert "school" in places.group_object(gone["schema"]["properties"][
        "household_members"])["properties"]
