"""Login throttling with Flask-Limiter: failed attempts per address and per account.

Only refused logins count (a right password costs nothing), in the storage
``RATELIMIT_STORAGE_URI`` names: ``memory://`` (per process, the default) or a shared one such
as ``redis://host:6379`` when several workers serve the app. Past a limit the login answers
429 for a while, right password or not; lockout (``LOCKOUT_FAILURES``) is the longer brake.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=False)


def _refused(response: Response) -> bool:
    return response.status_code == 422  # the login page's "do not match" answer


def _account() -> str:
    return "account:" + (request.form.get("email") or "").strip().lower()


per_address = limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
                            methods=["POST"], deduct_when=_refused, scope="login-address")
per_account = limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
                            key_func=_account, methods=["POST"], deduct_when=_refused,
                            scope="login-account")


def init_app(app: Flask) -> None:
    limiter.init_app(app)
    # Flask-Limiter checks every request before its view for default, application and blueprint
    # limits; Carebridge declares none (only the login's, which its decorator checks itself), so
    # that check is made only while such a limit exists. It was ~4% of every page and API call.
    hooks = app.before_request_funcs.setdefault(None, [])
    hooks[hooks.index(limiter._check_request_limit)] = _check_middleware_limits


def _middleware_limits() -> bool:
    """Whether any limit applies before a view runs (not only inside a decorated one)."""
    manager = limiter.limit_manager
    return bool(manager.default_limits or manager.application_limits or limiter._meta_limits
                or manager._blueprint_limits)


def _check_middleware_limits() -> None:
    if _middleware_limits():
        limiter._check_request_limit()
