"""Checks of a definition's scoring and need rules when it is published, beyond its format.

The definition format (a JSON Schema) checks shapes; these check meaning: that scored items
exist and hold numbers, that reversed items have a range, that bands are in order and cover
every possible score where the items' ranges make it computable, that flags name real answers
or scores, and that need codes are in the needs vocabulary.
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal

from carebridge.assessments.answers import WILDCARD, choice_values, schemas_at, split_path
from carebridge.assessments.answers import value_range as item_range
from carebridge.assessments.rules import ScoreRule, scoring_rules
from carebridge.errors import Problem
from carebridge.i18n import _


def definition_problems(definition: dict, need_codes: Collection[str] | None) -> list[Problem]:
    """Every problem with the scoring and need rules of a definition already valid against the
    definition format. ``need_codes``: the codes need rules may use (None skips that check)."""
    schema = definition["schema"]
    rules = scoring_rules(definition)
    found: list[Problem] = []
    names = set()
    for rule in rules.scores:
        if rule.name in names:
            found.append(Problem(f"{rule.pointer}/name",
                                 _("Two scores are named '%(name)s'.", name=rule.name)))
        names.add(rule.name)
        found += _score_problems(rule, schema)
    flag_names = set()
    for index, flag in enumerate(rules.flags):
        where = f"/scoring/flags/{index}"
        if flag.name in flag_names:
            found.append(Problem(f"{where}/name",
                                 _("Two flags are named '%(name)s'.", name=flag.name)))
        flag_names.add(flag.name)
        if flag.score is not None and flag.score not in names:
            found.append(Problem(f"{where}/score",
                                 _("No score is named '%(name)s'.", name=flag.score)))
        if flag.path is not None and not schemas_at(schema, flag.path):
            found.append(Problem(f"{where}/path", _("'%(name)s' names no field.", name=flag.path)))
        if flag.low is not None and flag.high is not None and flag.low > flag.high:
            found.append(Problem(where, _("'min' is greater than 'max'.")))
    for index, rule in enumerate(definition.get("needs") or []):
        if need_codes is not None and rule["need"] not in need_codes:
            found.append(Problem(
                f"/needs/{index}/need",
                _("'%(need)s' is not in the needs vocabulary; the codes are: %(codes)s.",
                  need=rule["need"], codes=", ".join(sorted(need_codes))),
            ))
    found += _care_plan_problems(definition, need_codes)
    reassessment = definition.get("reassessment")
    if reassessment and reassessment.get("score") and reassessment["score"] not in names:
        found.append(Problem("/reassessment/score",
                             _("No score is named '%(name)s'.", name=reassessment["score"])))
    return found


def _care_plan_problems(definition: dict, need_codes: Collection[str] | None) -> list[Problem]:
    """A care-plan template's needs are in the vocabulary and only a care plan carries one."""
    template = definition.get("care_plan")
    if template is None:
        return []
    if definition.get("kind") != "care_plan":
        return [Problem("/care_plan", _("Only a definition of kind care_plan is a care-plan "
                                        "template."))]
    found = []
    wanted = [(f"/care_plan/needs/{i}", code) for i, code in enumerate(template["needs"])]
    wanted += [(f"/care_plan/goals/{i}/need", goal["need"])
               for i, goal in enumerate(template["goals"])]
    for where, code in wanted:
        if need_codes is not None and code not in need_codes:
            found.append(Problem(where, _("'%(need)s' is not in the needs vocabulary.",
                                          need=code)))
    return found


