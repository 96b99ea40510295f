"""Alternatives (oneOf/anyOf) are offered by names a person understands, never "Option 1"."""

from __future__ import annotations

import json
from pathlib import Path

from carebridge.config import DEFAULTS
from carebridge.renderer.compile import compile_definition

HOUSEHOLD_MEMBER = {
    "title": "Household member", "type": "object",
    "properties": {"name": {"title": "Name", "type": "string"},
                   "date_of_birth": {"title": "Date of birth", "type": "string"},
                   "age": {"title": "Age", "type": "integer"}},
    "anyOf": [{"required": ["date_of_birth"]}, {"required": ["age"]}],
}


def alternatives(schema: dict, title: str = "The form"):
    return compile_definition({"title": title, "schema": schema}).root


def test_untitled_branches_are_named_by_their_distinguishing_questions():
    node = alternatives(HOUSEHOLD_MEMBER)
    assert [b.label for b in node.branches] == ["Date of birth", "Age"]


def test_several_distinguishing_questions_are_listed():
    node = alternatives({"type": "object", "oneOf": [
        {"properties": {"street": {"title": "Street"}, "zip": {"title": "ZIP code"}}},
        {"properties": {"po_box": {"title": "PO box"}}},
    ]})
    assert [b.label for b in node.branches] == ["Street and ZIP code", "PO box"]


def test_a_branchs_own_title_wins_and_indistinct_branches_are_numbered():
    node = alternatives({"type": "object", "oneOf": [
        {"title": "By phone", "properties": {"phone": {"type": "string"}}},
        {"properties": {"phone": {"type": "string"}}, "required": ["phone"]},
        {"properties": {"phone": {"type": "string"}}, "required": ["phone"]},
    ]})
    assert [b.label for b in node.branches] == ["By phone", "Option 2", "Option 3"]


def test_a_discriminated_oneof_is_labelled_by_its_discriminating_question():
    node = alternatives({"type": "object", "properties": {
        "contact_kind": {"title": "Who is the contact?", "type": "string"}},
        "oneOf": [
            {"properties": {"contact_kind": {"const": "person", "title": "A person"},
                            "name": {"type": "string"}}},
            {"properties": {"contact_kind": {"const": "organization", "title": "An agency"},
                            "org": {"type": "string"}}},
        ]}, title="Emergency contact form")
    assert node.label == "Who is the contact?"
    assert [b.label for b in node.branches] == ["A person", "An agency"]
    # The branch radios say which it is: the fixed value rides along hidden, not shown twice.
    assert all(next(c for c in b.children if c.key == "contact_kind").discriminator
               for b in node.branches)


def test_a_discriminator_titled_in_every_branch_names_the_question_and_values_name_branches():
    node = alternatives({"type": "object", "oneOf": [
        {"properties": {"kind": {"const": "home_visit", "title": "Visit type"}}},
        {"properties": {"kind": {"const": "phone_call", "title": "Visit type"}}},
    ]})
    assert node.label == "Visit type"
    assert [b.label for b in node.branches] == ["Home visit", "Phone call"]


def test_a_titled_oneof_keeps_its_own_title():
    node = alternatives({"type": "object", "properties": {"x": {
        "title": "Contact", "oneOf": [
            {"type": "object", "properties": {"k": {"const": "a"}}},
            {"type": "object", "properties": {"k": {"const": "b"}}},
        ]}}}).child("x")
    assert node.label == "Contact"
    assert [b.label for b in node.branches] == ["A", "B"]


def test_the_shipped_adult_intake_offers_date_of_birth_or_age():
    folder = Path(DEFAULTS["FORM_DEFINITIONS_DIR"]) / "instruments"
    document = json.loads((folder / "adult-intake.json").read_text(encoding="utf-8"))
    member = compile_definition(document).root.child("household_members").item
    assert member.kind == "alternatives"
    assert [b.label for b in member.branches] == ["Date of birth", "Age"]
