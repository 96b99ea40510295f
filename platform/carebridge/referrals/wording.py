"""A match's reasons in the reader's language: "food pantry · 2.1 km · speaks Spanish · open
Saturdays · free". The directory's own words (the kind of service) stay as the directory has
them; ours are translated, and day and language names come from the locale's data."""

from __future__ import annotations

from collections.abc import Sequence

from babel import Locale, UnknownLocaleError
from babel.dates import get_day_names
from flask_babel import get_locale

from carebridge.i18n import _
from resource_directory.languages import normalize_language
from resource_directory.matching import Match


def _locale() -> Locale:
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


def reasons(match: Match) -> list[str]:
    locale = _locale()
    parts = [match.what]
    if match.distance_km is not None:
        parts.append(_("%(km)s km", km=f"{match.distance_km:.1f}"))
    if match.language and match.speaks:
        parts.append(_("speaks %(language)s", language=language_label(match.language, locale)))
    elif match.language:
        parts.append(_("%(language)s not listed",
                       language=language_label(match.language, locale)))
    days = describe_days(match.open_days, locale)
    if days:
        parts.append(days)
    if match.hit.free:
        parts.append(_("free"))
    return parts


def explanation(match: Match) -> str:
    return " · ".join(reasons(match))
