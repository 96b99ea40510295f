"""Search and match reasons in the reader's language: ours are translated, day and language
names come from the locale's data, and the words of the query and of the directory (service
words, categories, cities) stay as they were written."""

from __future__ import annotations

from collections.abc import Sequence

from babel import Locale, UnknownLocaleError
from babel.dates import get_day_names
from flask_babel import get_locale

from carebridge.i18n import _
from resource_directory.languages import normalize_language
from resource_directory.search.backend import Explanation, Reason

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def reader_locale() -> Locale:
    """The request's locale (English outside a request or for a tag Babel does not know)."""
    try:
        return get_locale() or Locale("en")
    except (UnknownLocaleError, RuntimeError):
        return Locale("en")


def language_label(name: str, locale: Locale) -> str:
    """"spanish" as the reader says it ("Spanish", "español")."""
    found = normalize_language(name)
    code = found[1] if found and len(found) > 1 else None
    if code:
        try:
            said = Locale.parse(code).get_display_name(locale)
            if said:
                return said[:1].upper() + said[1:] if locale.language == "en" else said
        except (ValueError, UnknownLocaleError):
            pass
    return name.title()


def describe_days(days: Sequence[int], locale: Locale) -> str:
    """"open daily", "open Mon–Fri", "open Saturdays", "open Tue, Thu"."""
    days = sorted(set(days))
    if not days:
        return ""
    short = get_day_names("abbreviated", locale=locale)
    wide = get_day_names("wide", locale=locale)
    if days == list(range(7)):
        return _("open daily")
    if len(days) == 1:
        return _("open %(day)s", day=_plural_day(wide[days[0]], locale))
    if days == list(range(days[0], days[-1] + 1)) and len(days) >= 3:
        return _("open %(first)s–%(last)s", first=short[days[0]], last=short[days[-1]])
    return _("open %(days)s", days=", ".join(short[day] for day in days))


def _plural_day(name: str, locale: Locale) -> str:
    # English says "Saturdays"; most locales say the day's name ("los sábados" is close
    # enough as "sábado" here, and never wrong).
    return name + "s" if locale.language == "en" else name


def worded_reasons(explanation: Explanation) -> list[str]:
    """A search hit's reasons ("matches “food pantry”", "open Saturdays") as the reader says
    them."""
    return [worded(reason) for reason in explanation.reason_parts()]


def worded(reason: Reason) -> str:
    kind, words, matched = reason.kind, reason.words, reason.matched
    if kind == "matches":
        return _("matches “%(words)s”", words=words)
    if kind == "listed_under":
        return _("listed under %(category)s", category=matched)
    if kind == "offers":
        return _("offers %(matched)s (for “%(words)s”)", matched=matched, words=words)
    if kind == "some_words":
        return _("matches some of the words")
    if kind == "similar":
        return _("similar in meaning")
    if kind == "speaks":
        return _("speaks %(language)s", language=language_label(words, reader_locale()))
    if kind == "open_on":
        days = [_DAYS.index(day) for day in reason.days if day in _DAYS]
        return describe_days(days, reader_locale()) if days else words
    if kind == "open_now":
        return _("open now")
    if kind == "in_category":
        return _("in %(category)s", category=words)
    return _note(words)


def _note(note: str) -> str:
    """The other filters' notes as the backends write them ("free", "serves age 70", "in Daly
    City", "2.1 km away", "serves ZIP 94014", "serves seniors")."""
    if note == "free":
        return _("free")
    if note.startswith("serves age "):
        return _("serves age %(age)s", age=note.removeprefix("serves age "))
    if note.startswith("serves ZIP "):
        return _("serves ZIP %(zip)s", zip=note.removeprefix("serves ZIP "))
    if note.startswith("serves "):
        return _("serves %(people)s", people=note.removeprefix("serves "))
    if note.endswith(" km away"):
        return _("%(km)s km away", km=note.removesuffix(" km away"))
    if note.startswith("in "):
        return _("in %(place)s", place=note.removeprefix("in "))
    return note
