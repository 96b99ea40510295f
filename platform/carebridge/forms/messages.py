"""Validation messages a client or an intake worker can act on, per JSON Schema keyword."""

from __future__ import annotations

from jsonschema import ValidationError

from carebridge.forms import dates

_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "yes or no",
    "object": "a group of answers",
    "array": "a list",
    "null": "an empty answer",
}

_FORMAT_NAMES = {
    "email": "an email address like name@example.org",
    "date": "a date (YYYY-MM-DD)",
    "date-time": "a date and time",
    "time": "a time",
    "uri": "a web address starting with https://",
    "uuid": "an identifier (UUID)",
    "ipv4": "an IPv4 address",
    "ipv6": "an IPv6 address",
}


def is_choice(alternatives: object) -> bool:
    """True for ``oneOf``/``anyOf`` lists of ``{const, title}``: labelled answer choices."""
    return isinstance(alternatives, list) and all(
        isinstance(s, dict) and "const" in s for s in alternatives
    )


def required(error: ValidationError, name: str) -> str:
    title = _property_title(error.schema, name)
    return f"{title} is required." if title else "This answer is required."


def _property_title(schema: object, name: str) -> str | None:
    if isinstance(schema, dict):
        prop = schema.get("properties", {}).get(name)
        if isinstance(prop, dict) and isinstance(prop.get("title"), str):
            return prop["title"]
    return None


def pattern_timeout() -> str:
    return "This answer could not be checked in time; please shorten or simplify it."


def unusable_pattern() -> str:
    return ("This answer could not be checked: the form's pattern for it cannot be used. "
            "Please tell the person who manages this form.")


def endless_schema() -> str:
    return "These answers could not be checked: the form refers to itself without end."


def date_bound(keyword: str, bound: str, limit) -> str:
    """"Cannot be in the future" for ``x-maxDate: today``; the date itself otherwise."""
    if bound == "today" or limit is None:
        return ("This date cannot be in the future." if keyword == dates.MAX_DATE
                else "This date cannot be in the past.")
    if keyword == dates.MAX_DATE:
        return f"Enter a date on or before {limit.isoformat()}."
    return f"Enter a date on or after {limit.isoformat()}."


def not_before(earlier: str | None, limit) -> str:
    """A date before the one it follows (a review date before the plan's date)."""
    when = limit.isoformat() if limit is not None else ""
    if earlier:
        return f"This date cannot be before the {earlier.lower()} ({when})."
    return f"Enter a date on or after {when}."


def too_deep(limit: int) -> str:
    return f"The data is nested more than {limit} levels deep."


def lone_surrogate() -> str:
    return ("The text contains an unpaired UTF-16 surrogate (such as \\ud800), which is not a "
            "character and cannot be stored.")


def number_out_of_range(text: str) -> str:
    return f"The number {text[:40]} is too large, too small or too long to store."


def for_error(error: ValidationError) -> str:
    keyword, value = error.validator, error.validator_value
    if keyword == "type":
        wanted = value if isinstance(value, list) else [value]
        return "Enter " + " or ".join(_TYPE_NAMES.get(t, t) for t in wanted) + "."
    if keyword in ("enum", "const") or (keyword in ("oneOf", "anyOf") and is_choice(value)):
        return "Choose one of the options."
    if keyword == "format":
        return f"Enter {_FORMAT_NAMES.get(value, f'a valid {value}')}."
    if keyword == "minimum":
        return f"Must be at least {value}."
    if keyword == "maximum":
        return f"Must be at most {value}."
    if keyword == "exclusiveMinimum":
        return f"Must be more than {value}."
    if keyword == "exclusiveMaximum":
        return f"Must be less than {value}."
    if keyword == "multipleOf":
        return f"Must be a multiple of {value}."
    if keyword == "minLength":
        return "This answer cannot be empty." if value == 1 else f"Use at least {value} characters."
    if keyword == "maxLength":
        return f"Use at most {value} characters."
    if keyword == "pattern":
        return "This answer is not in the expected format."
    if keyword == dates.NOT_BEFORE:
        return not_before(getattr(error, "earlier", None), getattr(error, "limit", None))
    if keyword in dates.KEYWORDS:
        return date_bound(keyword, value, getattr(error, "limit", None))
    if keyword == "minItems":
        return f"Add at least {value} item{'s' if value != 1 else ''}."
    if keyword == "maxItems":
        return f"Add at most {value} item{'s' if value != 1 else ''}."
    if keyword == "uniqueItems":
        return "Each item must be different."
    if keyword == "additionalProperties" or keyword == "unevaluatedProperties":
        return f"Unexpected answer: {error.message}."
    if keyword == "oneOf":
        return "Answer exactly one of the alternatives."
    if keyword == "anyOf":
        return "Answer at least one of the alternatives."
    if keyword == "not":
        return "This answer is not allowed."
    return error.message[0:1].upper() + error.message[1:] + "."
