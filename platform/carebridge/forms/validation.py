"""Submission validation: jsonschema for draft 2020-12 with its known traps closed.

Out of the box ``jsonschema`` (a) checks formats only as far as optional packages allow,
(b) compares numbers in binary floating point, so 19.99 is not a multiple of 0.01,
(c) runs ``pattern``, ``patternProperties`` and the key matching of ``additionalProperties`` and
``unevaluatedProperties`` with Python's ``re``: another dialect than ECMA-262's, with no time
limit, where one pathological expression holds a worker. Here every format is checked to its RFC
(``formats``), numbers are compared exactly as they were written, and every pattern is ECMA-262
run by one engine under one time budget per request (``patterns``). Errors become ``Problem``s at
the JSON Pointer of the offending value.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from fractions import Fraction

from jsonschema import Draft202012Validator, ValidationError, validators
from jsonschema.exceptions import best_match

from carebridge.errors import Problem
from carebridge.forms import dates, messages
from carebridge.forms.formats import format_checker
from carebridge.forms.patterns import Budget, PatternTimeout, Unchecked
from carebridge.whole_numbers import is_index

FORMAT_CHECKER = format_checker()
#: The matching time allowed when nobody set a budget (a call outside any request).
DEFAULT_BUDGET_SECONDS = 0.25

_budget: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("pattern_budget",
                                                                        default=None)
_today: contextvars.ContextVar[date | None] = contextvars.ContextVar("today", default=None)


@contextlib.contextmanager
def checking(budget: Budget | None = None, today: date | None = None) -> Iterator[None]:
    """Within the block, every pattern draws on ``budget`` and "today" is ``today``."""
    tokens = (_budget.set(budget or Budget(DEFAULT_BUDGET_SECONDS)), _today.set(today))
    try:
        yield
    finally:
        _budget.reset(tokens[0])
        _today.reset(tokens[1])


def search(pattern: str, text: str) -> bool:
    """Whether ECMA-262 ``pattern`` matches in ``text``, drawing on the current budget."""
    budget = _budget.get()
    if budget is None:  # called outside `checking`: a budget for this one search
        budget = Budget(DEFAULT_BUDGET_SECONDS)
    return budget.search(pattern, text)


_search = search


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def exact(value: int | float | Decimal) -> Fraction | float:
    """A JSON number's exact value: a float as it was written (its ``text``, else its shortest
    repr), so 19.99 is nineteen and 99 hundredths, not the nearest binary fraction."""
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return value
        value = Decimal(getattr(value, "text", None) or repr(value))
    return Fraction(value) if value.is_finite() else float(value)


def _multiple_of(validator, divisor, instance, schema):
    if not _is_number(instance) or not _is_number(divisor):
        return
    value, step = exact(instance), exact(divisor)
    if isinstance(value, float) or isinstance(step, float) or step == 0:
        return  # infinities never reach here from JSON; nothing exact to say
    if (value / step).denominator != 1:
        yield ValidationError(f"{instance!r} is not a multiple of {divisor}")


def _bound(keyword: str, holds, wording: str):
    def check(validator, limit, instance, schema):
        if _is_number(instance) and _is_number(limit) and not holds(exact(instance),
                                                                     exact(limit)):
            yield ValidationError(f"{instance!r} is {wording} {limit!r}")

    check.__name__ = keyword
    return check


def _pattern(validator, patrn, instance, schema):
    if validator.is_type(instance, "string") and not _search(patrn, instance):
        yield ValidationError(f"{instance!r} does not match {patrn!r}")


def _pattern_properties(validator, patterns, instance, schema):
    if not validator.is_type(instance, "object"):
        return
    for patrn, subschema in patterns.items():
        for key, value in instance.items():
            if _search(patrn, key):
                yield from validator.descend(value, subschema, path=key, schema_path=patrn)


def _additional_names(instance: dict, schema: dict) -> list[str]:
    properties = schema.get("properties") or {}
    patterns = schema.get("patternProperties") or {}
    return [
        key for key in instance
        if key not in properties and not any(_search(p, key) for p in patterns)
    ]


def _additional_properties(validator, additional, instance, schema):
    if not validator.is_type(instance, "object"):
        return
    extras = _additional_names(instance, schema)
    if validator.is_type(additional, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], additional, path=extra)
    elif not additional and extras:
        names = ", ".join(repr(e) for e in sorted(extras))
        yield ValidationError(
            f"Additional properties are not allowed ({names} "
            f"{'was' if len(extras) == 1 else 'were'} unexpected)"
        )


def _evaluated_names(validator, instance: dict, schema, nested: bool = False) -> set[str]:
    """The names some keyword of ``schema`` (or a subschema that applies) has evaluated."""
    if not isinstance(schema, dict):
        return set()
    names: set[str] = set()
    for keyword in ("$ref", "$dynamicRef"):
        if isinstance(schema.get(keyword), str):
            resolved = validator._resolver.lookup(schema[keyword])
            names |= _evaluated_names(
                validator.evolve(schema=resolved.contents, _resolver=resolved.resolver),
                instance, resolved.contents, True,
            )
    names |= set(schema.get("properties") or {}) & set(instance)
    if "patternProperties" in schema:
        names |= {
            key for key in instance
            if any(_search(p, key) for p in schema["patternProperties"])
        }
    if "additionalProperties" in schema:
        names |= set(_additional_names(instance, schema))
    if nested and "unevaluatedProperties" in schema:
        names |= set(instance)  # it has looked at every name its siblings left
    for name, subschema in (schema.get("dependentSchemas") or {}).items():
        if name in instance:
            names |= _evaluated_names(validator, instance, subschema, True)
    for keyword in ("allOf", "anyOf", "oneOf"):
        for subschema in schema.get(keyword) or []:
            if validator.evolve(schema=subschema).is_valid(instance):
                names |= _evaluated_names(validator, instance, subschema, True)
    if "if" in schema:
        if validator.evolve(schema=schema["if"]).is_valid(instance):
            names |= _evaluated_names(validator, instance, schema["if"], True)
            names |= _evaluated_names(validator, instance, schema.get("then"), True)
        else:
            names |= _evaluated_names(validator, instance, schema.get("else"), True)
    return names


def _unevaluated_properties(validator, unevaluated, instance, schema):
    if not validator.is_type(instance, "object"):
        return
    evaluated = _evaluated_names(validator, instance, schema)
    failing = [
        key for key in instance
        if key not in evaluated
        and any(True for _ in validator.descend(instance[key], unevaluated, path=key))
    ]
    if failing:
        names = ", ".join(repr(k) for k in sorted(failing))
        verb = "was" if len(failing) == 1 else "were"
        if unevaluated is False:
            yield ValidationError(f"Unevaluated properties are not allowed ({names} {verb} "
                                  "unexpected)")
        else:
            yield ValidationError(f"Unevaluated properties are not valid under the given schema "
                                  f"({names} {verb} unevaluated and invalid)")


def _date_bound(keyword: str):
    def check(validator, bound, instance, schema):
        if not isinstance(instance, str) or schema.get("format") not in dates.FORMATS:
            return
        limit = dates.resolve(bound, _today.get() or date.today())
        value = dates.day_of(instance, schema.get("format"))
        if limit is None or value is None:
            return  # a malformed bound is refused at publish; a malformed date by `format`
        if (value > limit) if keyword == dates.MAX_DATE else (value < limit):
            error = ValidationError(dates.describe(keyword, bound, limit))
            error.limit = limit  # for the person's message: the date itself
            yield error

    check.__name__ = keyword
    return check


def _not_before(validator, rule, instance, schema):
    if not isinstance(instance, dict) or not dates.is_order_rule(rule):
        return
    for later, earlier in rule.items():
        starts = dates.pointed(instance, earlier)
        start = dates.day_of(starts[0][1], "date") if starts and isinstance(
            starts[0][1], str) else None
        if start is None:
            continue  # a missing or malformed date is `required`'s or `format`'s to report
        for path, value in dates.pointed(instance, later):
            day = dates.day_of(value, "date") if isinstance(value, str) else None
            if day is not None and day < start:
                error = ValidationError(f"{later} ({day}) is before {earlier} ({start}).",
                                        path=path)
                error.limit, error.earlier = start, _title_at(schema, earlier)
                yield error


def _title_at(schema: dict, pointer: str) -> str | None:
    node = schema
    for part in pointer.split("/")[1:]:
        node = node.get("properties", {}).get(part) if isinstance(node, dict) else None
    return node.get("title") if isinstance(node, dict) else None


Validator = validators.extend(
    Draft202012Validator,
    {
        "multipleOf": _multiple_of,
        "minimum": _bound("minimum", lambda v, lim: v >= lim, "less than the minimum of"),
        "maximum": _bound("maximum", lambda v, lim: v <= lim, "greater than the maximum of"),
        "exclusiveMinimum": _bound("exclusiveMinimum", lambda v, lim: v > lim,
                                   "less than or equal to the minimum of"),
        "exclusiveMaximum": _bound("exclusiveMaximum", lambda v, lim: v < lim,
                                   "greater than or equal to the maximum of"),
        "pattern": _pattern,
        "patternProperties": _pattern_properties,
        "additionalProperties": _additional_properties,
        "unevaluatedProperties": _unevaluated_properties,
        dates.MAX_DATE: _date_bound(dates.MAX_DATE),
        dates.MIN_DATE: _date_bound(dates.MIN_DATE),
        dates.NOT_BEFORE: _not_before,
    },
)


def make_validator(schema: dict):
    """A validator for ``schema`` that never fetches anything and checks formats for real."""
    return Validator(schema, format_checker=FORMAT_CHECKER)


def is_valid(validator, data: object) -> bool:
    """Whether ``data`` is valid; a pattern that runs out of time counts as not valid.

    Patterns draw on the enclosing ``checking`` block's budget, or one for this call.
    """
    if _budget.get() is None:
        with checking():
            return is_valid(validator, data)
    try:
        return validator.is_valid(data)
    except (Unchecked, RecursionError):
        return False


def pointer(parts: Iterable) -> str:
    """RFC 6901 JSON Pointer for a path of keys and indexes ("" for the root)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def problems(validator, data: object, *, for_people: bool = True,
             verdict=None) -> list[Problem]:
    """Every violation in ``data``, each at the pointer of the offending (or missing) value.

    Messages are written for the person filling the form; ``for_people=False`` keeps
    jsonschema's technical wording, which suits an admin checking a definition. Patterns draw on
    the budget of the enclosing ``checking`` block (or one of their own). ``verdict``, the
    schema's compiled yes/no (``verdicts``), answers valid data without jsonschema; on "no" (or
    anything it cannot answer) jsonschema judges and words the problems.
    """
    if _budget.get() is None:
        with checking():
            return problems(validator, data, for_people=for_people, verdict=verdict)
    if verdict is not None:
        try:
            if verdict(data):
                return []
        except Exception:  # noqa: BLE001 (a pattern out of time, an endless schema: the judge's)
            pass
    found: list[Problem] = []
    seen: set[tuple[str, str]] = set()

    def add(problem: Problem) -> None:
        if (problem.pointer, problem.message) not in seen:
            seen.add((problem.pointer, problem.message))
            found.append(problem)

    words: dict = {}  # the messages' sentences, translated once per call
    try:
        for error in validator.iter_errors(data):
            for problem in _to_problems(error, for_people, words):
                add(problem)
    except Unchecked as exc:
        # Nothing after this point was checked: say where it stopped, and why.
        if not for_people:
            message = str(exc)
        elif isinstance(exc, PatternTimeout):
            message = messages.pattern_timeout()
        else:
            message = messages.unusable_pattern()
        add(Problem(pointer(_locate(data, exc.text)), message))
    except RecursionError:
        add(Problem("", messages.endless_schema()))
    found.sort(key=lambda p: _order_key(p.pointer))
    return found


