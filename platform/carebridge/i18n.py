"""Internationalisation: the locales the UI offers, the locale of a request, ``_`` for code.

Python code marks text with ``from carebridge.i18n import _`` (``gettext``, ``ngettext`` and
``lazy_gettext`` for text built at import time); templates with ``{{ _("…") }}``, which
flask-babel installs into Jinja. ``make i18n-extract`` / ``i18n-update`` / ``i18n-compile``
carry marked text to the catalogs in ``carebridge/translations/`` (see the README).

The language of a request, in order: a choice made for this request (a kiosk's language
screen), the person's explicit choice (the switch on every page, kept in the session), the
signed-in user's profile, the browser's ``Accept-Language``, the default.
"""

from __future__ import annotations

import functools

import flask_babel
from babel import Locale, UnknownLocaleError, localedata
from flask import current_app, g, has_app_context, has_request_context, request, session
from flask_babel import force_locale, get_locale, lazy_gettext, refresh
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from carebridge.app_state import app_state
from carebridge.transport import vary_on

DEFAULT_LOCALE = "en"
#: Where the explicit choice is kept between requests (the signed session cookie).
SESSION_KEY = "locale"

__all__ = ["DEFAULT_LOCALE", "N_", "_", "choose", "current", "direction", "force_locale", "gettext",
           "in_persons_language", "lazy_gettext", "locales", "native_name", "ngettext", "offered",
           "persons_locale", "select_locale", "use_for_request"]


def translations():
    """This request's catalog. Flask-Babel finds it anew for every text (its request context,
    domain and locale looked up again, the locale turned into a string): 20–30 µs a text, a
    twentieth of a fill page. Kept on ``g`` with the locale it was found for, so
    ``force_locale`` and ``refresh`` (a new locale object) find their own; and per app and
    locale for the process, as Flask-Babel keeps the catalogs it loaded (by locale and domain;
    Carebridge uses the one domain), so a request's first text (a kept fill page's only one,
    in the navigation) does not look it up either."""
    locale = _locale()
    if locale is None or not has_app_context():
        return flask_babel.get_translations()
    request_globals = g._get_current_object()  # the proxy once: asked for every text
    kept = vars(request_globals).get("_carebridge_translations")
    if kept is not None and kept[0] is locale:
        return kept[1]
    catalogs = app_state().cached("catalogs", dict)
    found = catalogs.get(locale)
    if found is None:
        found = catalogs[locale] = flask_babel.get_translations()
    request_globals._carebridge_translations = (locale, found)
    return found


def gettext(string: str, **variables) -> str:
    """``string`` in this request's language, formatted with ``variables`` (Flask-Babel's)."""
    text = translations().ugettext(string)
    return text if not variables else text % variables


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    """The singular or a plural of a text for ``num`` (``%(num)d`` in it), as Flask-Babel's."""
    variables.setdefault("num", num)
    text = translations().ungettext(singular, plural, num)
    return text if not variables else text % variables


_ = gettext


def N_(string: str) -> str:
    """``string`` unchanged, marked for the catalogs: text kept now and translated when shown
    (a screening's reasons)."""
    return string


def install_in_templates(env) -> None:
    """Templates' ``_``, ``gettext`` and ``ngettext`` through ``translations`` too."""
    env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
    )


def locales() -> list[str]:
    """The locales this app offers (config ``LANGUAGES``, the default first)."""
    return locales_of(current_app.config)


def locales_of(config) -> list[str]:
    """The locales an app with ``config`` offers (``locales`` outside an app context)."""
    return list(config.get("LANGUAGES") or [DEFAULT_LOCALE])


def offered(tag: object) -> str | None:
    """The offered locale ``tag`` asks for (``es-MX`` → ``es``), or None."""
    if not isinstance(tag, str):
        return None
    return _offered(tag, tuple(locales()))


# Asked for each of the request's candidates (a kiosk's, the session's, the profile's): the
# same few tags every time.
@functools.lru_cache(maxsize=1024)
def _offered(tag: str, choices: tuple[str, ...]) -> str | None:
    wanted = tag.strip().replace("-", "_").lower()
    if not wanted:
        return None
    available = {code.lower(): code for code in choices}
    if wanted in available:
        return available[wanted]
    return available.get(wanted.split("_")[0])


def select_locale() -> Locale:
    """The locale for this request (the order is in the module's docstring), with the agency's
    territory (``LOCALE_TERRITORY``) where CLDR has it: Spanish as written in the United States
    (``es_US``: $1,234.50, not 1.234,50 US$), its texts from the ``es`` catalog."""
    config = current_app._get_current_object().config
    return _parsed(_regional(_language(locales_of(config)), config.get("LOCALE_TERRITORY")))


