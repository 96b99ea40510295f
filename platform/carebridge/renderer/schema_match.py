"""Whether answers match a condition's or a branch's schema: the usual shapes checked directly,
anything else by jsonschema (the same judge the API uses)."""

from __future__ import annotations

from functools import partial
from typing import Any

from carebridge.forms import validation

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
