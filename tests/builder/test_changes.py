"""The summary of changes between versions, and removed choice codes still in stored answers."""

from __future__ import annotations

from carebridge.builder import operations as ops
from carebridge.builder.changes import codes_in_use, compare, values_at


def version_one() -> dict:
    document, smoke = ops.add_question(ops.blank("Check"), "single_choice", "Do you smoke?")
    document = ops.set_choices(document, smoke, [("", "Yes"), ("", "No"), ("", "I used to")])
    document, _ = ops.add_question(document, "short_text", "Name")
    return document


def test_a_first_version_is_all_new():
    found = compare(None, version_one())
    assert found.added == ["Do you smoke?", "Name"] and not found.other


def test_added_removed_reworded_and_choice_changes_are_named():
    old = version_one()
    new = ops.set_property(old, ("name",), "label", "Full name")
    new = ops.set_choices(new, ("do_you_smoke",), [("yes", "Yes, every day"), ("no", "No"),
                                                   ("", "Only sometimes")])
    new, _ = ops.add_question(new, "date", "Date of birth")
    found = compare(old, new)
    assert found.added == ["Date of birth"]
    assert found.reworded == [("Name", "Full name")]
    change = found.choices["/do_you_smoke"]
    assert change.added == ["Only sometimes"]
    assert change.removed == [("i_used_to", "I used to")]
    assert change.relabelled == [("Yes", "Yes, every day")]
    assert found.removed_codes() == {"/do_you_smoke": ["i_used_to"]}
    gone = compare(new, ops.delete(new, ("do_you_smoke",)))
    assert gone.removed == ["Do you smoke?"]
    assert gone.removed_codes() == {"/do_you_smoke": ["yes", "no", "only_sometimes"]}


def test_other_changes_are_noticed_and_an_unchanged_form_is_nothing():
    old = version_one()
    assert compare(old, old).nothing
    helped = ops.set_property(old, ("name",), "help", "As on an ID card.")
    assert compare(old, helped).other and not compare(old, helped).nothing


def test_stored_values_are_found_through_repeat_groups_and_multiple_choices():
    data = {"household": [{"needs": ["food", "rent"]}, {"needs": ["food"]}], "x": "a"}
    assert list(values_at(data, "/household/*/needs")) == ["food", "rent", "food"]
    assert list(values_at(data, "/x")) == ["a"] and list(values_at(data, "/y")) == []
    stored = [{"smoke": "i_used_to"}, {"smoke": "yes"}, {"smoke": 1}]
    assert codes_in_use(stored, {"/smoke": ["i_used_to", "never", "1"]}) == {
        "/smoke": ["i_used_to"]}
