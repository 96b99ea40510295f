"""Data paths ("/household/*/age") read in a submission's answers and in a form's schema."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WILDCARD = "*"


def split_path(path: str) -> list[str]:
    """The property names of a data path, with ``~1`` and ``~0`` unescaped."""
    return [part.replace("~1", "/").replace("~0", "~") for part in path.split("/")[1:]]


def is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


@dataclass(frozen=True)
class Found:
    """What a data path reaches in one submission: whether it was answered, and the values."""

    answered: bool
    values: tuple[object, ...]


def values_at(answers: object, path: str) -> Found:
    """The answers at ``path``. A plain path is answered when present and not null; a path
    through an array (``*``) is answered when the array is there, and gives every item's value
    (an empty array is an answer with no values)."""
    nodes: list[object] = [answers]
    through_array = False
    for part in split_path(path):
        following: list[object] = []
        for node in nodes:
            if part == WILDCARD:
                if isinstance(node, list):
                    following.extend(node)
                    through_array = True
            elif isinstance(node, dict) and node.get(part) is not None:
                following.append(node[part])
        nodes = following
        if not nodes and not through_array:
            return Found(False, ())
    return Found(bool(nodes) or through_array, tuple(nodes))


def _resolve(root: dict, node: object, seen: frozenset[str] = frozenset()) -> dict | None:
    """``node`` with a local ``$ref`` followed (keywords beside the ``$ref`` win)."""
    if not isinstance(node, dict):
        return None
    ref = node.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#") or ref in seen:
        return node
    target: object = root
    for part in [p for p in ref[1:].split("/") if p]:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(target, dict) and part in target:
            target = target[part]
        else:
            return node
    resolved = _resolve(root, target, seen | {ref})
    if resolved is None:
        return node
    return {**resolved, **{k: v for k, v in node.items() if k != "$ref"}}


def _branches(node: dict) -> list[object]:
    found = [node.get(key) for key in ("if", "then", "else")]
    for key in ("allOf", "anyOf", "oneOf"):
        found += list(node.get(key) or [])
    return found + list((node.get("dependentSchemas") or {}).values())


def schemas_at(schema: dict, path: str) -> list[dict]:
    """Every subschema the data path can land on (following ``$ref`` and every branch)."""
    current = [_resolve(schema, schema)]
    for part in split_path(path):
        following: list[dict] = []
        stack = [node for node in current if node is not None]
        seen: set[int] = set()
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if part == WILDCARD:
                children = [node.get("items"), *(node.get("prefixItems") or [])]
            else:
                children = [(node.get("properties") or {}).get(part)]
            following += [c for c in (_resolve(schema, child) for child in children) if c]
            stack += [b for b in (_resolve(schema, br) for br in _branches(node)) if b]
        current = following
        if not current:
            return []
    return [node for node in current if node is not None]


def choice_values(node: dict) -> list[object] | None:
    """The values a choice allows (``oneOf``/``anyOf`` of consts, ``enum``, ``const``)."""
    if "const" in node:
        return [node["const"]]
    if isinstance(node.get("enum"), list):
        return list(node["enum"])
    for key in ("oneOf", "anyOf"):
        options = node.get(key)
        if isinstance(options, list) and options and all(
            isinstance(o, dict) and "const" in o for o in options
        ):
            return [o["const"] for o in options]
    return None


def value_range(schema: dict, path: str) -> tuple[float, float] | None:
    """The lowest and highest number the answer at ``path`` may hold, when the schema says:
    from its numeric choices, or its ``minimum`` and ``maximum``. None when unbounded."""
    # Branches (if/then, allOf) may narrow a property without restating it: only the nodes
    # that give a range count, and the widest of them is the range.
    lows, highs = [], []
    for node in schemas_at(schema, path):
        choices = choice_values(node)
        if choices is not None:
            numbers = [c for c in choices if is_number(c)]
            if len(numbers) != len(choices):
                return None
            lows.append(min(numbers))
            highs.append(max(numbers))
        elif is_number(node.get("minimum")) and is_number(node.get("maximum")):
            lows.append(node["minimum"])
            highs.append(node["maximum"])
    return (min(lows), max(highs)) if lows else None
