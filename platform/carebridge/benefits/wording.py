"""Facts and rule constraints as reasons: "income is 212% of the 2024 poverty guideline; the
limit is 200%", kept as messages with their values (``reasons.Reason``) and said in the
reader's language when shown. An agency's own words (a constraint's description) stay as
they are."""

from __future__ import annotations

from carebridge.benefits.facts import BY_NAME, Facts
from carebridge.benefits.reasons import Reason
from carebridge.i18n import N_


def amount(name: str, value, near=None):
    """A value of fact ``name`` in its unit; with ``near``, precise enough to differ from it."""
    unit = BY_NAME[name].unit
    if isinstance(value, list):
        return Reason.words(str(v) for v in value)
    if not isinstance(value, int | float) or isinstance(value, bool):
        return str(value)
    decimals = 2 if unit == "dollars" else 1
    while (near is not None and isinstance(near, int | float) and decimals < 6
           and round(value, decimals) == round(near, decimals) and value != near):
        decimals += 1
    if unit == "dollars":
        cents = value != int(value) or decimals > 2
        return Reason.dollars(float(round(value, decimals)) if cents else int(value))
    if unit == "percent":
        return Reason.percent(round(value, decimals))
    return Reason.number(round(value, decimals))


def subject(name: str, value, facts: Facts, near=None) -> Reason:
    """The fact and its value as the start of a sentence."""
    fact = BY_NAME[name]
    shown = amount(name, value, near)
    label = Reason.message(fact.label)
    if name == "income_percent_of_poverty":
        return Reason(N_("income is %(percent)s of the %(year)s poverty guideline"),
                      {"percent": shown, "year": facts.poverty_year})
    if name == "housing_cost_percent_of_income":
        return Reason(N_("housing costs are %(percent)s of income"), {"percent": shown})
    if name == "household_size":
        text = (N_("the household has %(count)s person") if value == 1
                else N_("the household has %(count)s people"))
        return Reason(text, {"count": shown})
    if name == "poverty_guideline":
        return Reason(N_("the %(year)s poverty guideline for this household is %(amount)s a "
                         "year"), {"year": facts.poverty_year, "amount": shown})
    if name == "annual_income":
        return Reason(N_("yearly income is %(amount)s"), {"amount": shown})
    if fact.unit == "dollars":
        return Reason(N_("%(fact)s is %(amount)s a month"), {"fact": label, "amount": shown})
    if fact.unit in ("people", "list"):
        return Reason(N_("%(fact)s: %(amount)s"), {"fact": label, "amount": shown})
    return Reason(N_("%(fact)s is %(amount)s"), {"fact": label, "amount": shown})


def _limit(name: str, sub: dict) -> float | None:
    for key in ("maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "const"):
        if isinstance(sub.get(key), int | float) and not isinstance(sub.get(key), bool):
            return sub[key]
    return None


LIMITS = {"maximum": N_("the limit is %(value)s"),
          "exclusiveMaximum": N_("it must be under %(value)s"),
          "minimum": N_("it must be at least %(value)s"),
          "exclusiveMinimum": N_("it must be over %(value)s"),
          "const": N_("it must be %(value)s")}


def condition(name: str, sub: object):
    """What a fact's subschema asks for, in words ("the limit is 200%"): a ``Reason``, a list
    of them, or the agency's own description."""
    if isinstance(sub, bool):
        return Reason(N_("any value is accepted") if sub else N_("no value is accepted"))
    if isinstance(sub.get("description"), str):
        return sub["description"].rstrip(".")
    parts = [Reason(text, {"value": amount(name, sub[key])})
             for key, text in LIMITS.items() if key in sub]
    if "enum" in sub:
        parts.append(Reason(N_("it must be one of %(choices)s"), {"choices": _choices(name, sub)}))
    if "contains" in sub:
        wanted = sub["contains"]
        if isinstance(wanted, dict) and set(wanted) == {"const"}:
            parts.append(Reason(N_("it must include %(value)s"),
                                {"value": amount(name, wanted["const"])}))
        else:
            parts.append(Reason(N_("it must include a value where %(condition)s"),
                                {"condition": condition(name, wanted)}))
    if "items" in sub:
        parts.append(Reason(N_("each must meet: %(condition)s"),
                            {"condition": condition(name, sub["items"])}))
    if not parts:
        return Reason(N_("it must meet the program's condition"))
    return parts[0] if len(parts) == 1 else Reason.words(parts)


def _choices(name: str, sub: dict) -> dict:
    return Reason.words((amount(name, v) for v in sub["enum"]), style="or")


def _excluded(name: str, sub) -> Reason:
    """What a constraint under ``not`` rules out."""
    if isinstance(sub, dict) and set(sub) == {"const"}:
        return Reason(N_("the program excludes %(value)s"), {"value": amount(name, sub["const"])})
    if isinstance(sub, dict) and set(sub) == {"enum"}:
        return Reason(N_("the program excludes %(choices)s"), {"choices": _choices(name, sub)})
    return Reason(N_("the program excludes households where this holds: %(condition)s"),
                  {"condition": condition(name, sub)})


def constraint_sentence(name: str, value, sub, negated: bool, facts: Facts) -> Reason:
    limit = _limit(name, sub) if isinstance(sub, dict) else None
    said = _excluded(name, sub) if negated else condition(name, sub)
    return Reason(N_("%(subject)s; %(condition)s."),
                  {"subject": subject(name, value, facts, near=limit), "condition": said})


def unknown_sentence(name: str) -> Reason:
    if name == "income_percent_of_poverty":
        return Reason(N_("Income as a share of the poverty guideline is not known."))
    return Reason(N_("%(fact)s is not known."), {"fact": Reason.message(BY_NAME[name].label)})
