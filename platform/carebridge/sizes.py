"""How many bytes kept objects hold (a decoded definition, a compiled form, its shells and
plans), so the caches of them are bounded by what they really keep, not by the JSON's size."""

from __future__ import annotations

import sys
from typing import Any

_ATOMS = (str, int, float, type(None))  # bool is an int; a Markup a str
_size = sys.getsizeof


def held(*objects: Any, seen: set[int] | None = None, inside: tuple[type, ...] = ()) -> int:
    """The bytes ``objects`` hold: every dict, list, tuple, set, string and number reached
    from them, and the attributes of objects of the ``inside`` types, each object once (by
    ``seen``, which callers share to count shared objects once). Functions and other objects
    (a widget table, a field reached from a plan) are someone else's, and not counted."""
    seen = set() if seen is None else seen
    add = seen.add
    total = 0
    stack = list(objects)
    extend = stack.extend
    while stack:
        obj = stack.pop()
        key = id(obj)
        if key in seen:
            continue
        kind = type(obj)
        if kind is dict:
            extend(obj.keys())
            extend(obj.values())
        elif kind is list or kind is tuple or kind is set or kind is frozenset:
            extend(obj)
        elif kind in inside:
            attributes = obj.__dict__
            total += _size(attributes)
            extend(attributes.values())
        elif not isinstance(obj, _ATOMS):
            continue  # a function, a widget table, a field reached from a plan: not ours
        add(key)
        total += _size(obj)
    return total
