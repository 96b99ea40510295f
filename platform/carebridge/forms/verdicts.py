"""A form's schema compiled once by jsonschema-rs (a maintained Rust validator) into a plain
yes/no function: the fast answer to "are these answers valid?", so a valid submission never
walks jsonschema's machinery.

``jsonschema`` stays the judge of record. jsonschema-rs answers with the keywords
``validation.Validator`` customises handed back to the project's own functions (exact number
bounds and ``multipleOf``, ECMA-262 ``pattern`` under the request's budget, every ``format``
by ``FORMAT_CHECKER``). A schema using a keyword jsonschema-rs cannot be held to the project's
meaning of (``patternProperties``, ``unevaluatedProperties``, ``$dynamicRef``, the date rules),
an ``$id`` or anchor that moves where a reference points, or a reference outside the document
has no verdict. And "no" is never the last word: the caller then runs jsonschema, which decides
and words every problem. Tests hold the two to the same answers on the JSON-Schema-Test-Suite
and on every form the tests publish.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial
from urllib.parse import unquote

import jsonschema_rs

from carebridge.forms import validation
from carebridge.forms.validation import FORMAT_CHECKER
from carebridge.jsontext import JsonFloat

Check = Callable[[object], bool]

#: Keywords jsonschema acts on (``validation.Validator``); any other key is ignored by it.
ACTING = frozenset(validation.Validator.VALIDATORS)
#: Keywords jsonschema-rs answers as jsonschema does (the test suite holds it to that).
NATIVE = frozenset({
    "$ref", "additionalProperties", "allOf", "anyOf", "const", "contains", "dependentRequired",
    "dependentSchemas", "enum", "format", "if", "items", "maxItems", "maxLength",
    "maxProperties", "minItems", "minLength", "minProperties", "not", "oneOf", "prefixItems",
    "properties", "propertyNames", "required", "type", "uniqueItems",
})
#: Keywords jsonschema ignores in draft 2020-12 that jsonschema-rs might act on.
_RS_ONLY = frozenset({"dependencies", "additionalItems", "$recursiveRef"})
#: Keys that move what a reference resolves to: their schemas keep jsonschema's resolver.
_MOVES_REFERENCES = frozenset({"$id", "$anchor", "$dynamicAnchor", "$recursiveAnchor"})
_ONE_SCHEMA = ("additionalProperties", "items", "contains", "propertyNames", "not", "if",
               "then", "else")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_MAPS = ("properties", "dependentSchemas", "$defs", "definitions")


class NoVerdict(Exception):
    """The schema uses something only jsonschema answers."""


class _ProjectKeyword:
    """A keyword jsonschema-rs leaves to ``validation.Validator``'s own function for it."""

    keyword = ""

    def __init__(self, parent_schema: dict, value: object, schema_path: list) -> None:
        self.value, self.schema = value, parent_schema
        self.check = validation.Validator.VALIDATORS[self.keyword]

    def validate(self, instance: object) -> None:
        for error in self.check(None, self.value, instance, self.schema):
            raise error


class _Pattern:
    """``pattern``: ECMA-262, by the project's engine, drawing on the request's budget."""

    def __init__(self, parent_schema: dict, value: object, schema_path: list) -> None:
        self.pattern = value

    def validate(self, instance: object) -> None:
        if isinstance(instance, str) and not validation.search(self.pattern, instance):
            raise ValueError(f"{instance!r} does not match {self.pattern!r}")


KEYWORDS: dict[str, type] = {
    name: type(f"_{name}", (_ProjectKeyword,), {"keyword": name})
    for name in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")
} | {"pattern": _Pattern}


def compile_verdict(schema: object) -> Check | None:
    """A function telling whether an instance is valid under ``schema``, or None when only
    jsonschema can say. The function may raise (an answer it cannot give): ask jsonschema."""
    formats: set[str] = set()
    try:
        _no_moved_references(schema, root=True)
        _Vetting(schema, formats).vet(schema)
        plain = _plain(schema)  # its numbers too: what the project's keywords are handed
    except NoVerdict:
        return None
    try:
        validator = jsonschema_rs.Draft202012Validator(
            plain, keywords=KEYWORDS, validate_formats=True, ignore_unknown_formats=True,
            formats={name: partial(_conforms, name=name) for name in formats}, offline=True)
    except Exception:  # noqa: BLE001 (a schema it will not compile: jsonschema judges alone)
        return None
    return partial(_verdict, validator.is_valid)


def _conforms(instance: object, name: str) -> bool:
    return FORMAT_CHECKER.conforms(instance, name)


def _verdict(is_valid: Check, instance: object) -> bool:
    return is_valid(_plain(instance))


def _plain(value: object) -> object:
    """``value`` as jsonschema-rs reads it: a JsonFloat (which it does not take, and inside an
    object may silently misread) as the float it is, when that is the number it was written as;
    else no answer (jsonschema's exact one is asked)."""
    kind = type(value)
    if kind is dict:
        return {key: _plain(item) for key, item in value.items()}
    if kind is list:
        return [_plain(item) for item in value]
    if kind is JsonFloat:
        plain = float(value)
        if Decimal(value.text) != Decimal(repr(plain)):
            raise NoVerdict("a number a float does not hold exactly")
        return plain
    return value


class _Vetting:
    """Raise NoVerdict unless jsonschema-rs (with the project's keywords) judges a schema as
    ``validation.Validator`` does; collect the formats it names."""

    def __init__(self, root: object, formats: set[str]) -> None:
        self.root, self.formats, self.seen = root, formats, set()

    def vet(self, schema: object) -> None:
        if isinstance(schema, bool) or id(schema) in self.seen:
            return
        if not isinstance(schema, dict):
            raise NoVerdict("not a schema")
        self.seen.add(id(schema))
        for key in schema:
            if key in _RS_ONLY or (key in ACTING and key not in NATIVE and key not in KEYWORDS):
                raise NoVerdict(key)
        if "$ref" in schema:
            self.vet(self.target(schema["$ref"]))
        if "format" in schema:
            if not isinstance(schema["format"], str):
                raise NoVerdict("format")
            self.formats.add(schema["format"])
        for key in _ONE_SCHEMA:
            if key in schema:
                self.vet(schema[key])
        for key in _SCHEMA_LISTS:
            if key in schema:
                if not isinstance(schema[key], list):
                    raise NoVerdict(key)
                for subschema in schema[key]:
                    self.vet(subschema)
        for key in _SCHEMA_MAPS:
            if key in schema:
                if not isinstance(schema[key], dict):
                    raise NoVerdict(key)
                for subschema in schema[key].values():
                    self.vet(subschema)

    def target(self, ref: object) -> object:
        """What a reference in the document points to (none outside it, no anchors)."""
        if not isinstance(ref, str) or not (ref == "#" or ref.startswith("#/")):
            raise NoVerdict("a reference outside the document, or an anchor")
        node = self.root
        for part in unquote(ref[1:]).split("/")[1:]:
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                raise NoVerdict("an unresolvable reference")
        return node


def _no_moved_references(node: object, root: bool = False) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _MOVES_REFERENCES and not (root and key == "$id"):
                raise NoVerdict(key)
            _no_moved_references(value)
    elif isinstance(node, list):
        for value in node:
            _no_moved_references(value)
