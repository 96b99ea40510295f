"""Translations follow their texts through builder edits, and leave with deleted ones."""

from __future__ import annotations

import json
from pathlib import Path

from werkzeug.datastructures import MultiDict

from carebridge.builder import posted
from carebridge.config import DEFAULTS
from carebridge.forms.definitions import parse_definition

ROOT = Path(__file__).parents[2]


def shipped(name: str) -> dict:
    return json.loads((ROOT / "form_definitions" / "instruments" / name).read_text())


def edit(document: dict, **fields) -> dict:
    return posted.apply(document, MultiDict(fields)).document


def test_deleting_a_question_takes_its_translations_and_keeps_the_rest():
    phq = shipped("phq-9.json")
    spanish = phq["translations"]["es"]
    after = edit(phq, op="delete", path="phq_3")
    kept = after["translations"]["es"]
    assert not any("phq_3" in p for p in kept)
    assert kept["/schema/properties/phq_9/title"] == spanish["/schema/properties/phq_9/title"]
    parse_definition(after, DEFAULTS)  # publishing accepts it: no pointer names nothing


def test_a_follow_up_takes_its_translations_into_the_rule_that_shows_it():
    intake = shipped("adult-intake.json")
    before = intake["translations"]["es"]["/schema/properties/preferred_name/title"]
    after = edit(intake, op="condition", path="preferred_name",
                 when=[json.dumps(["needs_interpreter", True])], negate=["0"], join="and")
    rule = len(after["schema"]["allOf"]) - 1
    moved = f"/schema/allOf/{rule}/then/properties/preferred_name/title"
    assert after["translations"]["es"][moved] == before
    parse_definition(after, DEFAULTS)


def test_sections_and_choices_renumbered_keep_their_translations():
    ahc = shipped("ahc-hrsn.json")
    spanish = ahc["translations"]["es"]
    second = ahc["ui"]["sections"][1]["title"]
    after = edit(ahc, op="section_remove", index="0")
    assert after["ui"]["sections"][0]["title"] == second
    assert after["translations"]["es"].get("/ui/sections/0/title") == spanish.get(
        "/ui/sections/1/title")
    parse_definition(after, DEFAULTS)


def test_a_removed_choice_takes_its_translation_and_the_others_follow_their_choices():
    intake = shipped("adult-intake.json")
    spanish = intake["translations"]["es"]
    rows = intake["schema"]["properties"]["contact_preference"]["oneOf"]
    after = edit(intake, op="choices", path="contact_preference",
                 code=[r["const"] for r in rows], choice=[""] + [r["title"] for r in rows[1:]])
    kept = after["translations"]["es"]
    base = "/schema/properties/contact_preference/oneOf"
    assert kept[f"{base}/0/title"] == spanish[f"{base}/1/title"]  # "text" moved up
    assert f"{base}/4/title" not in kept
    parse_definition(after, DEFAULTS)


def test_sections_turned_into_wizard_pages_keep_their_translations():
    consent = shipped("consent.json")
    spanish = consent["translations"]["es"]
    after = edit(consent, op="pages", on="1")
    kept = after["translations"]["es"]
    assert "/ui/sections/0/title" not in kept
    assert kept["/ui/pages/0/title"] == spanish["/ui/sections/0/title"]
    parse_definition(after, DEFAULTS)
