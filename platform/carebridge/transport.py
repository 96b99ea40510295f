"""How answers travel: security headers on every response, no caching of client data, Secure
cookies over HTTPS, and the reverse proxy in front (werkzeug's ProxyFix, when configured)."""

from __future__ import annotations

import time
from collections.abc import Callable

from flask import Flask, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.middleware.proxy_fix import ProxyFix

from carebridge.sized_lru import SizedLru

#: No inline script anywhere (behaviour lives in static files; htmx runs without eval, see
#: the htmx-config meta tag in base.html). Style attributes stay allowed: a few templates set a
#: computed width or duration; ``<style>`` elements and styles from elsewhere do not.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
])


#: Key sets whose serializer is kept (one, unless the keys change while the app runs).
MAX_SERIALIZERS = 8
#: Session cookies a worker keeps verified (each a few hundred bytes).
MAX_VERIFIED_COOKIES = 2048
MAX_VERIFIED_BYTES = 2 * 1024 * 1024
#: The values a kept cookie may hold: immutable, so no request can change another's session.
_PLAIN_VALUES = (str, int, float, bool, type(None))


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed cookie, marked Secure whenever the request came over HTTPS (unless
    ``SESSION_COOKIE_SECURE`` says otherwise)."""

    def __init__(self):
        self._serializers: dict[tuple, URLSafeTimedSerializer | None] = {}
        self._verified = SizedLru(MAX_VERIFIED_COOKIES, MAX_VERIFIED_BYTES)

    def open_session(self, app: Flask, request) -> SecureCookieSession | None:
        """Flask's session from the signed cookie; a cookie already verified with the same
        keys is not verified and decoded again (a tenth of a warm fill page: a browser sends
        the same cookie until the session changes). Its age is checked on every request, as
        Flask does, and only sessions of plain values are kept (each request gets its own
        dict, and nothing in it can be changed in place)."""
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        key = (id(serializer), cookie)
        kept = self._verified.get(key)
        if kept is not None:
            data, signed_at = kept
            if 0 <= int(time.time()) - signed_at <= max_age:
                return self.session_class(data)
        try:
            data, signed_at = serializer.loads(cookie, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        if all(type(value) in _PLAIN_VALUES for value in data.values()):
            self._verified.put(key, (dict(data), int(signed_at.timestamp())), len(cookie))
        return self.session_class(data)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Flask's serializer, built once per set of keys: Flask builds it for every request
        (a tenth of a warm fill page's time); it holds only the keys and settings, so one
        serves every request and thread while the keys stay the same."""
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        try:
            return self._serializers[keys]
        except KeyError:
            pass
        serializer = super().get_signing_serializer(app)
        if len(self._serializers) >= MAX_SERIALIZERS:
            self._serializers.clear()  # keys rotated many times: start over
            self._verified.clear()
        self._serializers[keys] = serializer
        return serializer

    def save_session(self, app: Flask, session, response) -> None:
        """Flask's, except that an unchanged session only notes that the answer varies on the
        cookie (``AnswerHeaders`` adds it with the other headers; werkzeug's ``response.vary``
        parses and rewrites the header)."""
        if session.modified or self.should_set_cookie(app, session):
            super().save_session(app, session, response)
        elif session.accessed:
            request.environ[VARIES_ON_COOKIE] = True

    def get_cookie_secure(self, app: Flask) -> bool:
        configured = app.config.get("SESSION_COOKIE_SECURE")
        if configured is not None:
            return bool(configured)
        return request.is_secure


def init_app(app: Flask) -> None:
    app.wsgi_app = AnswerHeaders(app.wsgi_app, app)
    proxies = app.config.get("PROXY_FIX") or {}
    if proxies:  # outside, so the headers are added knowing the scheme the client used
        app.wsgi_app = ProxyFix(app.wsgi_app, **proxies)
    app.session_interface = SessionCookies()
    vary_on(app, "Cookie", lambda environ, _headers: environ.get(VARIES_ON_COOKIE, False))


