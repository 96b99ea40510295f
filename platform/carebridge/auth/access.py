"""Who is asking: load the user from the session cookie or a bearer token, and check permissions."""

from __future__ import annotations

import functools
from datetime import timedelta

from flask import abort, current_app, flash, g, redirect, request, session, url_for

from carebridge.auth import service, sessions
from carebridge.auth.caller_rows import CallerRow
from carebridge.auth.models import User
from carebridge.auth.roles import can
from carebridge.db import get_session
from carebridge.http import is_api_request
from carebridge.i18n import _
from carebridge.tenancy import set_tenant


def load_user() -> None:
    """Before each request: identify the user and scope the request's session to their agency."""
    # The request's objects, each through its context-local proxy once (a look-up through a
    # proxy costs ~8 K instructions; this hook made a dozen on every request).
    found, cookie = g._get_current_object(), session._get_current_object()
    found.user = None
    found.via = "web"
    # From the WSGI environ: werkzeug's headers raise and catch an exception for a missing one.
    header = request._get_current_object().environ.get("HTTP_AUTHORIZATION", "")
    # Plugins add API blueprints of their own under /api/: the path, not the blueprint, decides.
    if is_api_request() or header:
        found.via = "api"
        if header.startswith("Bearer "):
            caller = service.user_for_token(get_session(),
                                            header.removeprefix("Bearer ").strip())
            if caller is not None:
                _become(caller)
        return
    token = cookie.get("sid")
    if token is None:
        if cookie.get("user_id") is not None:
            cookie.clear()  # a cookie from before server-side sessions: log in again
        return
    config = current_app._get_current_object().config
    # The request's unit of work begins here, not before: a page nobody is logged in to may
    # need no database at all.
    user, ended = sessions.resolve(
        get_session(), token,
        idle=timedelta(minutes=float(config["SESSION_IDLE_MINUTES"])),
        absolute=timedelta(hours=float(config["SESSION_MAX_HOURS"])),
    )
    if user is None:
        cookie.clear()
        if ended in (sessions.IDLE, sessions.EXPIRED):
            found.session_ended = ended
        return
    _become(user)


def _become(user: CallerRow) -> None:
    # A caller row (auth/caller_rows.py): the ORM user loads if a view asks for it.
    g._get_current_object().user = user  # the proxy once (~8 K instructions a look-up)
    set_tenant(get_session(), user.agency_id)


def current_user() -> User | None:
    """The logged-in user as an ORM object (loaded now, once per request)."""
    user = g.get("user")
    if isinstance(user, CallerRow):
        user = g.user = user.user()
    return user


def caller() -> CallerRow | User | None:
    """Who is asking, as cheaply as known: the fields of ``caller_rows.FIELDS`` (``id``,
    ``agency_id``, ``role``, ``locale``, ``email``, ``agency_name``…) without loading the
    ORM user."""
    return vars(g._get_current_object()).get("user")  # the proxy once: asked often


#: The attribute ``requires`` and ``login_required`` leave on a view: the permissions it needs,
#: all of them (a tuple; empty for any logged-in user; ``@requires`` stacked adds up).
#: tests/security/test_route_matrix.py reads it from every route in ``app.url_map``, so a route
#: without it must be in that test's public allowlist.
PERMISSION_MARKER = "required_permissions"


def login_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if caller() is None:
            if g.get("via") == "api":
                abort(401)
            if g.get("session_ended"):
                flash(_("You were logged out after a time without activity. Log in again to "
                        "go on.") if g.session_ended == sessions.IDLE else
                      _("Your login has expired. Log in again to go on."))
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")), code=303)
        return view(*args, **kwargs)

    setattr(wrapped, PERMISSION_MARKER, getattr(view, PERMISSION_MARKER, ()))
    return wrapped


def requires(permission: str):
    """Allow the view to users whose role grants ``permission`` (403 otherwise)."""

    def decorator(view):
        @login_required
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not can(caller().role, permission):
                abort(403)
            return view(*args, **kwargs)

        setattr(wrapped, PERMISSION_MARKER,
                (permission, *getattr(view, PERMISSION_MARKER, ())))
        return wrapped

    return decorator
