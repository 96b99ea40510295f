"""Account administration: deactivate and reactivate users, unlock them, reset passwords,
issue, expire and revoke API tokens — the same from the CLI and the admin page, audited."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge import audit
from carebridge.auth import service, sessions
from carebridge.auth.models import ApiToken, User
from carebridge.db import utcnow
from carebridge.errors import InvalidInput, NotFound, Problem
from carebridge.i18n import _


def _changed(session: Session, user: User, change: str, *, by: int | None, via: str,
             **detail) -> None:
    audit.record(session, audit.UPDATE, user, user_id=by, via=via,
                 detail={"account": change, **detail})


def get_user(session: Session, user_id: int) -> User:
    """A user of the session's agency (another agency's: not found)."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(_("No such user."))
    return user


def agency_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.email)))


def deactivate(session: Session, user: User, *, by: int | None, via: str = "web") -> User:
    """The user can no longer log in; their sessions end, their tokens and the kiosk links they
    made stop working (tokens and links are checked against an active author)."""
    if by is not None and user.id == by:
        raise InvalidInput(_("You cannot deactivate your own account."),
                           [Problem("", _("Ask another admin."))])
    if user.is_active:
        user.is_active, user.deactivated_at = False, utcnow()
        ended = sessions.end_all(session, user, sessions.DEACTIVATED)
        _changed(session, user, "deactivated", by=by, via=via, sessions_ended=ended)
    return user


def reactivate(session: Session, user: User, *, by: int | None, via: str = "web") -> User:
    if not user.is_active:
        user.is_active, user.deactivated_at = True, None
        _changed(session, user, "reactivated", by=by, via=via)
    return user


def unlock(session: Session, user: User, *, by: int | None, via: str = "web") -> User:
    """Clear a lockout after repeated wrong passwords."""
    if user.locked_at is not None or user.failed_logins:
        user.locked_at, user.failed_logins = None, 0
        _changed(session, user, "unlocked", by=by, via=via)
    return user


def reset_password(session: Session, user: User, *, by: int | None, via: str = "web",
                   password: str | None = None) -> str:
    """Set a new password (a generated one unless given) and end the user's sessions; returns
    the password so it can be handed over once. Unlocks the account too."""
    password = password or secrets.token_urlsafe(12)
    problems = service.password_problems(password, user.email)
    if problems:
        raise InvalidInput(_("The password cannot be used."), problems)
    user.password_hash = service.hash_password(password)
    user.locked_at, user.failed_logins = None, 0
    ended = sessions.end_all(session, user, sessions.PASSWORD)
    _changed(session, user, "password reset", by=by, via=via, sessions_ended=ended)
    return password


def user_tokens(session: Session, user: User) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                .order_by(ApiToken.created_at.desc())))


def issue_token(session: Session, user: User, *, by: int | None, via: str = "web",
                label: str = "", expires_at: datetime | None = None) -> str:
    if expires_at is not None and expires_at <= utcnow():
        raise InvalidInput(_("The expiry date is in the past."),
                           [Problem("/expires", _("Choose a date after today."))])
    token = service.create_token(session, user, label, expires_at)
    _changed(session, user, "token issued", by=by, via=via, prefix=token[:10],
             expires_at=expires_at.isoformat() if expires_at else None)
    return token


def revoke_token(session: Session, token_id: int, *, by: int | None,
                 via: str = "web") -> ApiToken:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise NotFound(_("No such token."))
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        _changed(session, row.user, "token revoked", by=by, via=via, prefix=row.prefix)
    return row


def expire_token(session: Session, token_id: int, expires_at: datetime, *, by: int | None,
                 via: str = "web") -> ApiToken:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise NotFound(_("No such token."))
    row.expires_at = expires_at
    _changed(session, row.user, "token expiry set", by=by, via=via, prefix=row.prefix,
             expires_at=expires_at.isoformat())
    return row


def token_by_prefix(session: Session, prefix: str) -> ApiToken:
    row = session.scalar(select(ApiToken).where(ApiToken.prefix == prefix))
    if row is None:
        raise NotFound(_("No token starts with %(prefix)s.", prefix=prefix))
    return row