def _score_problems(rule: ScoreRule, schema: dict) -> list[Problem]:
    found = []
    for position, path in enumerate(rule.items):
        at = f"{rule.pointer}/items/{position}"
        nodes = schemas_at(schema, path)
        if not nodes:
            found.append(Problem(at, _("'%(name)s' names no field.", name=path)))
        elif rule.method != "count" and not any(_holds_number(node) for node in nodes):
            found.append(Problem(at, _("'%(name)s' does not hold a number, so it cannot be "
                                       "added or averaged.", name=path)))
    for path in sorted(rule.reverse):
        if path not in rule.items:
            found.append(Problem(f"{rule.pointer}/reverse",
                                 _("'%(name)s' is reversed but is not one of the items.",
                                   name=path)))
        elif item_range(schema, path) is None:
            found.append(Problem(f"{rule.pointer}/reverse", (
                _("'%(name)s' cannot be reversed: its schema gives no lowest and highest value "
                  "(numeric choices, or minimum and maximum).", name=path))))
    if rule.missing_allowed >= len(rule.items):
        found.append(Problem(f"{rule.pointer}/missing_allowed",
                             _("At least one item must be answered for a score.")))
    if not found:
        found += _band_problems(rule, schema)
    return found


def _holds_number(node: dict) -> bool:
    kinds = node.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    choices = choice_values(node)
    return bool({"integer", "number"} & set(kinds)) or (
        choices is not None and all(isinstance(c, int | float | Decimal) for c in choices)
    )


def _band_problems(rule: ScoreRule, schema: dict) -> list[Problem]:
    where = f"{rule.pointer}/bands"
    found = []
    for index, band in enumerate(rule.bands):
        if band.low > band.high:
            found.append(Problem(f"{where}/{index}", _("The band '%(band)s' ends below "
                                                        "where it starts.", band=band.label)))
    for index in range(1, len(rule.bands)):
        before, after = rule.bands[index - 1], rule.bands[index]
        if after.low <= before.high:
            found.append(Problem(f"{where}/{index}", (
                _("The band '%(band)s' must start above %(high)s, where '%(previous)s' ends: "
                  "bands are listed lowest first and do not overlap.", band=after.label,
                  high=_text(before.high), previous=before.label))))
    if found or not rule.bands:
        return found
    span, step = possible_scores(rule, schema)
    if step is not None:
        for index in range(1, len(rule.bands)):
            before, after = rule.bands[index - 1], rule.bands[index]
            if Decimal(str(after.low)) - Decimal(str(before.high)) > step:
                found.append(Problem(f"{where}/{index}", (
                    _("Scores between %(high)s and %(low)s fall in no band.",
                      high=_text(before.high), low=_text(after.low)))))
    if span is not None:
        low, high = span
        if rule.bands[0].low > low:
            found.append(Problem(f"{where}/0", (
                _("The lowest possible score is %(low)s, but the first band starts at "
                  "%(start)s.", low=_text(low), start=_text(rule.bands[0].low)))))
        if rule.bands[-1].high < high:
            found.append(Problem(f"{where}/{len(rule.bands) - 1}", (
                _("The highest possible score is %(high)s, but the last band ends at "
                  "%(end)s.", high=_text(high), end=_text(rule.bands[-1].high)))))
    return found


def possible_scores(rule: ScoreRule, schema: dict) -> tuple[tuple | None, Decimal | None]:
    """The lowest and highest score ``rule`` can give (None when an item is unbounded or is a
    path through an array), and the smallest step between two scores (None when unknown)."""
    if rule.method == "count":
        fixed = all(WILDCARD not in split_path(path) for path in rule.items)
        return ((0, len(rule.items)) if fixed else None), Decimal(1)
    ranges = [item_range(schema, path) for path in rule.items]
    whole = all(r is not None and _whole(r[0]) and _whole(r[1]) for r in ranges)
    step = Decimal(1).scaleb(-rule.decimals) if rule.method == "mean" or rule.decimals else (
        Decimal(1) if whole else None)
    if any(r is None for r in ranges) or any(WILDCARD in split_path(p) for p in rule.items):
        return None, step
    if rule.method == "mean":
        return (min(r[0] for r in ranges), max(r[1] for r in ranges)), step
    return (sum(r[0] for r in ranges), sum(r[1] for r in ranges)), step


def _whole(value) -> bool:
    return Decimal(str(value)) == Decimal(str(value)).to_integral_value()


def _text(value) -> str:
    number = Decimal(str(value))
    return str(number.normalize()) if number != number.to_integral_value() else str(int(number))
