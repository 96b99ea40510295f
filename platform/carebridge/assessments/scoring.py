"""Run a definition's scoring on a submission: named scores, their bands, and flags.

The results are plain data, ready to be stored with the submission (which already records the
definition version they were computed against): ``Scoring.as_json()`` gives
``{"scores": [{"name", "label", "value", "band"}], "flags": [{"name", "label", "severity",
"message"}]}``. Scoring never changes whether a submission is valid.
"""

from __future__ import annotations

import functools
import json
from collections import OrderedDict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from carebridge.assessments.answers import WILDCARD, is_number, split_path, value_range, values_at
from carebridge.assessments.rules import FlagRule, ScoreRule, ScoringRules, scoring_rules
from carebridge.forms.validation import make_validator


@dataclass(frozen=True)
class Score:
    name: str
    label: str
    value: int | float
    band: str | None = None
    band_description: str = ""

    def as_json(self) -> dict:
        return {"name": self.name, "label": self.label, "value": self.value, "band": self.band}


@dataclass(frozen=True)
class Flag:
    name: str
    label: str
    severity: str
    message: str

    def as_json(self) -> dict:
        return {
            "name": self.name, "label": self.label, "severity": self.severity,
            "message": self.message,
        }


@dataclass(frozen=True)
class Unscored:
    """A score that could not be computed: too many of its items are unanswered."""

    name: str
    label: str
    unanswered: tuple[str, ...]


@dataclass(frozen=True)
class Scoring:
    scores: tuple[Score, ...] = ()
    flags: tuple[Flag, ...] = ()
    unscored: tuple[Unscored, ...] = ()

    def as_json(self) -> dict:
        return {
            "scores": [score.as_json() for score in self.scores],
            "flags": [flag.as_json() for flag in self.flags],
        }

    def values(self) -> dict[str, int | float]:
        """Each computed score's value by name (what need rules can test)."""
        return {score.name: score.value for score in self.scores}


def score(definition: dict, answers: object, *, digest: str | None = None) -> Scoring:
    """Every score, band and flag ``definition`` declares, computed from ``answers``.
    ``digest``: the definition's (a published version's): its rules are read once per digest,
    not from the document on every call (a quarter of a submission's scoring)."""
    rules = _rules_by_digest(digest, definition) if digest else scoring_rules(definition)
    schema = definition.get("schema") if isinstance(definition.get("schema"), dict) else {}
    scores, unscored = [], []
    for rule in rules.scores:
        result = _compute(rule, schema, answers)
        if isinstance(result, Unscored):
            unscored.append(result)
        else:
            band = rule.band_for(result)
            scores.append(Score(
                rule.name, rule.label, result,
                band.label if band else None, band.description if band else "",
            ))
    values = {s.name: s.value for s in scores}
    flags = [
        Flag(rule.name, rule.label, rule.severity, rule.message)
        for rule in rules.flags
        if _raised(rule, answers, values)
    ]
    return Scoring(tuple(scores), tuple(flags), tuple(unscored))


def _compute(rule: ScoreRule, schema: dict, answers: object) -> int | float | Unscored:
    values: list[object] = []
    unanswered = []
    for path in rule.items:
        found = _answered(answers, path)
        if found is None:
            unanswered.append(path)
            continue
        values += [_reversed(v, schema, path) if path in rule.reverse else v for v in found]
    if len(unanswered) > rule.missing_allowed:
        return Unscored(rule.name, rule.label, tuple(unanswered))
    if rule.method == "sum" and not unanswered and all(type(v) is int for v in values):
        total = sum(values)  # whole answers, none missing: what the Decimal sum rounds to
        if -_WHOLE < total < _WHOLE:  # (within Decimal's precision)
            return total
    if rule.method == "count":
        validator = cached_validator(rule.match or {})
        return sum(1 for value in values if validator.is_valid(value))
    numbers = [Decimal(str(v)) for v in values if is_number(v)]
    if rule.method == "mean":
        return _rounded(sum(numbers) / len(numbers), rule.decimals) if numbers else Unscored(
            rule.name, rule.label, tuple(unanswered))
    total = sum(numbers, Decimal(0))
    answered = len(rule.items) - len(unanswered)
    if unanswered:
        # Prorated: the answered items' total scaled up to every item (see the format docs).
        total = total * len(rule.items) / answered
    return _rounded(total, rule.decimals)


#: Whole sums below this are added as ints (exactly what the Decimal sum would give).
_WHOLE = 10**18


def _reversed(value: object, schema: dict, path: str) -> object:
    span = value_range(schema, path)
    if not is_number(value) or span is None:
        return value
    low, high = span
    return Decimal(str(low)) + Decimal(str(high)) - Decimal(str(value))


def _rounded(value: Decimal, decimals: int) -> int | float:
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


_RULES: OrderedDict[str, ScoringRules] = OrderedDict()
_RULES_KEPT = 512


def _rules_by_digest(digest: str, definition: dict) -> ScoringRules:
    """``scoring_rules(definition)``, read once per ``digest`` (a version never changes)."""
    found = _RULES.get(digest)
    if found is None:
        found = _RULES[digest] = scoring_rules(definition)
        if len(_RULES) > _RULES_KEPT:
            _RULES.popitem(last=False)
    return found


_VALIDATORS: OrderedDict[str, object] = OrderedDict()
_VALIDATORS_KEPT = 512
# The schema object itself is kept beside its validator, so a reused id never matches.
_BY_IDENTITY: dict[int, tuple[dict, object]] = {}


def cached_validator(schema: dict):
    """A validator for a small schema of a definition (a count's ``match``, a need's ``when``),
    compiled once. Keyed by the schema's text; built from the schema itself, so Decimal
    numbers in it stay Decimal."""
    seen = _BY_IDENTITY.get(id(schema))
    if seen is not None and seen[0] is schema:  # the same object as last time: no re-keying
        return seen[1]
    key = json.dumps(schema, sort_keys=True, default=str)
    found = _VALIDATORS.get(key)
    if found is None:
        found = _VALIDATORS[key] = make_validator(schema)
        if len(_VALIDATORS) > _VALIDATORS_KEPT:
            _VALIDATORS.popitem(last=False)
    if len(_BY_IDENTITY) > _VALIDATORS_KEPT:
        _BY_IDENTITY.clear()
    _BY_IDENTITY[id(schema)] = (schema, found)
    return found


def _raised(rule: FlagRule, answers: object, scores: dict[str, int | float]) -> bool:
    if rule.score is not None:
        return rule.score in scores and rule.holds(scores[rule.score])
    found = _answered(answers, rule.path or "") or ()
    return any(is_number(value) and rule.holds(value) for value in found)


def _answered(answers: object, path: str) -> tuple[object, ...] | None:
    """``values_at(answers, path)``'s values, or None when it is unanswered; a path through no
    array is read name by name (scoring reads a dozen paths a submission)."""
    names = _names(path)
    if names is None:
        found = values_at(answers, path)
        return found.values if found.answered else None
    node = answers
    for name in names:
        if not isinstance(node, dict):
            return None
        node = node.get(name)
        if node is None:
            return None
    return (node,)


@functools.lru_cache(maxsize=4096)
def _names(path: str) -> tuple[str, ...] | None:
    """The property names along ``path``, or None when it goes through an array (``*``)."""
    names = tuple(split_path(path))
    return None if WILDCARD in names else names
