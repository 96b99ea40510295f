"""Conditions in words ("show *Packs per day* when *Do you smoke?* is *Yes*"), as JSON Schema.

A follow-up question shown under a condition lives in the ``then`` of a rule in the root's
``allOf``: ``{"if": <condition>, "then": {"properties": {name: …}, "required": [name]}}``. The
renderer shows it only while the answers match the ``if``; the server judges the same rule, and
``unevaluatedProperties: false`` accepts its answer only then. The rows are in ``rules``.
"""

from __future__ import annotations

from typing import Any

from carebridge.builder import places
from carebridge.builder.refused import EditRefused
from carebridge.builder.rules import (
    OPERATORS,
    Row,
    compile_condition,
    is_follow_up_rule,
    parse_condition,
)
from carebridge.forms.definitions import canonical_json
from carebridge.i18n import gettext as _


def condition_of(document: dict, name: str) -> tuple[list[Row], str] | None:
    for rule in document["schema"].get("allOf") or []:
        if is_follow_up_rule(rule, document["schema"]) and name in rule["then"]["properties"]:
            return parse_condition(rule["if"])
    return None


def _detach(schema_root: dict, name: str) -> tuple[dict, bool]:
    """Take a top-level question out of wherever it lives; returns it and its required flag."""
    owner = places.holder_in(schema_root, name)
    schema = owner["properties"].pop(name)
    required = name in owner.get("required", [])
    if required:
        owner["required"].remove(name)
        if not owner["required"]:
            del owner["required"]
    if owner is not schema_root and not owner["properties"]:
        rules = schema_root["allOf"]
        schema_root["allOf"] = [r for r in rules if not (isinstance(r, dict)
                                                         and r.get("then") is owner)]
        if not schema_root["allOf"]:
            del schema_root["allOf"]
    return schema, required


def set_condition(document: dict, name: str, rows: list[Row], join: str = "and") -> dict:
    """Show top-level question ``name`` only when ``rows`` hold (no rows: always)."""
    doc = places.fresh_copy(document)
    root = doc["schema"]
    known = places.keys_of(root)
    if name not in known:
        raise EditRefused(_("There is no question %(name)s.", name=name))
    for row in rows:
        if row.field == name:
            raise EditRefused(_("A question cannot depend on its own answer."))
        if row.field not in known:
            raise EditRefused(_("There is no question %(name)s.", name=row.field))
    schema, required = _detach(root, name)
    if not rows:
        root.setdefault("properties", {})[name] = schema
        if required:
            root.setdefault("required", []).append(name)
        _close(root)
        return doc
    condition = compile_condition(rows, join)
    wanted = canonical_json(condition)
    rule = next((r for r in root.get("allOf") or [] if is_follow_up_rule(r, root)
                 and canonical_json(r["if"]) == wanted), None)
    if rule is None:
        rule = {"if": condition, "then": {"properties": {}}}
        root.setdefault("allOf", []).append(rule)
    rule["then"]["properties"][name] = schema
    if required:
        rule["then"].setdefault("required", []).append(name)
    _close(root)
    return doc


def _close(root: dict) -> None:
    """Follow-ups live outside ``properties``: a closed form must accept them when shown, so
    ``additionalProperties: false`` becomes ``unevaluatedProperties: false``."""
    conditional = any(is_follow_up_rule(r, root) for r in root.get("allOf") or [])
    if conditional and root.get("additionalProperties") is False:
        del root["additionalProperties"]
        root["unevaluatedProperties"] = False


def forget(doc: dict, name: str) -> None:
    """After ``name`` is deleted: rules that read it show their follow-ups always."""
    root = doc["schema"]
    for rule in list(root.get("allOf") or []):
        if not is_follow_up_rule(rule, root):
            continue
        rows, _join = parse_condition(rule["if"])  # type: ignore[misc]
        if any(r.field == name for r in rows):
            root["allOf"].remove(rule)
            root.setdefault("properties", {}).update(rule["then"]["properties"])
            for needed in rule["then"].get("required", []):
                root.setdefault("required", []).append(needed)
    if "allOf" in root and not root["allOf"]:
        del root["allOf"]


def describe(document: dict, rows: list[Row], join: str) -> str:
    """The condition in words: "Do you smoke? is Yes and Age is at least 18"."""
    parts = []
    for row in rows:
        label = _label(document, row.field)
        value = ", ".join(_value_label(document, row.field, v) for v in row.value) \
            if isinstance(row.value, tuple | list) else _value_label(document, row.field, row.value)
        words = str(OPERATORS.get(row.op, row.op))
        parts.append(f"{label} {words}" + ("" if row.op == "answered" else f" {value}"))
    return f" {_('and') if join == 'and' else _('or')} ".join(parts)


def _label(document: dict, name: str) -> str:
    try:
        return str(places.question(document, (name,)).get("title") or name)
    except KeyError:
        return name


def _value_label(document: dict, name: str, value: Any) -> str:
    from carebridge.builder.questions import choice_rows

    try:
        schema = places.question(document, (name,))
    except KeyError:
        return str(value)
    for row in choice_rows(schema) or []:
        if row["const"] == value and not isinstance(value, bool):
            return str(row.get("title", value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value)
