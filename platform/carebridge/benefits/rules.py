"""Agency program rules: JSON Schema over the facts document, judged with unknown facts.

A rule is the same JSON Schema an agency writes for a form's need rules, over the documented
facts (``facts.FACTS``): ``{"properties": {"income_percent_of_poverty": {"maximum": 200}}}``.
On the facts object it may use ``properties``, ``required``, ``allOf``, ``anyOf``, ``oneOf``,
``not`` and ``if``/``then``/``else``; inside each fact's subschema anything JSON Schema offers.

A fact the household left unknown could hold any value. Each constraint on it is then true or
false, in the combinations its possible values allow (found by trying values at and around
the rule's own limits and listed choices); the rule is judged by the forms' own validator for
every combination. True in all: likely eligible, whatever the unknowns are. False in all:
likely ineligible. Otherwise the unknown facts decide, and the result says which. A rule too
intricate to enumerate is bounded instead: every constraint on an unknown fact counted as met
(optimistic) and as broken (pessimistic), flipped under ``not``, with ``oneOf`` and
``if``/``then``/``else`` rewritten in ``anyOf``/``allOf``/``not`` first. Either way a decided
verdict holds for every value the unknown facts could take.
"""

from __future__ import annotations

import difflib
import itertools
import json
import math
from dataclasses import dataclass

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from carebridge.benefits.facts import BY_NAME, Facts
from carebridge.benefits.reasons import Reason
from carebridge.errors import Problem
from carebridge.forms import patterns
from carebridge.forms.validation import is_valid, make_validator, pointer
from carebridge.i18n import N_, _

LIKELY_ELIGIBLE, LIKELY_INELIGIBLE, UNKNOWN = "likely_eligible", "likely_ineligible", "unknown"
FACTS_LEVEL = {"properties", "required", "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
               "type", "title", "description", "$comment"}
COMBINATIONS = ("allOf", "anyOf", "oneOf")
MAX_RULE_BYTES = 32 * 1024
MAX_ONE_OF = 12
MAX_COMBINATIONS = 512
# Keywords whose meaning on one value is settled by trying values around their limits.
SIMPLE_KEYWORDS = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "const",
                   "enum", "type", "title", "description", "$comment"}


@dataclass(frozen=True)
class Verdict:
    """A rule's outcome for one household: status, reasons in words, fields that would settle it."""

    status: str
    reasons: tuple[Reason, ...]
    missing: tuple[str, ...] = ()


# -- checking a rule when an agency saves it -----------------------------------------------------

