"""Submission validation: jsonschema for draft 2020-12 with its known traps closed.

Out of the box ``jsonschema`` (a) skips ``date-time``, ``time`` and ``uri`` unless optional
packages are installed, (b) accepts any string containing "@" as an ``email``, (c) checks
``multipleOf`` in binary floating point, so 19.99 is not a multiple of 0.01, and (d) runs
``pattern`` with ``re``, where a pathological expression can hang a worker. This module fixes
each, and turns errors into ``Problem``s at the JSON Pointer of the offending value.
"""

from __future__ import annotations

import functools
import re
from collections import OrderedDict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

import regex
from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from jsonschema.exceptions import best_match

from carebridge.errors import Problem
from carebridge.forms import messages

_REQUIRED_FORMATS = ("date", "date-time", "time", "uri", "email")

# RFC 5321/5322 "dot-atom" local part and a domain of LDH labels with a top-level label.
_EMAIL_RE = re.compile(
    r"^(?!\.)(?!.*\.\.)[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}(?<!\.)"
    r"@(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)


def _format_checker() -> FormatChecker:
    # A plain FormatChecker() mixes in older drafts' checkers (draft 3's "time" has no offset):
    # start from draft 2020-12's own.
    checker = FormatChecker(formats=())
    checker.checkers = dict(Draft202012Validator.FORMAT_CHECKER.checkers)
    missing = [name for name in _REQUIRED_FORMATS if name not in checker.checkers]
    if missing:  # a broken install must not silently accept anything
        raise RuntimeError(
            f"jsonschema cannot check the formats {missing}: install rfc3339-validator and "
            "rfc3986-validator (they are Carebridge dependencies)"
        )

    @checker.checks("email")
    def is_email(instance: object) -> bool:
        return not isinstance(instance, str) or bool(_EMAIL_RE.match(instance))

    return checker


FORMAT_CHECKER = _format_checker()


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _multiple_of(validator, divisor, instance, schema):
    if not _is_number(instance):
        return
    try:
        quotient = Decimal(str(instance)) / Decimal(str(divisor))
    except (InvalidOperation, ArithmeticError):
        yield ValidationError(f"{instance!r} is not a multiple of {divisor}")
        return
    if quotient != quotient.to_integral_value():
        yield ValidationError(f"{instance!r} is not a multiple of {divisor}")


@functools.lru_cache(maxsize=1024)
def compile_pattern(pattern: str) -> regex.Pattern:
    """Compile with the ``regex`` module, whose matching takes a timeout."""
    return regex.compile(pattern)


def _search(pattern: str, text: str, timeout: float) -> bool:
    try:
        return compile_pattern(pattern).search(text, timeout=timeout) is not None
    except TimeoutError as exc:
        raise _PatternTimeout(pattern) from exc


class _PatternTimeout(Exception):
    pass


def _safe_keywords(timeout: float) -> dict:
    def pattern(validator, patrn, instance, schema):
        if not isinstance(instance, str):
            return
        try:
            matched = _search(patrn, instance, timeout)
        except _PatternTimeout:
            yield ValidationError(f"checking {instance!r} against {patrn!r} took too long")
            return
        if not matched:
            yield ValidationError(f"{instance!r} does not match {patrn!r}")

    def pattern_properties(validator, patterns, instance, schema):
        if not validator.is_type(instance, "object"):
            return
        for patrn, subschema in patterns.items():
            for key, value in instance.items():
                try:
                    matched = _search(patrn, key, timeout)
                except _PatternTimeout:
                    yield ValidationError(f"checking the name {key!r} took too long", path=[key])
                    continue
                if matched:
                    yield from validator.descend(value, subschema, path=key, schema_path=patrn)

    return {"pattern": pattern, "patternProperties": pattern_properties}


@functools.lru_cache(maxsize=8)
def _validator_class(timeout: float):
    return validators.extend(
        Draft202012Validator,
        {"multipleOf": _multiple_of, **_safe_keywords(timeout)},
    )


def make_validator(schema: dict, timeout: float = 0.25):
    """A validator for ``schema`` that never fetches anything and checks formats for real."""
    return _validator_class(timeout)(schema, format_checker=FORMAT_CHECKER)


def pointer(parts: Iterable) -> str:
    """RFC 6901 JSON Pointer for a path of keys and indexes ("" for the root)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def problems(validator, data: object, *, for_people: bool = True) -> list[Problem]:
    """Every violation in ``data``, each at the pointer of the offending (or missing) value.

    Messages are written for the person filling the form; ``for_people=False`` keeps
    jsonschema's technical wording, which suits an admin checking a definition.
    """
    found: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for error in validator.iter_errors(data):
        for problem in _to_problems(error, for_people):
            key = (problem.pointer, problem.message)
            if key not in seen:
                seen.add(key)
                found.append(problem)
    found.sort(key=lambda p: _order_key(p.pointer))
    return found


def _to_problems(error: ValidationError, for_people: bool) -> list[Problem]:
    base = list(error.absolute_path)
    if error.validator in ("required", "dependentRequired") and isinstance(error.instance, dict):
        names = _missing_names(error)
        return [
            Problem(pointer(base + [name]),
                    messages.required(error, name) if for_people else f"'{name}' is required.")
            for name in names
        ]
    if error.validator in ("oneOf", "anyOf") and error.context:
        if not messages.is_choice(error.validator_value):
            deepest = best_match(error.context)
            if deepest is not None and list(deepest.absolute_path) != base:
                return _to_problems(deepest, for_people)
    return [Problem(pointer(base), messages.for_error(error) if for_people else error.message)]


def _missing_names(error: ValidationError) -> list[str]:
    if error.validator == "required":
        wanted = error.validator_value
    else:  # dependentRequired: {"a": ["b", "c"]}
        wanted = [n for deps in error.validator_value.values() for n in deps]
    names = [n for n in wanted if n not in error.instance and repr(n) in error.message]
    return names or [n for n in wanted if n not in error.instance][:1]


def _order_key(ptr: str) -> list:
    return [int(p) if p.isdigit() else p for p in ptr.split("/")]


class ValidatorCache:
    """Compiled validators per definition version digest (versions never change)."""

    def __init__(self, size: int = 256):
        self._size = size
        self._items: OrderedDict[str, object] = OrderedDict()

    def get(self, digest: str, schema: dict, timeout: float):
        validator = self._items.get(digest)
        if validator is None:
            validator = make_validator(schema, timeout)
            self._items[digest] = validator
            if len(self._items) > self._size:
                self._items.popitem(last=False)
        else:
            self._items.move_to_end(digest)
        return validator
