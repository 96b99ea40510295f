"""Blank fill pages drawn once per form version, language and reader, then served with this
request's CSRF token and submission key put in.

Drawing the PHQ-9's page (base.html, fill.html, the form's macros, the navigation) was about
two fifths of a fill page's time, and a blank page differs from the last one only in its CSRF
token and its new submission key. A page is drawn once with a placeholder for each, kept as
the text between them, and served by joining those parts with this request's values.

Everything else a page shows is in the key it is kept under: the version (id and digest: a new
version is a new key), the interface's and the form's language, the reader (id, role, e-mail,
agency and its name, the navigation plugins give them: a role change or a renamed agency is a
new key), the agency's time zone and today's date (date defaults), the address (the language
switch sends the reader back to it) and the upload limit. Pages that show more are drawn every
time: a draft or anything else asked in the query string, a message waiting to be flashed, an
htmx request, and any page drawn by a template an agency or plugin overrides (it may show
anything from the request).
"""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Callable
from datetime import date

from flask import current_app, request, session
from markupsafe import escape

from carebridge.app_state import app_state
from carebridge.sized_lru import SizedLru

#: How many pages one worker keeps, and how many bytes of them (the PHQ-9's is 14 KB).
MAX_PAGES = 512
MAX_BYTES = 16 * 1024 * 1024
CACHE_KEY = "kept_fill_pages"
#: The templates a blank fill page is drawn from: kept only while all are the core's own.
TEMPLATES = ("base.html", "_language_switch.html", "renderer/fill.html", "renderer/_form.html",
             "renderer/_field.html", "renderer/_saved.html")
CORE_PAGE = "renderer/fill.html"


class KeptPages:
    """Pages as their parts between placeholders, by key; least recently used out first,
    bounded by count and by characters kept."""

    def __init__(self, max_pages: int = MAX_PAGES, max_bytes: int = MAX_BYTES):
        self.max_pages = max_pages
        self.max_bytes = max_bytes
        # Unguessable per process, so no text of a form can stand for a placeholder.
        marker = secrets.token_hex(8)
        self.csrf = f"cb-csrf-{marker}"
        self.key = f"cb-key-{marker}"
        self._split = re.compile(f"({re.escape(self.csrf)}|{re.escape(self.key)})").split
        self._kept = SizedLru(max_pages, max_bytes)
        self._lock = threading.Lock()
        #: Pages drawn (misses), for tests and the bench.
        self.drawn = 0

    def get(self, key: tuple) -> tuple[str, ...] | None:
        return self._kept.get(key)

    def put(self, key: tuple, page: str) -> tuple[str, ...]:
        """Keep ``page`` (drawn with the placeholders) as its parts; returns them."""
        parts = tuple(self._split(page))
        with self._lock:
            self.drawn += 1
        self._kept.put(key, parts, len(page))
        return parts

    def fill_in(self, parts: tuple[str, ...], csrf: str, key: str) -> str:
        """The page with this request's values where the placeholders were."""
        values = {self.csrf: str(escape(csrf)), self.key: str(escape(key))}
        # The split keeps each placeholder at an odd index.
        return "".join(values[part] if i % 2 else part for i, part in enumerate(parts))

    def clear(self) -> None:
        """Keep no page (the next of each is drawn)."""
        self._kept.clear()

    def usage(self) -> tuple[int, int]:
        return self._kept.usage()


def kept_pages() -> KeptPages:
    """The current app's kept fill pages."""
    return app_state().cached(CACHE_KEY, KeptPages)


def keepable(template: str | list[str]) -> bool:
    """Whether this request's blank page may be served from a kept one (see the docstring)."""
    asked = request._get_current_object()  # the proxy once (~8 K instructions a look-up)
    if (asked.query_string or "_flashes" in session._get_current_object()
            or asked.environ.get("HTTP_HX_REQUEST")):
        return False
    return template == CORE_PAGE and _core_templates()


def _core_templates() -> bool:
    """All the page's templates are the core's (none overridden), while templates are not
    reloaded; answered once per app."""
    app = current_app._get_current_object()
    env = app.jinja_env
    if env.auto_reload:
        return False
    state = app_state(app)

    def check() -> bool:
        core = str(app.config["TEMPLATES_DIR"]).rstrip("/") + "/"
        return all((env.get_template(name).filename or "").startswith(core)
                   for name in TEMPLATES)

    return state.cached("kept_fill_pages_core", check)


def page_key(version, user, *, form_language: str | None, interface_language: str,
             time_zone: str, nav_items: list) -> tuple:
    """Everything a blank fill page shows but its CSRF token and submission key. ``version``
    is a version or its row from ``forms.published.latest`` (the definition's title with it)."""
    title = version.title if hasattr(version, "title") else version.definition.title
    asked = request._get_current_object()
    return (
        version.id, version.digest, title, form_language, interface_language,
        user.id, user.role, user.email, user.agency_id, user.agency_name,
        tuple((str(label), str(href)) for label, href in nav_items),
        time_zone, date.today().toordinal(), asked.script_root, asked.path,
        current_app._get_current_object().config.get("MAX_CONTENT_LENGTH"),
    )


def serve(key: tuple, draw: Callable[[KeptPages], str], csrf: Callable[[], str],
          submission_key: str) -> str:
    """The page kept under ``key`` (drawn by ``draw`` with the placeholders on a miss),
    with this request's CSRF token and ``submission_key``."""
    pages = kept_pages()
    parts = pages.get(key)
    if parts is None:
        parts = pages.put(key, draw(pages))
    return pages.fill_in(parts, csrf(), submission_key)