#: Sent with every response unless the view set its own (the header names in lower case).
SECURITY_HEADERS = (
    ("content-security-policy", "Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "X-Content-Type-Options", "nosniff"),
    ("x-frame-options", "X-Frame-Options", "DENY"),
    ("referrer-policy", "Referrer-Policy", "same-origin"),
    ("cross-origin-opener-policy", "Cross-Origin-Opener-Policy", "same-origin"),
    # Pages, fragments, API answers, exports and print views show client data or may: none
    # is kept by the browser or a proxy. Static files say how they may be cached themselves.
    ("cache-control", "Cache-Control", "no-store"),
)
#: Set in the WSGI environ when an unchanged session was read: the answer varies on the cookie.
VARIES_ON_COOKIE = "carebridge.varies_on_cookie"
#: Set in the WSGI environ to the request's id (``carebridge.log``): the answer's X-Request-ID,
#: in place of any the view set.
REQUEST_ID = "carebridge.request_id"
#: ``app.extensions`` key of the request headers answers vary on (``vary_on``).
VARY_RULES = "carebridge_vary_rules"


def vary_on(app: Flask, name: str, when: Callable[[dict, list], bool]) -> None:
    """Add ``name`` to the ``Vary`` header of every answer for which ``when(environ,
    headers)`` holds (``headers``: the answer's list of name and value pairs)."""
    app.extensions.setdefault(VARY_RULES, []).append((name, when))


class AnswerHeaders:
    """WSGI middleware: the headers every answer carries, added to the list the server is
    handed — the security headers (unless the view set its own), HSTS over HTTPS, the request's
    id (``REQUEST_ID``) and the request headers answers vary on (``vary_on``). Added through
    werkzeug's ``Headers`` in after-request hooks, these were 8% of a logged-in page's
    instructions (callgrind)."""

    def __init__(self, wsgi_app, app: Flask):
        self.wsgi_app, self.app = wsgi_app, app

    def __call__(self, environ, start_response):
        def start(status, headers, exc_info=None):
            self.add(environ, headers)
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start)

    def add(self, environ: dict, headers: list) -> None:
        present = {name.lower() for name, _value in headers}
        for lower, name, value in SECURITY_HEADERS:
            if lower not in present:
                headers.append((name, value))
        seconds = self.app.config.get("HSTS_SECONDS")
        if (seconds and environ.get("wsgi.url_scheme") == "https"
                and "strict-transport-security" not in present):
            headers.append(("Strict-Transport-Security", f"max-age={int(seconds)}"))
        request_id = environ.get(REQUEST_ID)
        if request_id is not None:
            if "x-request-id" in present:  # the view's own: replaced
                headers[:] = [pair for pair in headers if pair[0].lower() != "x-request-id"]
            headers.append(("X-Request-ID", request_id))
        wanted = [name for name, when in self.app.extensions.get(VARY_RULES, ())
                  if when(environ, headers)]
        if wanted:
            if "vary" in present:  # the view's own: the names merged into it
                _add_vary(headers, wanted)
            else:  # known from ``present``, not looked for again through every header
                headers.append(("Vary", ", ".join(wanted)))


def _add_vary(headers: list, names: list[str]) -> None:
    """``names`` added to the ``Vary`` header in ``headers`` (one header, each name once)."""
    for i, (name, value) in enumerate(headers):
        if name.lower() == "vary":
            have = {part.strip().lower() for part in value.split(",")}
            missing = [n for n in names if n.lower() not in have]
            if missing:
                headers[i] = (name, ", ".join([value, *missing]) if value.strip()
                              else ", ".join(missing))
            return
    headers.append(("Vary", ", ".join(names)))


def is_html(headers: list) -> bool:
    """Whether an answer's headers say it is an HTML page or fragment."""
    for name, value in headers:
        if name.lower() == "content-type":
            return value.startswith("text/html")
    return False