# Flask-Babel parses the selector's answer on every request (25 µs, and CLDR's file looked for
# by ``_regional``): a parsed locale is kept per tag for the process (CLDR's data never changes).
@functools.lru_cache(maxsize=256)
def _parsed(tag: str) -> Locale:
    return Locale.parse(tag)


def _language(choices: list[str]) -> str:
    if not has_request_context():
        return choices[0]
    # Each object through its context-local proxy once (~8 K instructions a look-up).
    found, offering = vars(g._get_current_object()), tuple(choices)
    for candidate in (found.get("locale_for_request"),
                      session._get_current_object().get(SESSION_KEY),
                      getattr(found.get("user"), "locale", None)):
        chosen = _offered(candidate, offering) if isinstance(candidate, str) else None
        if chosen:
            return chosen
    header = request._get_current_object().environ.get("HTTP_ACCEPT_LANGUAGE", "")
    return _best_match(header, offering) or choices[0]


# A browser sends the same Accept-Language with every request: parsed and matched once per
# header and set of offered locales (werkzeug parses it anew for each request).
@functools.lru_cache(maxsize=512)
def _best_match(header: str, choices: tuple[str, ...]) -> str | None:
    return parse_accept_header(header, LanguageAccept).best_match(choices)


@functools.lru_cache(maxsize=256)
def _regional(code: str, territory: str | None) -> str:
    """``es`` → ``es_US`` when the agency's territory is the US and CLDR knows that locale."""
    if not territory or "_" in code:
        return code
    candidate = f"{code}_{territory}"
    return candidate if localedata.exists(candidate) else code


def vary_on_language(app) -> None:
    """A page's words depend on the browser's language: caches must not mix them up (every
    answer of an app offering more than one language varies on ``Accept-Language``)."""
    vary_on(app, "Accept-Language",
            lambda _environ, _headers: len(locales_of(app.config)) > 1)


def persons_locale(tag: object) -> str:
    """The locale to write to a person in (a client's letter, reminder, text message): the
    offered one their language tag asks for (``es-MX`` → ``es``; ``pt-BR`` → ``pt_BR`` where
    that is offered), else the app's default. The one choice wherever a client reads what we
    send, whoever sends it."""
    return offered(tag) or locales()[0]


def in_persons_language(tag: object):
    """A block where text and dates are in ``persons_locale(tag)``."""
    return force_locale(persons_locale(tag))


def use_for_request(tag: str | None) -> str | None:
    """Show this request in ``tag`` (a kiosk's chosen language) without remembering it."""
    chosen = offered(tag)
    g.locale_for_request = chosen
    refresh()
    return chosen


def choose(tag: str) -> str | None:
    """Remember the person's explicit choice in their session (the profile is the caller's)."""
    chosen = offered(tag)
    if chosen:
        session[SESSION_KEY] = chosen
        refresh()
    return chosen


def current() -> str:
    """The language tag of this request (``es``; ``pt-BR`` for ``pt_BR``) for ``lang``."""
    return _tag(_locale())


def _locale() -> Locale | None:
    """``get_locale()``, read where Flask-Babel keeps it once chosen (its namespace on ``g``):
    ``get_locale`` looks ``g`` and the app up four times through their context-local proxies
    (~8 K instructions each), and a page asks for the locale with every text and several
    times besides. The first time in a request, after ``refresh`` or ``force_locale``, and
    should a release keep it elsewhere, ``get_locale`` answers."""
    try:
        kept = vars(g._get_current_object()).get("_flask_babel")
    except RuntimeError:  # outside an app context
        return get_locale()
    locale = getattr(kept, "babel_locale", None)
    return locale if locale is not None else get_locale()


# A page asks three times (its lang, its form's language, its kept page's key); Babel builds
# the identifier anew each time.
@functools.lru_cache(maxsize=256)
def _tag(locale: Locale | None) -> str:
    return str(locale or DEFAULT_LOCALE).replace("_", "-")


def direction(tag: str | None = None) -> str:
    """``rtl`` for a language written right to left (from Babel's CLDR data), else ``ltr``."""
    return _direction(tag or current())


# Every page asks both for its language switch: CLDR's answers never change, so each tag is
# looked up once per process.
@functools.lru_cache(maxsize=256)
def _direction(tag: str) -> str:
    try:
        locale = Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return "ltr"
    return "rtl" if locale.character_order == "right-to-left" else "ltr"


@functools.lru_cache(maxsize=256)
def native_name(tag: str) -> str:
    """A language's name in itself (``Español``), as a language switch shows it."""
    try:
        name = Locale.parse(tag.replace("-", "_")).get_display_name() or tag
    except (UnknownLocaleError, ValueError):
        return tag
    return name[:1].upper() + name[1:]