def _locate(data: object, text: str) -> list:
    """The path of the value (or member name) ``text`` in ``data``: the same object first."""
    fallback = None
    stack: list[tuple[object, list]] = [(data, [])]
    while stack:
        node, path = stack.pop()
        if node is text:
            return path
        if fallback is None and node == text:
            fallback = path
        if isinstance(node, dict):
            for key, value in reversed(list(node.items())):
                if key is text:
                    return path + [key]
                if fallback is None and key == text:
                    fallback = path + [key]
                stack.append((value, path + [key]))
        elif isinstance(node, list):
            stack.extend((value, path + [i]) for i, value in reversed(list(enumerate(node))))
    return fallback or []


def _to_problems(error: ValidationError, for_people: bool,
                 words: dict | None = None) -> list[Problem]:
    base = list(error.absolute_path)
    if error.validator in ("required", "dependentRequired") and isinstance(error.instance, dict):
        names = _missing_names(error)
        return [
            Problem(pointer(base + [name]), messages.required(error, name, words)
                    if for_people else f"'{name}' is required.")
            for name in names
        ]
    if error.validator in ("oneOf", "anyOf") and error.context:
        if not messages.is_choice(error.validator_value):
            deepest = best_match(error.context)
            if deepest is not None and list(deepest.absolute_path) != base:
                return _to_problems(deepest, for_people, words)
    return [Problem(pointer(base), messages.for_error(error) if for_people else error.message)]


