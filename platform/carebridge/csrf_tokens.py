"""The CSRF token pages carry, signed once a minute per login instead of on every page.

Flask-WTF keeps a random token in the session and puts a signed, timestamped copy of it in
each form; checking a post unsigns the copy and compares it with the session's. Signing it is
a key derivation and an HMAC (a twentieth of a fill page), and a page asked Flask-WTF for it
five times. Here the signed copy of a session's token is kept per process for up to
``REUSE_SECONDS`` (and a hundredth of ``WTF_CSRF_TIME_LIMIT`` when one is set): the same
check accepts it, tied to the same session token; only its timestamp may be that much older.
"""

from __future__ import annotations

import functools
import threading
import time
from collections import OrderedDict

from flask import Flask, current_app, g, request, session
from flask_wtf.csrf import generate_csrf

from carebridge.app_state import app_state

#: How long one signed copy serves the pages of a login.
REUSE_SECONDS = 60.0
#: Logins whose signed copy a process keeps (least recently used out first).
MAX_KEPT = 4096


class SignedTokens:
    """Signed copies by session token, with when they were signed."""

    def __init__(self, max_kept: int = MAX_KEPT):
        self.max_kept = max_kept
        self._kept: OrderedDict[str, tuple[str, float]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, raw: str, max_age: float) -> str | None:
        with self._lock:
            kept = self._kept.get(raw)
            if kept is None or time.monotonic() - kept[1] >= max_age:
                return None
            self._kept.move_to_end(raw)
            return kept[0]

    def put(self, raw: str, signed: str) -> None:
        with self._lock:
            self._kept[raw] = (signed, time.monotonic())
            self._kept.move_to_end(raw)
            while len(self._kept) > self.max_kept:
                self._kept.popitem(last=False)


def reuse_seconds(config=None) -> float:
    limit = (current_app.config if config is None else config).get("WTF_CSRF_TIME_LIMIT")
    return REUSE_SECONDS if not limit else min(REUSE_SECONDS, float(limit) / 100)


def csrf_token() -> str:
    """This request's signed CSRF token (what ``csrf_token()`` gives templates)."""
    # Each object through its context-local proxy once (~8 K instructions a look-up).
    app, found = current_app._get_current_object(), g._get_current_object()
    config = app.config
    field = config.get("WTF_CSRF_FIELD_NAME") or "csrf_token"
    signed = vars(found).get(field)
    if signed is not None:
        return signed
    kept = app_state(app).cached("signed_csrf_tokens", SignedTokens)
    raw = session._get_current_object().get(field)
    if raw is not None:
        signed = kept.get(raw, reuse_seconds(config))
        if signed is not None:
            setattr(found, field, signed)  # where Flask-WTF keeps it for the request
            return signed
    signed = generate_csrf()
    kept.put(session[field], signed)
    return signed


def init_app(app: Flask) -> None:
    """Templates' ``csrf_token()`` is this one (Flask-WTF's context processor came first), and
    Flask-WTF's check before every view runs only for the methods it checks."""
    app.context_processor(lambda: {"csrf_token": csrf_token})
    hooks = app.before_request_funcs.setdefault(None, [])
    for i, hook in enumerate(hooks):
        if hook.__module__ == "flask_wtf.csrf" and hook.__name__ == "csrf_protect":
            hooks[i] = functools.partial(_for_checked_methods, hook)


def _for_checked_methods(check) -> None:
    # Flask-WTF looks for an exemption of the view before it looks at the method: a GET
    # paid for the look-up (2% of a logged-in page) only to be let through.
    methods = current_app._get_current_object().config["WTF_CSRF_METHODS"]
    if request._get_current_object().method in methods:
        check()
