"""Conditions: which questions are shown and required for the current answers, and pruning."""

from __future__ import annotations

from typing import Any

from carebridge.renderer.compile import Field
from carebridge.renderer.formdata import join, selected_branch
from carebridge.renderer.switched import object_state


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