def check(rule: object) -> list[Problem]:
    """Every problem with a rule, at its JSON Pointer (empty when the rule can be used)."""
    if not isinstance(rule, dict | bool):
        return [Problem("", _("A rule is a JSON Schema: an object such as %(example)s.",
                              example='{"properties": {"income_percent_of_poverty": '
                                      '{"maximum": 200}}}'))]
    if len(json.dumps(rule)) > MAX_RULE_BYTES:
        return [Problem("", _("The rule is larger than %(size)s KiB.",
                              size=MAX_RULE_BYTES // 1024))]
    try:
        Draft202012Validator.check_schema(rule)
    except SchemaError as exc:
        return [Problem(pointer(exc.path),
                        _("Not valid JSON Schema: %(reason)s", reason=exc.message))]
    found: list[Problem] = []
    _check_level(rule, "", found)
    _check_anywhere(rule, "", found)
    return found


def _check_level(node: object, where: str, found: list[Problem]) -> None:
    if isinstance(node, bool):
        return
    for key, value in node.items():
        at = f"{where}/{_escape(key)}"
        if key not in FACTS_LEVEL:
            found.append(Problem(at, _("'%(key)s' cannot apply to the facts as a whole: use "
                                       "properties, required, allOf, anyOf, oneOf, not or "
                                       "if/then/else there, and put value constraints inside "
                                       "a fact's own schema.", key=key)))
        elif key == "type" and value != "object":
            found.append(Problem(at, _('The facts are an object: type can only be "object".')))
        elif key == "properties":
            found += [Problem(f"{at}/{_escape(name)}", _unknown_fact(name))
                      for name in value if name not in BY_NAME]
        elif key == "required":
            found += [Problem(f"{at}/{i}", _unknown_fact(name))
                      for i, name in enumerate(value) if name not in BY_NAME]
        elif key in COMBINATIONS:
            if key == "oneOf" and len(value) > MAX_ONE_OF:
                found.append(Problem(at, _("oneOf can list at most %(count)s choices here.",
                                                   count=MAX_ONE_OF)))
            for i, sub in enumerate(value):
                _check_level(sub, f"{at}/{i}", found)
        elif key in ("not", "if", "then", "else"):
            _check_level(value, at, found)


def _check_anywhere(node: object, where: str, found: list[Problem]) -> None:
    if isinstance(node, list):
        for i, item in enumerate(node):
            _check_anywhere(item, f"{where}/{i}", found)
    elif isinstance(node, dict):
        for key, value in node.items():
            at = f"{where}/{_escape(key)}"
            if key in ("$ref", "$dynamicRef"):
                found.append(Problem(at, _("Rules cannot refer to other schemas; write "
                                           "the condition out.")))
            elif key == "pattern" and isinstance(value, str):
                reason = patterns.check(value)  # ECMA-262, as the forms' patterns
                if reason is not None:
                    found.append(Problem(at, _("The pattern does not compile: %(reason)s.",
                                               reason=reason)))
            _check_anywhere(value, at, found)


def _unknown_fact(name: str) -> str:
    close = difflib.get_close_matches(name, list(BY_NAME), n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    return f"There is no fact called '{name}'.{hint} The facts are: {', '.join(BY_NAME)}."


def _escape(key: str) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


# -- judging -------------------------------------------------------------------------------------

def referenced_facts(rule: object) -> set[str]:
    """The facts a rule looks at (through every combination, negation and condition)."""
    if not isinstance(rule, dict):
        return set()
    names = set(rule.get("properties", {})) | set(rule.get("required", []))
    for key in COMBINATIONS:
        for sub in rule.get(key, []):
            names |= referenced_facts(sub)
    for key in ("not", "if", "then", "else"):
        names |= referenced_facts(rule.get(key))
    return names


def judge(rule: dict | bool, facts: Facts) -> Verdict:
    """Judge a checked rule against a household's facts."""
    unknown = {name for name in referenced_facts(rule) if name not in facts.values}
    instance = {**facts.values, **{name: None for name in unknown}}
    outcomes = _outcomes(rule, unknown, instance) if unknown else {
        _valid(rule, instance)}
    if outcomes is None:  # too many combinations: bound instead
        outcomes = {_valid(_bound(rule, unknown, optimistic=False), instance),
                    _valid(_bound(rule, unknown, optimistic=True), instance)}
    status = {frozenset({True}): LIKELY_ELIGIBLE,
              frozenset({False}): LIKELY_INELIGIBLE}.get(frozenset(outcomes), UNKNOWN)
    missing = sorted({field for name in unknown for field in facts.unknown.get(name, ())})
    return Verdict(status, tuple(explain(rule, facts, status, unknown)),
                   tuple(missing) if status == UNKNOWN else ())


def _valid(schema, instance: dict) -> bool:
    # Patterns run under the request's one budget (see forms.validation.checking).
    return is_valid(make_validator(schema), instance)


def _outcomes(rule, unknown: set[str], instance: dict) -> set[bool] | None:
    """The rule's outcome for every feasible truth of the constraints on unknown facts."""
    atoms: dict[str, dict[str, object]] = {}
    for name, sub, _how in constraints(rule):
        if name in unknown:
            atoms.setdefault(name, {})[_key(sub)] = sub
    names = sorted(atoms)
    choices = [sorted(_feasible(name, list(atoms[name].values()))) for name in names]
    if math.prod(len(c) for c in choices) > MAX_COMBINATIONS:
        return None
    outcomes = set()
    for picked in itertools.product(*choices):
        truth = {(name, key): value for name, combo in zip(names, picked, strict=True)
                 for key, value in zip(atoms[name], combo, strict=True)}
        outcomes.add(_valid(_assign(rule, unknown, truth), instance))
        if len(outcomes) == 2:
            break
    return outcomes


def _key(sub) -> str:
    return json.dumps(sub, sort_keys=True)


def _feasible(name: str, subs: list) -> set[tuple[bool, ...]]:
    """Which combinations of true and false the constraints on one fact can take together."""
    values = _witnesses(name, subs)
    if values is None:  # constraints we cannot sample: any combination may happen
        return set(itertools.product((True, False), repeat=len(subs)))
    validators = [make_validator(sub) for sub in subs]
    return {tuple(is_valid(v, value) for v in validators) for value in values}


def _witnesses(name: str, subs: list) -> list | None:
    """Values at and around every limit and choice the constraints name (None: not sampleable)."""
    if any(isinstance(s, dict) and set(s) - SIMPLE_KEYWORDS for s in subs):
        return None
    kind = BY_NAME[name].type
    if kind == "array":
        return None
    named = [v for s in subs if isinstance(s, dict)
             for v in ([s[k] for k in ("minimum", "maximum", "exclusiveMinimum",
                                       "exclusiveMaximum", "const") if k in s]
                       + list(s.get("enum", [])))]
    if kind == "string":
        return [*{v for v in named if isinstance(v, str)}, "\u0000 none of these"]
    numbers = [v for v in named if isinstance(v, int | float) and not isinstance(v, bool)]
    step = 1 if kind == "integer" else 0.001
    found = {0, max(numbers, default=0) + 1000}
    for n in numbers:
        found |= {math.floor(n), math.ceil(n), n, n - step, n + step}
    return sorted(v for v in found if v >= 0 and (kind != "integer" or v == int(v)))


def _assign(node, unknown: set[str], truth: dict):
    """The rule with each constraint on an unknown fact replaced by its assumed truth."""
    if not isinstance(node, dict):
        return node
    assigned = {}
    for key, value in node.items():
        if key == "properties":
            assigned[key] = {name: truth.get((name, _key(sub)), sub) if name in unknown else sub
                             for name, sub in value.items()}
        elif key in COMBINATIONS:
            assigned[key] = [_assign(sub, unknown, truth) for sub in value]
        elif key in ("not", "if", "then", "else"):
            assigned[key] = _assign(value, unknown, truth)
        else:
            assigned[key] = value
    return assigned


def _bound(node, unknown: set[str], optimistic: bool, positive: bool = True):
    """The rule with each unknown fact's constraint counted as met or broken."""
    if isinstance(node, bool):
        return node
    node = _expand(node)
    bounded = {}
    for key, value in node.items():
        if key == "properties":
            bounded[key] = {name: (optimistic == positive) if name in unknown else sub
                            for name, sub in value.items()}
        elif key in ("allOf", "anyOf"):
            bounded[key] = [_bound(sub, unknown, optimistic, positive) for sub in value]
        elif key == "not":
            bounded[key] = _bound(value, unknown, optimistic, not positive)
        else:
            bounded[key] = value
    return bounded


def _expand(node: dict) -> dict:
    """Rewrite ``oneOf`` and ``if``/``then``/``else`` with monotone keywords (same meaning)."""
    if "oneOf" not in node and "if" not in node:
        return node
    node = dict(node)
    parts = []
    if "oneOf" in node:
        options = node.pop("oneOf")
        parts.append({"anyOf": [
            {"allOf": [option, *({"not": other} for j, other in enumerate(options) if j != i)]}
            for i, option in enumerate(options)
        ]})
    if "if" in node:
        condition = node.pop("if")
        then, otherwise = node.pop("then", True), node.pop("else", True)
        parts.append({"anyOf": [{"allOf": [condition, then]},
                                {"allOf": [{"not": condition}, otherwise]}]})
    node.pop("then", None)
    node.pop("else", None)
    node["allOf"] = [*node.get("allOf", []), *parts]
    return node


# -- reasons in words ----------------------------------------------------------------------------

def constraints(rule: object, negated: bool = False):
    """Each ``(fact, subschema, negated)`` a rule places on one fact, in the rule's order."""
    if not isinstance(rule, dict):
        return
    for name, sub in rule.get("properties", {}).items():
        yield name, sub, negated
    for key in COMBINATIONS:
        for sub in rule.get(key, []):
            yield from constraints(sub, negated)
    yield from constraints(rule.get("not"), not negated)
    for key in ("if", "then", "else"):
        yield from constraints(rule.get(key), negated)


def explain(rule, facts: Facts, status: str, unknown: set[str]):
    """Reasons saying why: the constraints met (likely eligible, unknown) or broken."""
    from carebridge.benefits.wording import constraint_sentence, unknown_sentence

    sentences: list[Reason] = []
    for name, sub, negated in constraints(rule):
        if name not in facts.values:
            continue
        met = is_valid(make_validator(sub), facts.values[name]) != negated
        if met == (status != LIKELY_INELIGIBLE):
            sentences.append(constraint_sentence(name, facts.values[name], sub, negated, facts))
    if status == UNKNOWN:
        sentences += [unknown_sentence(name) for name in sorted(unknown)]
    if not sentences:
        sentences.append(Reason(N_("The household meets the program's rule.")
                                if status == LIKELY_ELIGIBLE
                                else N_("The household does not meet the program's rule.")))
    return list(dict.fromkeys(sentences))
