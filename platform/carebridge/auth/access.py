"""Who is asking: load the user from the session cookie or a bearer token, and check permissions."""

from __future__ import annotations

import functools

from flask import abort, g, redirect, request, session, url_for

from carebridge.auth import service
from carebridge.auth.models import User
from carebridge.auth.roles import can
from carebridge.db import get_session
from carebridge.http import is_api_request
from carebridge.tenancy import set_tenant


def load_user() -> None:
    """Before each request: identify the user and scope the request's session to their agency."""
    g.user = None
    g.via = "web"
    db = get_session()
    header = request.headers.get("Authorization", "")
    # Plugins add API blueprints of their own under /api/: the path, not the blueprint, decides.
    if is_api_request() or header:
        g.via = "api"
        if header.startswith("Bearer "):
            user = service.user_for_token(db, header.removeprefix("Bearer ").strip())
            if user is not None:
                _become(user)
        return
    user_id = session.get("user_id")
    if user_id is None:
        return
    user = db.get(User, user_id, execution_options={"include_all_agencies": True})
    if user is None or not user.is_active or session.get("agency_id") != user.agency_id:
        session.clear()
        return
    _become(user)


def _become(user: User) -> None:
    g.user = user
    set_tenant(get_session(), user.agency_id)


def current_user() -> User | None:
    return g.get("user")


def login_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if current_user() is None:
            if g.get("via") == "api":
                abort(401)
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")), code=303)
        return view(*args, **kwargs)

    return wrapped


def requires(permission: str):
    """Allow the view to users whose role grants ``permission`` (403 otherwise)."""

    def decorator(view):
        @login_required
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not can(current_user().role, permission):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
