"""Conditions as rows ("*Do you smoke?* is *Yes*") and the JSON Schema each row compiles to.

Each row compiles to the usual ``{"properties": {field: …}, "required": [field]}`` shape;
several rows join with ``allOf`` (and) or ``anyOf`` (or). Reading goes the other way, for the
shapes the builder writes; anything else is not a row (and stays an advanced block).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from carebridge.builder.refused import EditRefused
from carebridge.i18n import gettext as _
from carebridge.i18n import lazy_gettext as _l

#: Operators in the words an admin picks them by.
OPERATORS: dict[str, object] = {
    "is": _l("is"),
    "is_not": _l("is not"),
    "is_one_of": _l("is one of"),
    "includes": _l("includes"),
    "at_least": _l("is at least"),
    "at_most": _l("is at most"),
    "answered": _l("is answered"),
}


@dataclass(frozen=True)
class Row:
    """One comparison: a field (a top-level name), an operator and a value (or values)."""

    field: str
    op: str
    value: Any = None


def compile_row(row: Row) -> dict:
    f, v = row.field, row.value
    tests = {
        "is": lambda: {"const": v},
        "is_not": lambda: {"not": {"const": v}},
        "is_one_of": lambda: {"enum": list(v)},
        "includes": lambda: {"contains": {"const": v}},
        "at_least": lambda: {"minimum": v},
        "at_most": lambda: {"maximum": v},
    }
    if row.op == "answered":
        return {"required": [f]}
    if row.op not in tests:
        raise EditRefused(_("Unknown comparison %(op)s.", op=row.op))
    return {"properties": {f: tests[row.op]()}, "required": [f]}


def compile_condition(rows: list[Row], join: str = "and") -> dict:
    compiled = [compile_row(r) for r in rows]
    if len(compiled) == 1:
        return compiled[0]
    return {"allOf" if join == "and" else "anyOf": compiled}


def parse_row(schema: object) -> Row | None:
    if not isinstance(schema, dict):
        return None
    if set(schema) == {"required"} and isinstance(schema["required"], list) \
            and len(schema["required"]) == 1:
        return Row(schema["required"][0], "answered")
    props, required = schema.get("properties"), schema.get("required")
    if set(schema) != {"properties", "required"} or not isinstance(props, dict) \
            or len(props) != 1 or list(props) != required:
        return None
    (field, test), = props.items()
    if not isinstance(test, dict) or len(test) != 1:
        return None
    (key, value), = test.items()
    if key == "const":
        return Row(field, "is", value)
    if key == "enum" and isinstance(value, list):
        return Row(field, "is_one_of", tuple(value))
    if key == "minimum":
        return Row(field, "at_least", value)
    if key == "maximum":
        return Row(field, "at_most", value)
    if key == "not" and isinstance(value, dict) and set(value) == {"const"}:
        return Row(field, "is_not", value["const"])
    if key == "contains" and isinstance(value, dict) and set(value) == {"const"}:
        return Row(field, "includes", value["const"])
    return None


def parse_condition(schema: object) -> tuple[list[Row], str] | None:
    """The rows and join of a condition the builder can show in words, else ``None``."""
    row = parse_row(schema)
    if row is not None:
        return [row], "and"
    if isinstance(schema, dict) and len(schema) == 1:
        (key, parts), = schema.items()
        if key in ("allOf", "anyOf") and isinstance(parts, list) and parts:
            rows = [parse_row(p) for p in parts]
            if all(r is not None for r in rows):
                return rows, "and" if key == "allOf" else "or"  # type: ignore[return-value]
    return None


def is_follow_up_rule(rule: object, root: dict | None = None) -> bool:
    """A rule of the builder's shape: an ``if`` it can word and a ``then`` of questions that
    are not already the ``root``'s own properties (those would be constraints on them)."""
    if not isinstance(rule, dict) or set(rule) - {"if", "then", "description"}:
        return False
    then = rule.get("then")
    own = (root or {}).get("properties") or {}
    return (isinstance(then, dict) and not set(then) - {"properties", "required"}
            and isinstance(then.get("properties"), dict) and bool(then["properties"])
            and not set(then["properties"]) & set(own)
            and set(then.get("required", [])) <= set(then["properties"])
            and parse_condition(rule.get("if")) is not None)
