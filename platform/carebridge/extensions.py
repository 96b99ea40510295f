"""The Flask extensions every part of the app shares (CSRF, htmx, Babel), created unbound here.

They live in their own module so a feature can reach them (``csrf.exempt(bp)``) without
importing the application factory; ``carebridge.app`` binds them to each app it builds.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import Babel
from flask_htmx import HTMX
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
htmx = HTMX()
babel = Babel()


def init_app(app: Flask) -> None:
    from carebridge import csrf_tokens, i18n

    csrf.init_app(app)
    csrf_tokens.init_app(app)
    htmx.init_app(app)
    # Dates and times are shown in the agency's zone, as its people read the clock.
    babel.init_app(app, default_locale=i18n.DEFAULT_LOCALE, locale_selector=i18n.select_locale,
                   default_timezone=app.config.get("TIME_ZONE") or "UTC")
    i18n.install_in_templates(app.jinja_env)
    i18n.vary_on_language(app)
