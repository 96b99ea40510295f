"""How answers travel: security headers on every response, no caching of client data, Secure
cookies over HTTPS, and the reverse proxy in front (werkzeug's ProxyFix, when configured)."""

from __future__ import annotations

import time

from flask import Flask, Response, current_app, request
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

    def get_cookie_secure(self, app: Flask) -> bool:
        configured = app.config.get("SESSION_COOKIE_SECURE")
        if configured is not None:
            return bool(configured)
        return request.is_secure


def init_app(app: Flask) -> None:
    proxies = app.config.get("PROXY_FIX") or {}
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, **proxies)
    app.session_interface = SessionCookies()
    app.after_request(secure_headers)


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


def secure_headers(response: Response) -> Response:
    headers = response.headers
    # The names already set, read once: werkzeug's ``setdefault`` and ``in`` raise and catch
    # an exception for every header that is missing (a dozen per response).
    present = {name.lower() for name, _value in headers.items()}
    for lower, name, value in SECURITY_HEADERS:
        if lower not in present:
            headers.add(name, value)
    if (request.is_secure and current_app.config.get("HSTS_SECONDS")
            and "strict-transport-security" not in present):
        headers.add("Strict-Transport-Security",
                    f"max-age={int(current_app.config['HSTS_SECONDS'])}")
    return response


def add_vary(response: Response, name: str) -> None:
    """Add ``name`` to the response's ``Vary`` header: the raw header read and written once
    (werkzeug's ``response.vary`` parses it into a set and writes it back for every change, a
    thirtieth of a warm fill page for the two names every page varies on)."""
    headers = response.headers
    current = headers.get("Vary")
    if not current:
        headers["Vary"] = name
    elif name.lower() not in {part.strip().lower() for part in current.split(",")}:
        headers["Vary"] = f"{current}, {name}"
