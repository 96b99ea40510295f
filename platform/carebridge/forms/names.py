"""Property names a form may use: no control characters, wherever in the schema a name appears.

A property name becomes a field's label target, its HTML ``id``, a data path in scoring rules,
a CSV column and a JSON Pointer in every error message. Control characters (C0, DEL, C1),
unpaired surrogates, line and paragraph separators and the invisible bidirectional controls that
reorder how text reads have no place in any of those, so a definition using one is refused at
publish, with a pointer to the name.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from carebridge.errors import Problem
from carebridge.forms.validation import pointer
from carebridge.i18n import _

# Bidirectional embeddings, overrides and isolates (the "Trojan Source" characters).
_BIDI_CONTROLS = {*range(0x202A, 0x202F), *range(0x2066, 0x206A)}
_REFUSED_CATEGORIES = {"Cc", "Cs", "Zl", "Zp"}


def bad_character(name: str) -> str | None:
    """The first character of ``name`` a property name may not hold, as ``U+XXXX``."""
    for ch in name:
        if unicodedata.category(ch) in _REFUSED_CATEGORIES or ord(ch) in _BIDI_CONTROLS:
            return f"U+{ord(ch):04X}"
    return None


def _named_places(node: dict, where: str):
    """(name, pointer) for every property name ``node`` itself mentions."""
    for keyword in ("properties", "patternProperties", "$defs", "dependentSchemas",
                    "dependentRequired"):
        value = node.get(keyword)
        if isinstance(value, dict):
            for name in value:
                yield name, f"{where}{pointer([keyword, name])}"
    if isinstance(node.get("required"), list):
        yield from ((n, f"{where}/required/{i}") for i, n in enumerate(node["required"]))
    dependent = node.get("dependentRequired")
    if isinstance(dependent, dict):
        for name, needed in dependent.items():
            if isinstance(needed, list):
                yield from (
                    (n, f"{where}{pointer(['dependentRequired', name, i])}")
                    for i, n in enumerate(needed)
                )


def check_names(nodes: Iterable[tuple[dict, str, str]]) -> list[Problem]:
    """A problem for every property name with a character names may not hold, in the schema
    objects ``nodes`` (``definitions.walk``'s (node, pointer, base URI) triples)."""
    found = []
    for node, where, _base in nodes:
        for name, at in _named_places(node, where):
            if not isinstance(name, str):
                continue
            bad = bad_character(name)
            if bad is not None:
                found.append(Problem(
                    at, _("The property name %(name)s contains %(character)s: property names "
                          "may not hold control characters, line separators or invisible "
                          "direction marks (a name becomes an HTML id, a label and a column "
                          "heading).", name=repr(name), character=bad)
                ))
    return found
