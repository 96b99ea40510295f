"""Loading any definition into the builder and saving it unchanged gives back the same JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carebridge.builder import view
from carebridge.forms.definitions import canonical_json

ROOT = Path(__file__).parents[2]


def is_definition(path: Path) -> bool:
    """A form definition (a document with a form `schema`), not some other JSON file."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(document, dict) and isinstance(document.get("schema"), dict) \
        and "$schema" not in document


DEFINITIONS = sorted(
    p for folder in ("form_definitions", "tests", "plugins", "platform")
    for p in (ROOT / folder).rglob("*.json")
    if "node_modules" not in p.parts and is_definition(p)
)


def test_every_shipped_and_test_definition_is_covered():
    names = {p.name for p in DEFINITIONS}
    assert {"phq-9.json", "adult-intake.json", "intake-everything.json",
            "food-pantry-visit.json", "recursive.json"} <= names


@pytest.mark.parametrize("path", DEFINITIONS, ids=lambda p: str(p.relative_to(ROOT)))
def test_load_and_save_unchanged_gives_the_identical_canonical_json(path):
    document = json.loads(path.read_text(encoding="utf-8"))
    assert canonical_json(view.write(view.read(document))) == canonical_json(document)


@pytest.mark.parametrize("path", DEFINITIONS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_question_is_shown_once_and_what_is_not_a_question_is_kept_as_advanced(path):
    document = json.loads(path.read_text(encoding="utf-8"))
    shown = view.read(document)
    names = [i.name for i in shown.items]
    assert len(names) == len(set(names))
    assert set(names) == set(document["schema"].get("properties", {})) | {
        n for r in document["schema"].get("allOf", []) if isinstance(r, dict)
        for n in (r.get("then") or {}).get("properties", {})
        if n not in document["schema"].get("properties", {})}
    for block in shown.advanced:
        assert block.value == _at(document, block.pointer)


def _at(document: dict, pointer: str):
    node = document
    for part in pointer.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def test_hand_written_alternatives_and_refs_are_advanced_blocks_kept_exactly():
    document = json.loads((ROOT / "tests/renderer/schemas/intake-everything.json").read_text())
    shown = view.read(document)
    advanced = {i.name: i for i in shown.all_items() if i.kind == "advanced"}
    assert advanced, "intake-everything has hand-written schemas the builder cannot show"
    for item in advanced.values():
        assert item.advanced == item.schema
    assert {b.pointer for b in shown.advanced} >= {"/schema/if", "/schema/then",
                                                   "/schema/dependentSchemas"}


def test_a_question_using_a_shared_scale_shows_the_scales_choices():
    document = json.loads((ROOT / "form_definitions/instruments/phq-9.json").read_text())
    item = view.read(document).find(("phq_1",))
    assert item.kind == "single_choice" and item.shared == "#/$defs/frequency"
    assert [c["const"] for c in item.choices] == [0, 1, 2, 3]
    assert item.advanced == {}


def unchanged_panel(item) -> dict:
    """What the property panel posts for ``item`` when the admin changes nothing."""
    from carebridge.builder.questions import preset_of

    fields = {"op": "panel", "path": "/".join(
        p.replace("~", "~0").replace("/", "~1") for p in item.path),
        "label": item.label, "help": item.help, "required_shown": "1",
        "staff_only_shown": "1"}
    if item.required:
        fields["required"] = "1"
    if item.ui.get("staff_only"):
        fields["staff_only"] = "1"
    for key in ("placeholder", "widget", "add_label"):
        fields[key] = str(item.ui.get(key, ""))
    for key in ("minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems",
                "default"):
        if key in item.schema and not isinstance(item.schema[key], dict | list | bool):
            fields[key] = str(item.schema[key])
    fields["pattern"] = preset_of(item.schema.get("pattern"))
    return fields


@pytest.mark.parametrize("path", DEFINITIONS, ids=lambda p: str(p.relative_to(ROOT)))
def test_saving_every_questions_panel_unchanged_changes_nothing(path):
    from werkzeug.datastructures import MultiDict

    from carebridge.builder import posted

    document = json.loads(path.read_text(encoding="utf-8"))
    for item in view.read(document).all_items():
        if item.kind == "advanced":
            continue  # shown as JSON only
        after = posted.apply(document, MultiDict(unchanged_panel(item))).document
        assert canonical_json(after) == canonical_json(document), item.path


@pytest.mark.parametrize("path", DEFINITIONS, ids=lambda p: str(p.relative_to(ROOT)))
def test_saving_every_choice_list_unchanged_changes_nothing(path):
    from werkzeug.datastructures import MultiDict

    from carebridge.builder import posted

    document = json.loads(path.read_text(encoding="utf-8"))
    for item in view.read(document).all_items():
        if not item.choices or item.shared or item.kind == "advanced":
            continue
        fields = MultiDict([("op", "choices"), ("path", "/".join(item.path))])
        for row in item.choices:
            fields.add("code", str(row["const"]))
            fields.add("choice", str(row.get("title", row["const"])))
        after = posted.apply(document, fields).document
        assert canonical_json(after) == canonical_json(document), item.path


def test_a_simple_dependent_schema_reads_as_a_condition_in_words_and_stays_as_written():
    document = json.loads((ROOT / "tests/renderer/schemas/intake-everything.json").read_text())
    block = next(b for b in view.read(document).advanced
                 if b.pointer == "/schema/dependentSchemas")
    assert block.words == ["Shows “May we text this number?” when Phone is answered."]
    assert block.value == document["schema"]["dependentSchemas"]
    assert canonical_json(view.write(view.read(document))) == canonical_json(document)


@pytest.mark.parametrize("dependent", [
    {"phone": {"properties": {"text_ok": {"type": "boolean"}}, "not": {"required": ["x"]}}},
    {"phone": {"properties": {"name": {"type": "string", "minLength": 2}}}},  # tightens a question
    {"phone": {"required": ["email"]}},  # only makes another answer required
    {"nobody": {"properties": {"text_ok": {"type": "boolean"}}}},
    {"phone": {"properties": {"text_ok": {"type": "boolean"}}, "required": ["fax"]}},
])
def test_a_dependent_schema_that_is_more_than_a_condition_reads_only_as_json(dependent):
    document = json.loads((ROOT / "tests/renderer/schemas/intake-everything.json").read_text())
    document["schema"]["dependentSchemas"] = dependent
    block = next(b for b in view.read(document).advanced
                 if b.pointer == "/schema/dependentSchemas")
    assert block.words == [] and block.value == dependent
