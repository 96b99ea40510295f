"""Facts and rule constraints in plain words: "income is 212% of the 2024 poverty guideline;
the limit is 200%"."""

from __future__ import annotations

from carebridge.benefits.facts import BY_NAME, Facts


def number(value: float, decimals: int = 2) -> str:
    """1,234.5 → "1,234.5"; 200.0 → "200": no trailing zeros."""
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def amount(name: str, value, near=None) -> str:
    """A value of fact ``name`` in its unit; with ``near``, precise enough to differ from it."""
    unit = BY_NAME[name].unit
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    if not isinstance(value, int | float) or isinstance(value, bool):
        return str(value)
    decimals = 2 if unit == "dollars" else 1
    while (near is not None and isinstance(near, int | float) and decimals < 6
           and round(value, decimals) == round(near, decimals) and value != near):
        decimals += 1
    if unit == "dollars":
        return "$" + (f"{value:,.{decimals}f}" if value != int(value) or decimals > 2
                      else f"{int(value):,}")
    if unit == "percent":
        return number(value, decimals) + "%"
    return number(value, decimals)


def subject(name: str, value, facts: Facts, near=None) -> str:
    """The fact and its value as the start of a sentence."""
    fact = BY_NAME[name]
    shown = amount(name, value, near)
    if name == "income_percent_of_poverty":
        return f"income is {shown} of the {facts.poverty_year} poverty guideline"
    if name == "housing_cost_percent_of_income":
        return f"housing costs are {shown} of income"
    if name == "household_size":
        return f"the household has {shown} {'person' if value == 1 else 'people'}"
    if name == "poverty_guideline":
        return f"the {facts.poverty_year} poverty guideline for this household is {shown} a year"
    if name == "annual_income":
        return f"yearly income is {shown}"
    if fact.unit == "dollars":
        return f"{fact.label} is {shown} a month"
    if fact.unit == "people":
        return f"{fact.label}: {shown}"
    if fact.unit == "list":
        return f"{fact.label}: {shown}"
    return f"{fact.label} is {shown}"


def _limit(name: str, sub: dict) -> float | None:
    for key in ("maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "const"):
        if isinstance(sub.get(key), int | float) and not isinstance(sub.get(key), bool):
            return sub[key]
    return None


def condition(name: str, sub: object) -> str:
    """What a fact's subschema asks for, in words ("the limit is 200%")."""
    if isinstance(sub, bool):
        return "any value is accepted" if sub else "no value is accepted"
    if isinstance(sub.get("description"), str):
        return sub["description"].rstrip(".")
    parts = []
    words = {"maximum": "the limit is {}", "exclusiveMaximum": "it must be under {}",
             "minimum": "it must be at least {}", "exclusiveMinimum": "it must be over {}",
             "const": "it must be {}"}
    for key, template in words.items():
        if key in sub:
            parts.append(template.format(amount(name, sub[key])))
    if "enum" in sub:
        parts.append("it must be one of " + ", ".join(amount(name, v) for v in sub["enum"]))
    if "contains" in sub:
        wanted = condition(name, sub["contains"]).removeprefix("it must be ")
        parts.append("it must include " + wanted)
    if "items" in sub:
        parts.append("each must meet: " + condition(name, sub["items"]))
    return " and ".join(parts) or "it must meet the program's condition"


def constraint_sentence(name: str, value, sub, negated: bool, facts: Facts) -> str:
    limit = _limit(name, sub) if isinstance(sub, dict) else None
    said = condition(name, sub)
    if negated:
        said = f"the program excludes households where {said.removeprefix('it must be ')}"
    text = f"{subject(name, value, facts, near=limit)}; {said}."
    return text[0].upper() + text[1:]


def unknown_sentence(name: str) -> str:
    fact = BY_NAME[name]
    label = "income as a share of the poverty guideline" if name == (
        "income_percent_of_poverty") else fact.label
    text = f"{label} is not known."
    return text[0].upper() + text[1:]
