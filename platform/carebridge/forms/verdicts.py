"""A form's schema compiled once into a plain yes/no function: the fast answer to "are these
answers valid?", so a valid submission never walks jsonschema's machinery.

``jsonschema`` stays the judge of record. A verdict exists only for schemas built from the
keywords below (what published forms use); any other keyword that jsonschema would act on
(``unevaluatedProperties``, ``$dynamicRef``, the date rules, …), any ``$id`` or anchor that
moves where a reference points, or a reference outside the document leaves the schema without
one. And "no" is never the last word: the caller then runs jsonschema, which decides and words
every problem. Each keyword here does what ``validation.Validator`` does with it, down to
exact number comparison and the ECMA-262 patterns under the request's budget; tests hold the
two to the same answers on the JSON-Schema-Test-Suite and on every form the tests publish.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from urllib.parse import unquote

from jsonschema._utils import equal, uniq

from carebridge.forms import validation
from carebridge.forms.validation import FORMAT_CHECKER, exact

Check = Callable[[object], bool]

#: Keywords jsonschema acts on that a verdict does not: a schema using one has no verdict.
#: (Keywords jsonschema does not act on — titles, ``$defs``, ``x-`` hints — are ignored by both.)
ACTING = frozenset(validation.Validator.VALIDATORS)
#: Keys that move what a reference resolves to: their schemas keep jsonschema's resolver.
_MOVES_REFERENCES = frozenset({"$id", "$anchor", "$dynamicAnchor", "$recursiveAnchor"})


class NoVerdict(Exception):
    """The schema uses something only jsonschema answers."""


def compile_verdict(schema: object) -> Check | None:
    """A function telling whether an instance is valid under ``schema``, or None when only
    jsonschema can say."""
    try:
        _no_moved_references(schema, root=True)
        return _Compiler(schema).check(schema)
    except NoVerdict:
        return None


def _no_moved_references(node: object, root: bool = False) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _MOVES_REFERENCES and not (root and key == "$id"):
                raise NoVerdict(key)
            _no_moved_references(value)
    elif isinstance(node, list):
        for value in node:
            _no_moved_references(value)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _is_integer(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, int)


#: Draft 2020-12's types, as jsonschema's type checker has them.
TYPES: dict[str, Check] = {
    "array": lambda v: isinstance(v, list),
    "boolean": lambda v: isinstance(v, bool),
    "integer": _is_integer,
    "null": lambda v: v is None,
    "number": _is_number,
    "object": lambda v: isinstance(v, dict),
    "string": lambda v: isinstance(v, str),
}


def _const(value: object) -> Check:
    if isinstance(value, str):
        return lambda v: v == value  # jsonschema's equal: a string equals only the same text
    if _is_number(value):
        return lambda v: (v is not True and v is not False and not isinstance(v, str)
                          and v == value)
    return lambda v: equal(v, value)


def _all(checks: list[Check]) -> Check:
    if not checks:
        return lambda v: True
    if len(checks) == 1:
        return checks[0]
    return lambda v: all(check(v) for check in checks)


class _Compiler:
    def __init__(self, root: object):
        self.root = root
        self.compiled: dict[int, Check] = {}

    def check(self, schema: object) -> Check:
        if schema is True:
            return lambda v: True
        if schema is False:
            return lambda v: False
        if not isinstance(schema, dict):
            raise NoVerdict("not a schema")
        kept = self.compiled.get(id(schema))
        if kept is not None:
            return kept
        # Filled in below; a reference back to this schema (recursion) calls through it.
        slot: list[Check] = []
        self.compiled[id(schema)] = lambda v: slot[0](v)
        checks = [self._keyword(name, value, schema) for name, value in schema.items()
                  if name in ACTING]
        slot.append(_all([c for c in checks if c is not None]))
        self.compiled[id(schema)] = slot[0]
        return slot[0]

    def _keyword(self, name: str, value: object, schema: dict) -> Check | None:
        method = getattr(self, "_" + name.replace("$", "dollar_"), None)
        if method is None:
            raise NoVerdict(name)
        return method(value, schema)

    # Applicators ---------------------------------------------------------------------------

    def _dollar_ref(self, ref, schema) -> Check:
        if not isinstance(ref, str) or not ref.startswith("#"):
            raise NoVerdict("a reference outside the document")
        node = self.root
        fragment = unquote(ref[1:])
        if fragment and not fragment.startswith("/"):
            raise NoVerdict("an anchor")
        for part in fragment.split("/")[1:] if fragment else []:
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                raise NoVerdict("an unresolvable reference")
        return self.check(node)  # a schema being compiled answers through its slot

    def _allOf(self, subschemas, schema) -> Check:  # noqa: N802 (the keyword's own name)
        return _all([self.check(s) for s in subschemas])

    def _anyOf(self, subschemas, schema) -> Check:  # noqa: N802
        checks = [self.check(s) for s in subschemas]
        return lambda v: any(check(v) for check in checks)

    def _oneOf(self, subschemas, schema) -> Check:  # noqa: N802
        checks = [self.check(s) for s in subschemas]

        def one_of(v):
            found = 0
            for check in checks:
                if check(v):
                    found += 1
                    if found > 1:
                        return False
            return found == 1

        return one_of

    def _not(self, subschema, schema) -> Check:
        check = self.check(subschema)
        return lambda v: not check(v)

    def _if(self, subschema, schema) -> Check:
        condition = self.check(subschema)
        then = self.check(schema["then"]) if "then" in schema else None
        otherwise = self.check(schema["else"]) if "else" in schema else None

        def if_then_else(v):
            if condition(v):
                return then is None or then(v)
            return otherwise is None or otherwise(v)

        return if_then_else

    def _properties(self, properties, schema) -> Check:
        checks = [(name, self.check(s)) for name, s in properties.items()]

        def each(v):
            if not isinstance(v, dict):
                return True
            for name, check in checks:
                if name in v and not check(v[name]):
                    return False
            return True

        return each

    def _additionalProperties(self, additional, schema) -> Check:  # noqa: N802
        if "patternProperties" in schema:
            raise NoVerdict("patternProperties")
        named = frozenset(schema.get("properties") or {})
        if isinstance(additional, dict):
            check = self.check(additional)
            return lambda v: not isinstance(v, dict) or all(
                check(value) for key, value in v.items() if key not in named)
        if additional:
            return None
        return lambda v: not isinstance(v, dict) or all(key in named for key in v)

    def _dependentSchemas(self, dependent, schema) -> Check:  # noqa: N802
        checks = [(name, self.check(s)) for name, s in dependent.items()]
        return lambda v: not isinstance(v, dict) or all(
            check(v) for name, check in checks if name in v)

    def _propertyNames(self, subschema, schema) -> Check:  # noqa: N802
        check = self.check(subschema)
        return lambda v: not isinstance(v, dict) or all(check(key) for key in v)

    def _prefixItems(self, subschemas, schema) -> Check:  # noqa: N802
        checks = [self.check(s) for s in subschemas]
        return lambda v: not isinstance(v, list) or all(
            check(item) for check, item in zip(checks, v, strict=False))

    def _items(self, subschema, schema) -> Check:
        prefix = len(schema.get("prefixItems", []))
        check = self.check(subschema)
        return lambda v: not isinstance(v, list) or all(check(item) for item in v[prefix:])

    # Assertions ----------------------------------------------------------------------------

    def _type(self, types, schema) -> Check:
        try:
            checks = [TYPES[t] for t in ([types] if isinstance(types, str) else types)]
        except (KeyError, TypeError):
            raise NoVerdict("an unknown type") from None
        if len(checks) == 1:
            return checks[0]
        return lambda v: any(check(v) for check in checks)

    def _const(self, value, schema) -> Check:
        return _const(value)

    def _enum(self, values, schema) -> Check:
        if isinstance(values, list) and values and all(isinstance(e, str) for e in values):
            texts = frozenset(values)
            return lambda v: isinstance(v, str) and v in texts
        checks = [_const(e) for e in values]
        return lambda v: any(check(v) for check in checks)

    def _required(self, names, schema) -> Check:
        return lambda v: not isinstance(v, dict) or all(name in v for name in names)

    def _dependentRequired(self, dependencies, schema) -> Check:  # noqa: N802
        pairs = list(dependencies.items())
        return lambda v: not isinstance(v, dict) or all(
            all(need in v for need in needs) for name, needs in pairs if name in v)

    def _minProperties(self, n, schema) -> Check:  # noqa: N802
        return lambda v: not isinstance(v, dict) or len(v) >= n

    def _maxProperties(self, n, schema) -> Check:  # noqa: N802
        return lambda v: not isinstance(v, dict) or len(v) <= n

    def _minItems(self, n, schema) -> Check:  # noqa: N802
        return lambda v: not isinstance(v, list) or len(v) >= n

    def _maxItems(self, n, schema) -> Check:  # noqa: N802
        return lambda v: not isinstance(v, list) or len(v) <= n

    def _uniqueItems(self, unique, schema) -> Check | None:  # noqa: N802
        if not unique:
            return None
        return lambda v: not isinstance(v, list) or uniq(v)

    def _minLength(self, n, schema) -> Check:  # noqa: N802
        return lambda v: not isinstance(v, str) or len(v) >= n

    def _maxLength(self, n, schema) -> Check:  # noqa: N802
        return lambda v: not isinstance(v, str) or len(v) <= n

    def _bound(self, limit, holds) -> Check | None:
        if not _is_number(limit):
            return None
        bound = exact(limit)
        return lambda v: not _is_number(v) or holds(exact(v), bound)

    def _minimum(self, limit, schema):
        return self._bound(limit, lambda v, lim: v >= lim)

    def _maximum(self, limit, schema):
        return self._bound(limit, lambda v, lim: v <= lim)

    def _exclusiveMinimum(self, limit, schema):  # noqa: N802
        return self._bound(limit, lambda v, lim: v > lim)

    def _exclusiveMaximum(self, limit, schema):  # noqa: N802
        return self._bound(limit, lambda v, lim: v < lim)

    def _multipleOf(self, divisor, schema) -> Check:  # noqa: N802
        keyword = validation.Validator.VALIDATORS["multipleOf"]
        return lambda v: next(iter(keyword(None, divisor, v, schema)), None) is None

    def _pattern(self, pattern, schema) -> Check:
        return lambda v: not isinstance(v, str) or validation.search(pattern, v)

    def _format(self, name, schema) -> Check:
        return lambda v: FORMAT_CHECKER.conforms(v, name)
