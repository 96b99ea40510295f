"""Form data ↔ JSON: what is shown and submitted unchanged equals the stored JSON."""

from werkzeug.datastructures import MultiDict

from carebridge.renderer.compile import compile_definition
from carebridge.renderer.conditions import prune, visible_children
from carebridge.renderer.formdata import from_form, to_form

SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "age": {"type": "integer"},
        "income": {"type": "number"},
        "veteran": {"type": "boolean"},
        "consent": {"type": "boolean"},
        "language": {"enum": ["en", "es", 3, None]},
        "needs": {"type": "array", "uniqueItems": True, "items": {"enum": ["food", "housing"]}},
        "born": {"type": "string", "format": "date"},
        "seen_at": {"type": "string", "format": "date-time"},
        "call_at": {"type": "string", "format": "time"},
        "address": {"type": "object", "properties": {"zip": {"type": "string"}}},
        "household": {"type": "array", "items": {"type": "object", "properties": {
            "age": {"type": "integer"}, "tags": {"type": "array", "items": {"type": "string"}},
        }}},
        "point": {"type": "array", "prefixItems": [{"type": "number"}, {"type": "number"}]},
        "nothing": {"type": "null"},
        "contact": {"oneOf": [
            {"title": "Phone", "properties": {"phone": {"type": "string"}}, "required": ["phone"]},
            {"title": "Email", "properties": {"email": {"type": "string"}}, "required": ["email"]},
        ]},
    },
}
UI = {"fields": {"/consent": {"widget": "toggle"}}}


def root():
    return compile_definition({"schema": SCHEMA, "ui": UI}).root


def test_types_are_converted():
    form = MultiDict([
        ("name", "Ana"), ("age", "42"), ("income", "1200.50"), ("veteran", "false"),
        ("consent", "false"), ("consent", "true"), ("language", "3"), ("needs", "food"),
        ("needs", "housing"), ("nothing", "null"), ("point.0", "1.5"), ("point.1", "2"),
    ])
    assert from_form(root(), form) == {
        "name": "Ana", "age": 42, "income": 1200.5, "veteran": False, "consent": True,
        "language": 3, "needs": ["food", "housing"], "nothing": None, "point": [1.5, 2],
    }


def test_empty_values_are_left_out():
    form = MultiDict([("name", "  "), ("age", ""), ("language", ""), ("address.zip", "")])
    assert from_form(root(), form) == {}


def test_what_cannot_be_read_is_kept_as_typed_for_the_validator():
    assert from_form(root(), MultiDict([("age", "forty")])) == {"age": "forty"}


def test_browser_times_get_the_agency_time_zone():
    form = MultiDict([("seen_at", "2024-07-01T14:30"), ("born", "1980-02-29")])
    assert from_form(root(), form) == {"seen_at": "2024-07-01T14:30:00-07:00", "born": "1980-02-29"}
    january = from_form(root(), MultiDict([("seen_at", "2024-01-15T09:05")]))
    assert january["seen_at"] == "2024-01-15T09:05:00-08:00"
    call = from_form(root(), MultiDict([("call_at", "14:30")]))["call_at"]
    assert call.startswith("14:30:00-0")


def test_repeat_items_follow_the_listed_order_and_are_renumbered():
    form = MultiDict([
        ("household.__items", "2"), ("household.__items", "0"),
        ("household.0.age", "30"), ("household.1.age", "99"), ("household.2.age", "5"),
        ("household.2.tags.__items", "0"), ("household.2.tags.0", "kid"),
    ])
    assert from_form(root(), form)["household"] == [{"age": 5, "tags": ["kid"]}, {"age": 30}]


def test_the_chosen_branch_is_read_and_the_choice_remembered():
    branches = {}
    form = MultiDict([("__branch.contact", "1"), ("contact.email", "a@b.org"),
                      ("contact.phone", "555")])
    assert from_form(root(), form, branches=branches)["contact"] == {"email": "a@b.org"}
    assert branches == {"contact": 1}


def test_round_trip_shown_and_submitted_unchanged_equals_stored():
    stored = {
        "name": "Ana", "age": 42, "income": 1200.5, "veteran": True, "consent": False,
        "language": None, "needs": ["housing"], "born": "1980-02-29",
        "seen_at": "2024-07-01T14:30:00-07:00", "address": {"zip": "94110"},
        "household": [{"age": 3, "tags": ["a", "b"]}, {}], "point": [1, 2.5],
        "nothing": None, "contact": {"email": "a@b.org"},
    }
    values = to_form(root(), stored)
    form = MultiDict([(k, v) for k, vs in values.items() for v in vs])
    assert from_form(root(), form) == stored


def test_time_round_trip():
    node = root()
    call = from_form(node, MultiDict([("call_at", "08:15")]))
    values = to_form(node, call)
    assert values["call_at"] == ["08:15"]
    assert from_form(node, MultiDict([("call_at", "08:15")])) == call


