"""The response shape in one place: API or not, htmx or not, page or fragment, redirects.

Views answer through these helpers so every page works with and without JavaScript:
``render_page`` draws the whole page, or for htmx only the fragment that changes;
``client_redirect`` sends a browser on after a POST (303, or ``HX-Redirect`` for htmx);
``replace_url`` keeps the address bar in step after an htmx request; ``retarget`` sends an
answer somewhere else than the requesting element asked; ``is_api_request`` is
the one test of whether an answer (and an error) is JSON.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import (
    Flask,
    Response,
    current_app,
    has_request_context,
    make_response,
    redirect,
    render_template,
    request,
)
from flask import url_for as flask_url_for

from carebridge.app_state import app_state
from carebridge.extensions import htmx
from carebridge.transport import is_html, vary_on

#: Every JSON route lives under this path (the core's ``/api/v1`` and plugins' own APIs).
API_PREFIX = "/api"


def is_api_request() -> bool:
    """Whether this request is for the JSON API: its answers and errors are JSON."""
    path = request._get_current_object().path  # the proxy once (~8 K instructions a look-up)
    return path == API_PREFIX or path.startswith(API_PREFIX + "/")


def is_htmx() -> bool:
    """An htmx request that wants a fragment; restoring history after a cache miss wants the
    whole page, although htmx sends ``HX-Request`` with it too."""
    return bool(htmx) and not htmx.history_restore_request


def render_page(page: str | list[str], fragment: str | None = None, /, *, status: int = 200,
                **context) -> Response:
    """``page`` (a template, or names tried in order), or for htmx ``fragment`` with the same
    context. Templates are namespaced by feature: ``<feature>/page.html``,
    ``<feature>/_fragment.html``."""
    template = fragment if fragment is not None and is_htmx() else page
    return make_response(render_template(chosen_template(template), **context), status)


#: How many lists of names ``chosen_template`` remembers (one per form with its own page).
MAX_CHOICES = 1024


def chosen_template(names: str | list[str]) -> str | list[str]:
    """The first of ``names`` that exists, remembered per app while templates are not reloaded.

    Jinja keeps the templates it found but not the names it missed: every fill page asked the
    loaders (a file look-up in each folder, and an exception) for ``renderer/fill-<slug>.html``
    before drawing ``renderer/fill.html``. Templates are read once per process unless
    ``TEMPLATES_AUTO_RELOAD`` (or debug) is on, and then an override added is seen at once."""
    app = current_app._get_current_object()  # the proxy once (~8 K instructions a look-up)
    if isinstance(names, str) or app.jinja_env.auto_reload:
        return names
    choices = app_state(app).cached("template_choices", dict)
    key = tuple(names)
    name = choices.get(key)
    if name is None:
        name = app.jinja_env.select_template(names).name
        if len(choices) < MAX_CHOICES:
            choices[key] = name
    return name


#: How many built URLs each app keeps (a page builds a dozen, most the same on every page).
MAX_URLS = 4096


def url_for(endpoint: str, **values) -> str:
    """Flask's ``url_for``, remembered per app for a path (no ``_external``, ``_anchor``…):
    a path depends only on the route, its values and the mount point (``SCRIPT_NAME``) while
    no ``url_defaults`` function adds request values (then every URL is built afresh), and
    building one took 20–30 µs — a fill page builds fourteen. Templates use this one too."""
    if (not has_request_context() or endpoint.startswith(".")
            # A url_defaults function may add values from the request: not a pure path then.
            or any(current_app.url_default_functions.values())
            or any(key.startswith("_") for key in values)
            or not all(type(v) in (str, int) for v in values.values())):
        return flask_url_for(endpoint, **values)
    built = app_state().cached("built_urls", _url_cache)
    return built(request.script_root, endpoint, tuple(sorted(values.items())))


def _url_cache():
    @functools.lru_cache(maxsize=MAX_URLS)
    def build(_script_root: str, endpoint: str, values: tuple) -> str:
        return flask_url_for(endpoint, **dict(values))

    return build


def same_site_path(target: str | None, default: str, *, under: str = "/") -> str:
    """``target`` when it is a path on this site (starting with ``under``), else ``default``:
    a ``next`` from a link or a form must not send anybody to another site. A browser reads
    ``/\\evil.example`` as ``//evil.example`` and drops tabs and line breaks from a URL, so
    a backslash, a control character or a space refuses the path as ``//`` does."""
    if (not target or not target.startswith(under) or target.startswith("//")
            or any(c == "\\" or c.isspace() or ord(c) < 32 or ord(c) == 127 for c in target)):
        return default
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else default


def see_other(url: str) -> Response:
    """After a form's POST, send the browser to ``url`` with a GET (303 See Other)."""
    return redirect(url, code=303)


def client_redirect(url: str) -> Response:
    """Send the browser to ``url`` as a whole new page: for htmx an empty answer with
    ``HX-Redirect`` (htmx would otherwise swap the next page into the current one), else 303."""
    if is_htmx():
        response = make_response("", 200)
        response.headers["HX-Redirect"] = url
        return response
    return see_other(url)


def replace_url(response: Response, url: str) -> Response:
    """For htmx, replace the address bar's URL with ``url`` (no history entry), so a reload
    shows what the person now sees; a plain request is answered at its own URL anyway."""
    if is_htmx():
        response.headers["HX-Replace-Url"] = url
    return response


def retarget(response: Response, target: str, swap: str) -> Response:
    """For htmx, swap the answer into ``target`` (a CSS selector) with ``swap`` instead of
    where the request's element said: an answer made mostly of out-of-band parts."""
    if is_htmx():
        response.headers["HX-Retarget"] = target
        response.headers["HX-Reswap"] = swap
    return response


def no_store(response: Response) -> Response:
    """Keep nothing of the response in the browser or a proxy (a kiosk's next client)."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def init_app(app: Flask) -> None:
    app.jinja_env.globals["url_for"] = url_for

    # Pages render a fragment for htmx and a whole page otherwise: caches must tell apart.
    vary_on(app, "HX-Request",
            lambda environ, headers: environ.get("REQUEST_METHOD") == "GET" and is_html(headers))
