"""A match's reasons in the reader's language: "food pantry · 2.1 km · speaks Spanish · open
Saturdays · free". The directory's own words (the kind of service) stay as the directory has
them; ours are translated, and day and language names come from the locale's data."""

from __future__ import annotations

from carebridge.directory.wording import describe_days, language_label, reader_locale
from carebridge.i18n import _
from resource_directory.matching import Match

__all__ = ["describe_days", "language_label", "reasons"]


def reasons(match: Match) -> list[str]:
    locale = reader_locale()
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