def test_times_stored_with_another_offset_come_back_unchanged():
    # A time saved in winter (-08:00) shown in summer, a date-time sent from another zone:
    # the input shows agency wall-clock time, and submitting it unchanged keeps the stored text.
    stored = {"call_at": "08:15:00-08:00", "seen_at": "2024-07-01T14:30:00+02:00"}
    values = to_form(root(), stored)
    assert values["seen_at"] == ["2024-07-01T05:30"]
    assert values["call_at"] == ["08:15"]
    form = MultiDict([(k, v) for k, vs in values.items() for v in vs])
    assert from_form(root(), form) == stored
    form.setlist("seen_at", ["2024-07-01T06:00"])
    assert from_form(root(), form)["seen_at"] == "2024-07-01T06:00:00-07:00"


def test_date_times_across_a_daylight_saving_change_keep_their_own_offset():
    stored = {"seen_at": "2024-03-10T01:30:00-08:00", "born": "2024-03-10"}
    later = {"seen_at": "2024-03-10T03:30:00-07:00"}
    for data in (stored, later):
        values = to_form(root(), data)
        assert not any(k.startswith("__was") for k in values)  # the zone reads them exactly
        form = MultiDict([(k, v) for k, vs in values.items() for v in vs])
        assert from_form(root(), form) == data
    # 01:30 happens twice when clocks fall back; the input shows both as 01:30, and the
    # second one (-08:00) is kept as it was stored.
    second = {"seen_at": "2024-11-03T01:30:00-08:00"}
    values = to_form(root(), second)
    assert values["seen_at"] == ["2024-11-03T01:30"]
    form = MultiDict([(k, v) for k, vs in values.items() for v in vs])
    assert from_form(root(), form) == second


RECURSIVE = {
    "$defs": {"contact": {"type": "object", "properties": {
        "name": {"type": "string"},
        "backup": {"$ref": "#/$defs/contact"},
    }}},
    "type": "object", "properties": {"contact": {"$ref": "#/$defs/contact"}},
}


def test_a_recursive_object_is_read_as_deep_as_the_answers_go():
    node = compile_definition({"schema": RECURSIVE}).root
    stored = {"contact": {"name": "A", "backup": {"name": "B", "backup": {"backup": {
        "name": "D"}}}}}
    values = to_form(node, stored)
    assert values == {"contact.name": ["A"], "contact.backup.name": ["B"],
                      "contact.backup.backup.backup.name": ["D"]}
    form = MultiDict([(k, v) for k, vs in values.items() for v in vs])
    assert from_form(node, form) == stored
    assert from_form(node, MultiDict([("contact.name", "A")])) == {"contact": {"name": "A"}}
    opened_but_empty = MultiDict([("contact.name", "A"), ("__open", "contact.backup.backup")])
    assert from_form(node, opened_but_empty) == {"contact": {"name": "A"}}


CONDITIONAL = {
    "type": "object",
    "properties": {"has_kids": {"type": "boolean"}, "phone": {"type": "string"}},
    "if": {"properties": {"has_kids": {"const": True}}, "required": ["has_kids"]},
    "then": {"properties": {"kids": {"type": "integer"}}, "required": ["kids"]},
    "else": {"properties": {"why": {"type": "string"}}},
    "dependentRequired": {"phone": ["best_time"]},
    "dependentSchemas": {"phone": {"properties": {"best_time": {"type": "string"}}}},
}


def keys(node, data):
    return [c.key for c in visible_children(node, data)]


def test_if_then_else_shows_the_matching_questions():
    node = compile_definition({"schema": CONDITIONAL}).root
    assert keys(node, {}) == ["has_kids", "phone", "why"]
    assert keys(node, {"has_kids": True}) == ["has_kids", "phone", "kids"]
    assert keys(node, {"has_kids": False}) == ["has_kids", "phone", "why"]


def test_dependent_schemas_and_required():
    from carebridge.renderer.conditions import object_state

    node = compile_definition({"schema": CONDITIONAL}).root
    assert "best_time" in keys(node, {"phone": "555"})
    assert "best_time" in object_state(node, {"phone": "555"})[1]
    assert "best_time" not in object_state(node, {})[1]


def test_answers_in_hidden_branches_are_pruned():
    node = compile_definition({"schema": CONDITIONAL}).root
    data = {"has_kids": False, "kids": 3, "why": "n/a", "best_time": "am"}
    assert prune(node, data) == {"has_kids": False, "why": "n/a"}


def test_simple_conditions_agree_with_jsonschema():
    from jsonschema import Draft202012Validator

    from carebridge.renderer.schema_match import matches

    schemas = [
        {"properties": {"a": {"const": True}}, "required": ["a"]},
        {"properties": {"a": {"const": 1}}},
        {"properties": {"a": {"enum": ["x", 2, None]}}, "required": ["a"]},
        {"properties": {"a": {"const": {"b": [1, True]}}}},
    ]
    samples = [{}, {"a": True}, {"a": 1}, {"a": 1.0}, {"a": "x"}, {"a": None}, {"a": 2.0},
               {"a": {"b": [1, True]}}, {"a": {"b": [True, True]}}, "text", 3]
    for schema in schemas:
        for sample in samples:
            assert matches(schema, sample) == Draft202012Validator(schema).is_valid(sample)