def _missing_names(error: ValidationError) -> list[str]:
    if error.validator == "required":
        wanted = error.validator_value
    else:  # dependentRequired: {"a": ["b", "c"]}
        wanted = [n for deps in error.validator_value.values() for n in deps]
    # jsonschema says "'name' is a required property", one error per missing name: read the
    # name back rather than test every wanted name against the message (a scan per error made
    # an empty submission of a long form quadratic).
    said = error.message.removesuffix(_REQUIRED_SUFFIX)
    if said != error.message:
        for n in _names_by_repr(wanted).get(said, ()):
            if n not in error.instance:
                return [n]
    names = [n for n in wanted if n not in error.instance and repr(n) in error.message]
    return names or [n for n in wanted if n not in error.instance][:1]


_REQUIRED_SUFFIX = " is a required property"
_by_repr: dict[int, tuple[list, dict]] = {}


def _names_by_repr(wanted: list) -> dict:
    """repr(name) → names, kept per ``required`` list (schemas live as long as their
    validators; the list itself is kept too, so its id is not reused while cached)."""
    kept = _by_repr.get(id(wanted))
    if kept is not None and kept[0] is wanted:
        return kept[1]
    index: dict = {}
    for n in wanted:
        index.setdefault(repr(n), []).append(n)
    if len(_by_repr) >= 4096:
        _by_repr.clear()
    _by_repr[id(wanted)] = (wanted, index)
    return index


def _order_key(ptr: str) -> list:
    return [(0, int(p), "") if is_index(p) else (1, 0, p) for p in ptr.split("/")]


class ValidatorCache:
    """Compiled validators per definition version digest (versions never change), each with
    its schema's verdict when the cache is given a ``compile_verdict`` (``verdicts``; a verdict
    is None when only jsonschema can say)."""

    def __init__(self, size: int = 256, compile_verdict=None):
        self._size = size
        self._compile_verdict = compile_verdict
        self._items: OrderedDict[str, tuple[object, object]] = OrderedDict()

    def get(self, digest: str, schema: dict):
        return self.checks(digest, schema)[0]

    def checks(self, digest: str, schema: dict) -> tuple[object, object]:
        """The validator and the verdict for ``schema``, built once per ``digest``."""
        kept = self._items.get(digest)
        if kept is None:
            verdict = self._compile_verdict(schema) if self._compile_verdict else None
            kept = (make_validator(schema), verdict)
            self._items[digest] = kept
            if len(self._items) > self._size:
                self._items.popitem(last=False)
        else:
            self._items.move_to_end(digest)
        return kept
