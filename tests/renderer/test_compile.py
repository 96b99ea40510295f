"""Schema → fields: each draft 2020-12 construct becomes the field a person expects."""

import pytest

from carebridge.renderer.compile import compile_definition, compiled_for


def field_for(schema, ui=None, path=("x",)):
    root = compile_definition({
        "title": "T", "schema": {"type": "object", "properties": {"x": schema}}, "ui": ui or {}
    }).root
    node = root
    for key in path:
        node = node.child(key) if node.kind == "object" else node.item
    return node


@pytest.mark.parametrize("schema, kind, input_type", [
    ({"type": "string"}, "string", "text"),
    ({"type": "string", "format": "date"}, "string", "date"),
    ({"type": "string", "format": "date-time"}, "string", "datetime-local"),
    ({"type": "string", "format": "time"}, "string", "time"),
    ({"type": "string", "format": "email"}, "string", "email"),
    ({"type": "string", "format": "uri"}, "string", "url"),
    ({"type": "string", "format": "tel"}, "string", "tel"),
    ({"type": "number"}, "number", "number"),
    ({"type": "integer"}, "integer", "number"),
    ({"type": ["string", "null"]}, "string", "text"),
])
def test_scalars_become_native_inputs(schema, kind, input_type):
    node = field_for(schema)
    assert node.kind == kind
    assert node.input_type == input_type


def test_boolean_is_a_yes_no_choice_unless_a_toggle():
    assert field_for({"type": "boolean"}).widget == "radio"
    toggle = {"fields": {"/x": {"widget": "toggle"}}}
    assert field_for({"type": "boolean"}, toggle).widget == "toggle"


def test_null_and_const():
    assert field_for({"type": "null"}).kind == "null"
    node = field_for({"const": "v1"})
    assert node.kind == "const"
    assert node.choices[0].value == "v1"


def test_choices_pick_radios_select_or_search_by_count():
    assert field_for({"enum": ["a", "b"]}).widget == "radio"
    assert field_for({"enum": [str(i) for i in range(12)]}).widget == "select"
    assert field_for({"enum": [str(i) for i in range(80)]}).widget == "searchable-select"


def test_labelled_one_of_consts_are_choices_with_titles():
    node = field_for({"oneOf": [{"const": 1, "title": "Never"}, {"const": 2, "title": "Often"}]})
    assert node.kind == "choice"
    choices = [(c.value, c.label, c.html) for c in node.choices]
    assert choices == [(1, "Never", "1"), (2, "Often", "2")]


def test_unique_enum_arrays_are_checkboxes():
    node = field_for({"type": "array", "uniqueItems": True, "items": {"enum": ["a", "b"]}})
    assert node.kind == "multichoice"
    assert node.widget == "checkboxes"


def test_constraints_become_html_attributes():
    num = field_for({"type": "integer", "minimum": 0, "exclusiveMaximum": 10, "multipleOf": 2})
    assert num.attrs["min"] == 0
    assert num.attrs["max"] == 9
    assert num.attrs["step"] == 2
    text = field_for({"type": "string", "minLength": 2, "maxLength": 5, "pattern": "^[A-Z]+$"})
    assert (text.attrs["minlength"], text.attrs["maxlength"]) == (2, 5)
    assert text.attrs["pattern"] == "(?:[A-Z]+)"
    assert field_for({"type": "string", "pattern": "ab"}).attrs["pattern"] == ".*(?:ab).*"


def test_long_strings_and_ui_hint_become_textareas():
    assert field_for({"type": "string", "maxLength": 2000}).kind == "textarea"
    hint = {"fields": {"/x": {"widget": "textarea"}}}
    assert field_for({"type": "string"}, hint).kind == "textarea"


def test_named_widgets_set_their_input_type():
    secret = field_for({"type": "string"}, {"fields": {"/x": {"widget": "password"}}})
    assert (secret.widget, secret.input_type) == ("password", "password")
    slider = field_for({"type": "integer", "minimum": 0, "maximum": 10},
                       {"fields": {"/x": {"widget": "range"}}})
    assert (slider.input_type, slider.attrs["min"], slider.attrs["max"]) == ("range", 0, 10)
    assert field_for({"type": "integer"}).input_type == "number"


def test_description_title_examples_default_readonly():
    node = field_for({
        "type": "string", "title": "Name", "description": "As on ID", "examples": ["Ana"],
        "default": "x", "readOnly": True,
    })
    assert (node.label, node.help, node.attrs["placeholder"]) == ("Name", "As on ID", "Ana")
    assert node.default == "x"
    assert node.read_only


