"""Validation messages a client or an intake worker can act on, per JSON Schema keyword.

Every sentence is marked for translation and built when the error is reported, so it comes in
the language of the request (the kiosk's, the worker's, or the API's ``Accept-Language``).
"""

from __future__ import annotations

from jsonschema import ValidationError

from carebridge.forms import dates
from carebridge.i18n import _, ngettext
from carebridge.i18n import lazy_gettext as _l

_TYPE_NAMES = {
    "string": _l("text"),
    "integer": _l("a whole number"),
    "number": _l("a number"),
    "boolean": _l("yes or no"),
    "object": _l("a group of answers"),
    "array": _l("a list"),
    "null": _l("an empty answer"),
}

_FORMAT_NAMES = {
    "email": _l("an email address like name@example.org"),
    "date": _l("a date (YYYY-MM-DD)"),
    "date-time": _l("a date and time"),
    "time": _l("a time"),
    "uri": _l("a web address starting with https://"),
    "uuid": _l("an identifier (UUID)"),
    "ipv4": _l("an IPv4 address"),
    "ipv6": _l("an IPv6 address"),
}


def is_choice(alternatives: object) -> bool:
    """True for ``oneOf``/``anyOf`` lists of ``{const, title}``: labelled answer choices."""
    return isinstance(alternatives, list) and all(
        isinstance(s, dict) and "const" in s for s in alternatives
    )


def required(error: ValidationError, name: str, words: dict | None = None) -> str:
    """"<question> is required." ``words`` keeps the translated sentence for the next missing
    answer (an empty long form has hundreds, each asked the catalog once)."""
    title = _property_title(error.schema, name)
    if words is None:
        return _("%(question)s is required.", question=title) if title else _(
            "This answer is required.")
    if title:
        if "required" not in words:
            words["required"] = _("%(question)s is required.")
        return words["required"] % {"question": title}
    if "required-untitled" not in words:
        words["required-untitled"] = _("This answer is required.")
    return words["required-untitled"]


def _property_title(schema: object, name: str) -> str | None:
    if isinstance(schema, dict):
        prop = schema.get("properties", {}).get(name)
        if isinstance(prop, dict) and isinstance(prop.get("title"), str):
            return prop["title"]
    return None


def pattern_timeout() -> str:
    return _("This answer could not be checked in time; please shorten or simplify it.")


def unusable_pattern() -> str:
    return _("This answer could not be checked: the form's pattern for it cannot be used. "
             "Please tell the person who manages this form.")


def endless_schema() -> str:
    return _("These answers could not be checked: the form refers to itself without end.")


def date_bound(keyword: str, bound: str, limit) -> str:
    """"Cannot be in the future" for ``x-maxDate: today``; the date itself otherwise."""
    if bound == "today" or limit is None:
        return (_("This date cannot be in the future.") if keyword == dates.MAX_DATE
                else _("This date cannot be in the past."))
    if keyword == dates.MAX_DATE:
        return _("Enter a date on or before %(date)s.", date=limit.isoformat())
    return _("Enter a date on or after %(date)s.", date=limit.isoformat())


def not_before(earlier: str | None, limit) -> str:
    """A date before the one it follows (a review date before the plan's date)."""
    when = limit.isoformat() if limit is not None else ""
    if earlier:
        return _("This date cannot be before the %(earlier)s (%(date)s).",
                 earlier=earlier.lower(), date=when)
    return _("Enter a date on or after %(date)s.", date=when)


def too_deep(limit: int) -> str:
    return _("The data is nested more than %(limit)d levels deep.", limit=limit)


def lone_surrogate() -> str:
    return _("The text contains an unpaired UTF-16 surrogate (such as \\ud800), which is not a "
             "character and cannot be stored.")


def nul_character() -> str:
    return _("The text contains a NUL character (\\u0000), which is not text and cannot be "
             "stored.")


def number_out_of_range(text: str) -> str:
    return _("The number %(number)s is too large, too small or too long to store.",
             number=text[:40])


def _type_names(wanted: list) -> str:
    names = [str(_TYPE_NAMES.get(t, t)) for t in wanted]
    return _(" or ").join(names)


def for_error(error: ValidationError) -> str:
    keyword, value = error.validator, error.validator_value
    if keyword == "type":
        return _("Enter %(what)s.", what=_type_names(value if isinstance(value, list) else [value]))
    if keyword in ("enum", "const") or (keyword in ("oneOf", "anyOf") and is_choice(value)):
        return _("Choose one of the options.")
    if keyword == "format":
        what = _FORMAT_NAMES.get(value)
        return (_("Enter %(what)s.", what=what) if what is not None
                else _("Enter a valid %(format)s.", format=value))
    if keyword == "minimum":
        return _("Must be at least %(limit)s.", limit=value)
    if keyword == "maximum":
        return _("Must be at most %(limit)s.", limit=value)
    if keyword == "exclusiveMinimum":
        return _("Must be more than %(limit)s.", limit=value)
    if keyword == "exclusiveMaximum":
        return _("Must be less than %(limit)s.", limit=value)
    if keyword == "multipleOf":
        return _("Must be a multiple of %(number)s.", number=value)
    if keyword == "minLength":
        return _("This answer cannot be empty.") if value == 1 else ngettext(
            "Use at least %(num)d character.", "Use at least %(num)d characters.", value)
    if keyword == "maxLength":
        return ngettext("Use at most %(num)d character.", "Use at most %(num)d characters.",
                        value)
    if keyword == "pattern":
        return _("This answer is not in the expected format.")
    if keyword == dates.NOT_BEFORE:
        return not_before(getattr(error, "earlier", None), getattr(error, "limit", None))
    if keyword in dates.KEYWORDS:
        return date_bound(keyword, value, getattr(error, "limit", None))
    if keyword == "minItems":
        return ngettext("Add at least %(num)d item.", "Add at least %(num)d items.", value)
    if keyword == "maxItems":
        return ngettext("Add at most %(num)d item.", "Add at most %(num)d items.", value)
    if keyword == "uniqueItems":
        return _("Each item must be different.")
    if keyword == "additionalProperties" or keyword == "unevaluatedProperties":
        return _("Unexpected answer: %(detail)s.", detail=error.message)
    if keyword == "oneOf":
        return _("Answer exactly one of the alternatives.")
    if keyword == "anyOf":
        return _("Answer at least one of the alternatives.")
    if keyword == "not":
        return _("This answer is not allowed.")
    return error.message[0:1].upper() + error.message[1:] + "."
