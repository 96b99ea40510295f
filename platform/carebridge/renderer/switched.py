"""Which questions an object's answers switch on and require, for drawing and reading back."""

from __future__ import annotations

from typing import Any

from carebridge.renderer.compile import Field
from carebridge.renderer.schema_match import matches


def object_state(node: Field, data: Any) -> tuple[frozenset, frozenset]:
    """The conditional keys switched on, and every key required, for an object's answers."""
    data = data if isinstance(data, dict) else {}
    active: set = set()
    always = node.__dict__.get("_always_required")
    if always is None:  # kept on the (shared) field: a long form asks once per section
        always = node.__dict__["_always_required"] = frozenset(
            c.key for c in node.children if c.required)
    required = set(always)
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