def test_nested_objects_and_ui_order():
    node = field_for(
        {"type": "object", "required": ["b"], "properties": {"a": {}, "b": {"type": "string"}}},
        {"fields": {"/x": {"order": ["b", "a"]}, "/x/b": {"label": "Bee"}}},
    )
    assert node.kind == "object"
    assert [c.key for c in node.children] == ["b", "a"]
    assert node.children[0].label == "Bee"
    assert node.children[0].required


def test_arrays_of_objects_are_repeat_groups_with_limits():
    node = field_for({
        "type": "array", "minItems": 1, "maxItems": 3,
        "items": {"type": "object", "properties": {"age": {"type": "integer"}}},
    }, {"fields": {"/x/*/age": {"label": "Age in years"}}})
    assert node.kind == "array"
    assert (node.min_items, node.max_items) == (1, 3)
    assert node.item.child("age").label == "Age in years"


def test_tuple_arrays():
    node = field_for({"type": "array", "prefixItems": [{"type": "number"}, {"type": "string"}]})
    assert node.kind == "tuple"
    assert [c.kind for c in node.children] == ["number", "string"]


def test_refs_and_recursion_are_resolved_lazily():
    document = {"schema": {
        "$defs": {"person": {"type": "object", "properties": {
            "name": {"type": "string"},
            "children": {"type": "array", "items": {"$ref": "#/$defs/person"}},
        }}},
        "type": "object", "properties": {"head": {"$ref": "#/$defs/person"}},
    }}
    head = compile_definition(document).root.child("head")
    assert head.child("name").kind == "string"
    child = head.child("children").item
    assert child._lazy is not None
    assert child.child("children").item.child("name").kind == "string"


def test_object_alternatives_become_branches():
    node = field_for({"oneOf": [
        {"title": "Phone", "properties": {"phone": {"type": "string"}}},
        {"title": "Email", "properties": {"email": {"type": "string", "format": "email"}}},
    ]})
    assert node.kind == "alternatives"
    assert [b.label for b in node.branches] == ["Phone", "Email"]
    assert node.branches[1].child("email").input_type == "email"


def test_conditions_mark_conditional_fields_and_triggers():
    node = field_for({
        "type": "object",
        "properties": {"has_kids": {"type": "boolean"}, "phone": {"type": "string"}},
        "if": {"properties": {"has_kids": {"const": True}}, "required": ["has_kids"]},
        "then": {"properties": {"kids": {"type": "integer"}}, "required": ["kids"]},
        "dependentRequired": {"phone": ["phone_ok"]},
        "dependentSchemas": {"phone": {"properties": {"phone_ok": {"type": "boolean"}}}},
    })
    by_key = {c.key: c for c in node.children}
    assert by_key["kids"].conditional and by_key["phone_ok"].conditional
    assert by_key["has_kids"].trigger and by_key["phone"].trigger
    assert len(node.rules) == 3


def test_what_cannot_be_drawn_falls_back_with_a_warning():
    form = compile_definition({"schema": {"type": "object", "properties": {
        "odd": {"type": "string", "format": "x-unknown"},
        "any": {"not": {}},
    }}})
    assert form.root.child("odd").kind == "string"
    assert form.root.child("any").kind == "unsupported"
    assert len(form.warnings) == 2


def test_compiled_forms_are_cached_per_version_digest():
    document = {"schema": {"type": "object"}}
    assert compiled_for("abc", document) is compiled_for("abc", document)


def test_alternatives_of_plain_values_are_asked_as_text():
    form = compile_definition({"schema": {"type": "object", "properties": {
        "x": {"anyOf": [{"type": "string"}, {"type": "integer"}]}}}})
    assert form.root.child("x").kind == "string"
    assert form.warnings


@pytest.mark.parametrize("schema", [
    True, {}, {"not": {}}, {"type": "object", "patternProperties": {"^x": {}}},
    {"type": "object", "properties": {"a": {"type": "array", "items": False}}},
    {"type": "object", "properties": {"a": {"$ref": "#/$defs/missing"}}},
    {"type": "object", "properties": {"n": {"$ref": "#"}}},
    {"type": "object", "properties": {"a": {"enum": []}}},
])
def test_odd_schemas_still_compile(schema):
    assert compile_definition({"schema": schema}).root is not None
