"""The agency admin's Users page: deactivate, unlock, reset passwords, end sessions, and
issue, expire and revoke API tokens (``users.manage``; every change audited)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from flask import Blueprint, flash, g, render_template, request, url_for

from carebridge.auth import accounts, sessions
from carebridge.auth.access import current_user, requires
from carebridge.auth.roles import ROLE_LABELS
from carebridge.db import get_session
from carebridge.errors import InvalidInput, Problem
from carebridge.http import see_other
from carebridge.i18n import _

bp = Blueprint("accounts", __name__, url_prefix="/admin/users")


@bp.get("/")
@requires("users.manage")
def index():
    return render_template("auth/users.html", users=accounts.agency_users(get_session()),
                           role_labels=ROLE_LABELS)


@bp.get("/<int:user_id>")
@requires("users.manage")
def user(user_id: int):
    return _page(user_id)


def _page(user_id: int, *, status: int = 200, new_token: str | None = None,
          new_password: str | None = None, problems=()):
    db = get_session()
    shown = accounts.get_user(db, user_id)
    return render_template(
        "auth/user.html", shown=shown, tokens=accounts.user_tokens(db, shown),
        live_sessions=sessions.live_sessions(db, shown), role_labels=ROLE_LABELS,
        new_token=new_token, new_password=new_password, problems=problems,
        today=date.today().isoformat(),
    ), status


@bp.post("/<int:user_id>/<any(deactivate, reactivate, unlock):change>")
@requires("users.manage")
def change(user_id: int, change: str):
    db = get_session()
    shown = accounts.get_user(db, user_id)
    try:
        getattr(accounts, change)(db, shown, by=current_user().id, via=g.via)
    except InvalidInput as error:
        return _page(user_id, status=422, problems=error.problems or [error])
    flash({"deactivate": _("%(email)s is deactivated.", email=shown.email),
           "reactivate": _("%(email)s can log in again.", email=shown.email),
           "unlock": _("%(email)s is unlocked.", email=shown.email)}[change])
    return see_other(url_for("accounts.user", user_id=user_id))


@bp.post("/<int:user_id>/password")
@requires("users.manage")
def reset_password(user_id: int):
    db = get_session()
    shown = accounts.get_user(db, user_id)
    password = accounts.reset_password(db, shown, by=current_user().id, via=g.via)
    # Shown once, in this answer only (never in a cookie or a redirect).
    return _page(user_id, new_password=password)


@bp.post("/<int:user_id>/sessions/end")
@requires("users.manage")
def end_sessions(user_id: int):
    db = get_session()
    shown = accounts.get_user(db, user_id)
    ended = sessions.end_all(db, shown, sessions.REVOKED)
    accounts._changed(db, shown, "sessions ended", by=current_user().id, via=g.via,
                      sessions_ended=ended)
    flash(_("Every login of %(email)s is ended.", email=shown.email))
    return see_other(url_for("accounts.user", user_id=user_id))


@bp.post("/<int:user_id>/tokens")
@requires("users.manage")
def issue_token(user_id: int):
    db = get_session()
    shown = accounts.get_user(db, user_id)
    try:
        token = accounts.issue_token(db, shown, by=current_user().id, via=g.via,
                                     label=request.form.get("label", "").strip()[:200],
                                     expires_at=_day(request.form.get("expires", "")))
    except InvalidInput as error:
        return _page(user_id, status=422, problems=error.problems or [error])
    return _page(user_id, new_token=token)


@bp.post("/<int:user_id>/tokens/<int:token_id>/revoke")
@requires("users.manage")
def revoke_token(user_id: int, token_id: int):
    db = get_session()
    accounts.get_user(db, user_id)
    row = accounts.revoke_token(db, token_id, by=current_user().id, via=g.via)
    flash(_("Token %(prefix)s… is revoked.", prefix=row.prefix))
    return see_other(url_for("accounts.user", user_id=user_id))


def _day(text: str) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.combine(date.fromisoformat(text), time(), UTC)
    except ValueError:
        raise InvalidInput(_("The expiry date cannot be read."),
                           [Problem("/expires", _("Use a date like 2027-01-31."))]) from None
