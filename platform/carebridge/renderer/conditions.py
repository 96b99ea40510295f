"""Conditions: which questions are shown and required for the current answers, and pruning."""

from __future__ import annotations

from functools import partial
from typing import Any

from carebridge.forms import validation
from carebridge.renderer.compile import Field
from carebridge.renderer.formdata import join, selected_branch

_validators: dict[int, tuple[dict, object]] = {}


def matches(schema: dict, data: Any) -> bool:
    """Whether ``data`` is valid against ``schema`` (the same judge the API uses)."""
    cached = _validators.get(id(schema))
    if cached is None or cached[0] is not schema:
        if len(_validators) > 4096:
            _validators.clear()
        # The schema is kept alongside, so its id() cannot be reused while cached.
        # The submission validator's engine: ECMA-262 patterns under a time budget, not `re`.
        check = _simple_check(schema) or partial(validation.is_valid,
                                                 validation.make_validator(schema))
        cached = (schema, check)
        _validators[id(schema)] = cached
    return cached[1](data)


def _same(a: Any, b: Any) -> bool:
    """JSON equality: true is not 1, 1 is 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def _simple_check(schema: dict):
    """The usual condition, ``{"properties": {k: {"const"|"enum": …}}, "required": […]}``,
    checked directly; anything else goes to jsonschema."""
    allowed = {"properties", "required", "type", "$defs", "definitions"}
    if set(schema) - allowed or schema.get("type", "object") != "object":
        return None
    props = schema.get("properties") or {}
    wanted: list[tuple[str, list]] = []
    for key, sub in props.items():
        if not isinstance(sub, dict) or len(sub) != 1 or not ({"const", "enum"} & set(sub)):
            return None
        values = [sub["const"]] if "const" in sub else sub["enum"]
        if not isinstance(values, list):
            return None
        wanted.append((key, values))
    required = schema.get("required") or []

    def check(data: Any) -> bool:
        if not isinstance(data, dict):
            return True  # properties and required only constrain objects
        if any(k not in data for k in required):
            return False
        return all(
            key not in data or any(_same(data[key], v) for v in values)
            for key, values in wanted
        )

    return check


def object_state(node: Field, data: Any) -> tuple[frozenset, frozenset]:
    """The conditional keys switched on, and every key required, for an object's answers."""
    data = data if isinstance(data, dict) else {}
    active: set = set()
    required = {c.key for c in node.children if c.required}
    for rule in node.rules:
        if isinstance(rule.when, str):
            on = rule.when in data
        else:
            on = matches(rule.when, data)
        if on:
            active.update(rule.then_keys)
            required.update(rule.then_required)
        else:
            active.update(rule.else_keys)
            required.update(rule.else_required)
    return frozenset(active), frozenset(required)


def visible_children(node: Field, data: Any) -> list[Field]:
    if not node.rules:
        return node.children
    active, _ = object_state(node, data)
    return [c for c in node.children if not c.conditional or c.key in active]


def prune(root: Field, data: dict, branches: dict | None = None) -> dict:
    """``data`` without the answers given in branches that are now hidden."""
    value = _prune(root, data, "", branches or {})
    return value if isinstance(value, dict) else {}


def _prune(node: Field, value: Any, name: str, branches: dict) -> Any:
    if node.kind == "object" and isinstance(value, dict):
        shown = visible_children(node, value)
        out = {}
        for child in shown:
            if child.key in value:
                out[child.key] = _prune(child, value[child.key], join(name, child.key), branches)
        # Keys the form does not know (e.g. kept from an API draft) are left for the validator.
        known = {c.key for c in node.children}
        out.update({k: v for k, v in value.items() if k not in known})
        return out
    if node.kind == "alternatives" and isinstance(value, dict) and node.branches:
        branch = node.branches[selected_branch(node, branches, name, value)]
        return _prune(branch, value, name, branches)
    if node.kind == "array" and isinstance(value, list) and node.item is not None:
        return [_prune(node.item, v, join(name, i), branches) for i, v in enumerate(value)]
    return value
