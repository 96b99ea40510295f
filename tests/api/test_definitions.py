"""Publishing definitions: checked against the format and JSON Schema, refused with pointers."""

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
PHQ9 = json.loads((ROOT / "form_definitions/instruments/phq-9.json").read_text())


def problems(response):
    assert response.status_code == 422, response.json
    return {e["pointer"]: e["message"] for e in response.json["errors"]}


def test_a_definition_is_published_as_version_1(api):
    assert api.post("/api/v1/forms", PHQ9).json == {"id": "phq-9", "version": 1}
    form = api.get("/api/v1/forms/phq-9").json
    assert form["definition"] == PHQ9
    assert (form["kind"], form["version"]) == ("assessment", 1)


def test_a_bare_schema_takes_its_id_and_title(api):
    bare = {"$id": "https://agency.example/forms/food-bank-intake.json", "title": "Food bank",
            "type": "object", "properties": {"name": {"type": "string"}}}
    assert api.post("/api/v1/forms", bare).json == {"id": "food-bank-intake", "version": 1}
    form = api.get("/api/v1/forms/food-bank-intake").json
    assert form["title"] == "Food bank"
    assert form["definition"]["schema"] == bare


def test_a_change_is_a_new_immutable_version_and_no_change_is_none(api):
    api.post("/api/v1/forms", PHQ9)
    assert api.put("/api/v1/forms/phq-9", PHQ9).json == {"id": "phq-9", "version": 1}
    changed = {**PHQ9, "title": "PHQ-9 (clinic copy)"}
    assert api.put("/api/v1/forms/phq-9", changed).json == {"id": "phq-9", "version": 2}
    assert api.get("/api/v1/forms/phq-9/versions/1").json["definition"] == PHQ9
    assert api.get("/api/v1/forms/phq-9").json["title"] == "PHQ-9 (clinic copy)"
    assert api.get("/api/v1/forms").json["forms"] == [
        {"id": "phq-9", "title": "PHQ-9 (clinic copy)", "kind": "assessment", "version": 2}
    ]


def test_put_cannot_rename_a_form(api):
    api.post("/api/v1/forms", PHQ9)
    response = api.put("/api/v1/forms/phq-9", {**PHQ9, "id": "gad-7"})
    assert problems(response) == {"/id": "Expected 'phq-9', found 'gad-7'."}


def obj(**properties):
    return {"type": "object", "properties": properties}


@pytest.mark.parametrize(
    ("document", "pointer", "fragment"),
    [
        ({"id": "x", "title": "X", "kind": "survey", "schema": obj()}, "/kind", ""),
        ({"id": "X Y", "title": "X", "kind": "intake", "schema": obj()}, "/id", ""),
        ({"id": "x", "title": "X", "kind": "intake", "schema": obj(), "colour": 1}, "", ""),
        ({"title": "T", **obj(a={"type": "strng"})}, "/properties/a/type", "draft 2020-12"),
        ({"title": "T", **obj(a={"$ref": "#/$defs/missing"})}, "/properties/a/$ref",
         "does not point at anything"),
        ({"title": "T", **obj(a={"$ref": "https://evil.example/s.json"})},
         "/properties/a/$ref", "nothing is ever fetched"),
        ({"title": "T", **obj(a={"$ref": "other.json#/x"})}, "/properties/a/$ref", ""),
        ({"title": "T", **obj(a={"type": "string", "pattern": "(unclosed"})},
         "/properties/a/pattern", "does not compile"),
        ({"id": "x", "title": "X", "kind": "intake", "schema": obj(a={"type": "string"}),
          "ui": {"fields": {"/b": {"help": "?"}}}}, "/ui/fields/~1b", "names no field"),
        ({"id": "x", "title": "X", "kind": "intake", "schema": obj(a={"$ref": "#/nowhere"})},
         "/schema/properties/a/$ref", ""),
        ({"id": "x", "title": "X", "kind": "intake", "schema": obj(a={"title": "A"}),
          "translations": {"es": {"/schema/properties/b/title": "B"}}},
         "/translations/es/~1schema~1properties~1b~1title", "names no text"),
    ],
)
def test_a_bad_definition_is_refused_at_the_offending_place(api, document, pointer, fragment):
    found = problems(api.post("/api/v1/forms", document))
    assert pointer in found, found
    assert fragment in found[pointer]
    assert api.get("/api/v1/forms").json["forms"] == []


def test_schemas_too_deep_or_too_big_are_refused(api, app):
    deep = {"type": "object"}
    for _ in range(40):
        deep = {"type": "object", "properties": {"x": deep}}
    found = problems(api.post("/api/v1/forms", {"title": "Deep", **deep}))
    assert "deeper than the limit" in " ".join(found.values())

    app.config["MAX_SCHEMA_BYTES"] = 2000
    big = obj(**{f"q{i}": {"type": "string", "title": f"Question {i}"} for i in range(100)})
    found = problems(api.post("/api/v1/forms", {"title": "Big", **big}))
    assert "the limit is 2000" in found[""]


def test_local_refs_and_recursion_are_fine(api):
    person = {
        "title": "Family tree", "type": "object", "$ref": "#/$defs/person",
        "$defs": {"person": {"type": "object", "properties": {
            "name": {"type": "string"},
            "children": {"type": "array", "items": {"$ref": "#/$defs/person"}}}}},
    }
    assert api.post("/api/v1/forms", person).status_code == 201
    ok = api.post("/api/v1/forms/family-tree/submissions",
                  {"data": {"name": "A", "children": [{"name": "B", "children": [{"name": 3}]}]}})
    assert ok.json["errors"] == [{"pointer": "/children/0/children/0/name",
                                  "message": "Enter text."}]
