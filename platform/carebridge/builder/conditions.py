"""Conditions in words ("show *Packs per day* when *Do you smoke?* is *Yes*"), as JSON Schema.

A follow-up question shown under a condition lives in the ``then`` of a rule in the root's
``allOf``: ``{"if": <condition>, "then": {"properties": {name: …}, "required": [name]}}``. The
renderer shows it only while the answers match the ``if``; the server judges the same rule, and
``unevaluatedProperties: false`` accepts its answer only then. The rows are in ``rules``.
"""

from __future__ import annotations

from typing import Any

from carebridge.builder import places
from carebridge.builder.places import Path
from carebridge.builder.questions import choice_rows
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


def _detach(obj: dict, name: str) -> tuple[dict, bool]:
    """Take a question out of wherever it lives in ``obj``; returns it and its required flag."""
    owner = places.holder_in(obj, name)
    schema = owner["properties"].pop(name)
    required = name in owner.get("required", [])
    if required:
        owner["required"].remove(name)
        if not owner["required"]:
            del owner["required"]
    if owner is not obj and not owner["properties"]:
        rules = obj["allOf"]
        obj["allOf"] = [r for r in rules if not (isinstance(r, dict) and r.get("then") is owner)]
        if not obj["allOf"]:
            del obj["allOf"]
    return schema, required


def set_condition(document: dict, target: str | Path, rows: list[Row],
                  join: str = "and") -> dict:
    """Show the question ``target`` (a top-level name, or a path into a group) only when
    ``rows`` about the questions beside it hold (no rows: always)."""
    doc = places.fresh_copy(document)
    path: Path = (target,) if isinstance(target, str) else tuple(target)
    name = path[-1]
    try:
        obj = places.parent_object(doc, path[:-1])
    except (KeyError, TypeError):
        raise EditRefused(_("There is no question %(name)s.", name=name)) from None
    known = places.keys_of(obj)
    if name not in known:
        raise EditRefused(_("There is no question %(name)s.", name=name))
    for row in rows:
        if row.field == name:
            raise EditRefused(_("A question cannot depend on its own answer."))
        if row.field not in known:
            raise EditRefused(_("There is no question %(name)s.", name=row.field))
    schema, required = _detach(obj, name)
    if not rows:
        obj.setdefault("properties", {})[name] = schema
        if required:
            obj.setdefault("required", []).append(name)
        _close(obj)
        return doc
    condition = compile_condition(rows, join)
    wanted = canonical_json(condition)
    rule = next((r for r in obj.get("allOf") or [] if is_follow_up_rule(r, obj)
                 and canonical_json(r["if"]) == wanted), None)
    if rule is None:
        rule = {"if": condition, "then": {"properties": {}}}
        obj.setdefault("allOf", []).append(rule)
    rule["then"]["properties"][name] = schema
    if required:
        rule["then"].setdefault("required", []).append(name)
    _close(obj)
    return doc


def _close(obj: dict) -> None:
    """Follow-ups live outside ``properties``: a closed object must accept them when shown,
    so ``additionalProperties: false`` becomes ``unevaluatedProperties: false``."""
    conditional = any(is_follow_up_rule(r, obj) for r in obj.get("allOf") or [])
    if conditional and obj.get("additionalProperties") is False:
        del obj["additionalProperties"]
        obj["unevaluatedProperties"] = False


def forget(obj: dict, name: str) -> None:
    """After ``name`` is deleted from ``obj``: its rules that read it show their follow-ups
    always."""
    for rule in list(obj.get("allOf") or []):
        if not is_follow_up_rule(rule, obj):
            continue
        rows, _join = parse_condition(rule["if"])  # type: ignore[misc]
        if any(r.field == name for r in rows):
            obj["allOf"].remove(rule)
            obj.setdefault("properties", {}).update(rule["then"]["properties"])
            for needed in rule["then"].get("required", []):
                obj.setdefault("required", []).append(needed)
    if "allOf" in obj and not obj["allOf"]:
        del obj["allOf"]


def describe(document: dict, rows: list[Row], join: str, parents: Path = ()) -> str:
    """The condition in words: "Do you smoke? is Yes and Age is at least 18" (``parents``:
    the group whose questions the rows name)."""
    parts = []
    for row in rows:
        label = _label(document, row.field, parents)
        if isinstance(row.value, tuple | list):
            value = ", ".join(_value_label(document, (*parents, row.field), v)
                              for v in row.value)
        else:
            value = _value_label(document, (*parents, row.field), row.value)
        words = str(OPERATORS.get(row.op, row.op))
        parts.append(f"{label} {words}" + ("" if row.op == "answered" else f" {value}"))
    return f" {_('and') if join == 'and' else _('or')} ".join(parts)


def dependent_words(document: dict, dependent: object) -> list[str]:
    """A hand-written ``dependentSchemas`` in words, when it is exactly "show these questions
    when *that one* is answered": one sentence per question it depends on. Otherwise (a
    sub-schema with more than new questions, a trigger that is no question) nothing: it then
    reads only as JSON. Either way the block is kept as written."""
    root = document.get("schema") if isinstance(document.get("schema"), dict) else {}
    known = root.get("properties") if isinstance(root.get("properties"), dict) else {}
    if not isinstance(dependent, dict) or not dependent:
        return []
    found = []
    for trigger, sub in dependent.items():
        props = sub.get("properties") if isinstance(sub, dict) else None
        if trigger not in known or not isinstance(props, dict) or not props \
                or set(sub) - {"properties", "required"} \
                or not set(sub.get("required") or []) <= set(props) \
                or set(props) & set(known) \
                or not all(isinstance(q, dict) for q in props.values()):
            return []
        asked = ", ".join(f"“{q.get('title') or name}”" for name, q in props.items())
        found.append(_("Shows %(questions)s when %(condition)s.", questions=asked,
                       condition=describe(document, [Row(trigger, "answered")], "and")))
    return found


def _label(document: dict, name: str, parents: Path = ()) -> str:
    if name.startswith("score:"):
        score = next((s for s in ((document.get("scoring") or {}).get("scores") or [])
                      if isinstance(s, dict) and s.get("name") == name[6:]), {})
        return _("the score %(label)s", label=score.get("label") or name[6:])
    try:
        return str(places.question(document, (*parents, name)).get("title") or name)
    except (KeyError, TypeError):
        return name


def _value_label(document: dict, path: Path, value: Any) -> str:
    try:
        schema = places.question(document, path)
    except (KeyError, TypeError):
        return str(value)
    for row in choice_rows(schema) or []:
        if row["const"] == value and not isinstance(value, bool):
            return str(row.get("title", value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value)
