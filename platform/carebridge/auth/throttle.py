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
