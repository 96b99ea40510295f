"""Login throttling with Flask-Limiter: failed attempts per address and per account.

Only refused logins count (a right password costs nothing), in the storage
``RATELIMIT_STORAGE_URI`` names: ``memory://`` (per process, the default) or a shared one such
as ``redis://host:6379`` when several workers serve the app. Past a limit the login answers
429 for a while, right password or not; lockout (``LOCKOUT_FAILURES``) is the longer brake.
"""

from __future__ import annotations

import functools

from flask import Flask, Response, current_app, request
from flask.globals import request_ctx
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
    # After the view it deducts refused logins and adds headers (off here), and at teardown it
    # resets its per-request state: both build that state first when nothing made it (~5% of a
    # warm page). They run only when a check this request kept state.
    after = app.after_request_funcs.setdefault(None, [])
    for i, hook in enumerate(after):
        if (_INJECT_HEADERS is not None and isinstance(hook, functools.partial)
                and hook.func is _INJECT_HEADERS):
            after[i] = functools.partial(_when_used, hook, pass_through=True)
    teardown = app.teardown_request_funcs.setdefault(None, [])
    for i, hook in enumerate(teardown):
        if _RELEASE_CONTEXT is not None and getattr(hook, "__func__", None) is _RELEASE_CONTEXT:
            teardown[i] = functools.partial(_when_used, hook)


#: Flask-Limiter's own after-request and teardown hooks (``init_app`` registers them), by
#: their private names: should a release rename them, nothing is swapped and the limiter runs
#: as it comes (tests/web/test_request_overhead.py then fails, so it is seen).
_INJECT_HEADERS = getattr(Limiter, "_Limiter__inject_headers", None)
_RELEASE_CONTEXT = getattr(Limiter, "_Limiter__release_context", None)


def _when_used(hook, argument, *, pass_through: bool = False):
    """Run Flask-Limiter's ``hook`` only if a limit was checked this request (it keeps its
    state on the request context); an after-request hook hands the response on."""
    # On the context itself: through the proxy, a missing attribute raises and catches an
    # AttributeError made in Python (this runs twice for every request).
    if hasattr(request_ctx._get_current_object(), "_limiter_request_context"):
        return hook(argument)
    return argument if pass_through else None


def _middleware_limits() -> bool:
    """Whether any limit applies before a view runs (not only inside a decorated one)."""
    manager = limiter.limit_manager
    return bool(manager.default_limits or manager.application_limits or limiter._meta_limits
                or manager._blueprint_limits)


def _check_middleware_limits() -> None:
    if _middleware_limits():
        limiter._check_request_limit()
