"""Internationalisation: the locales the UI offers, the locale of a request, ``_`` for code.

Python code marks text with ``from carebridge.i18n import _`` (``gettext``, ``ngettext`` and
``lazy_gettext`` for text built at import time); templates with ``{{ _("…") }}``, which
flask-babel installs into Jinja. English is the only locale until translations are added.
"""

from __future__ import annotations

from flask import current_app, g, has_request_context, request
from flask_babel import gettext, lazy_gettext, ngettext

_ = gettext

DEFAULT_LOCALE = "en"

__all__ = ["DEFAULT_LOCALE", "_", "gettext", "lazy_gettext", "ngettext", "locales",
           "select_locale"]


def locales() -> list[str]:
    """The locales this app offers (config ``LANGUAGES``, the default first)."""
    configured = current_app.config.get("LANGUAGES") or [DEFAULT_LOCALE]
    return list(configured)


def select_locale() -> str:
    """The locale for this request: the user's preference when one is stored (later), then
    the browser's ``Accept-Language`` among the offered locales, then the default."""
    offered = locales()
    preferred = getattr(g.get("user"), "locale", None)
    if preferred in offered:
        return preferred
    if has_request_context():
        return request.accept_languages.best_match(offered) or offered[0]
    return offered[0]
