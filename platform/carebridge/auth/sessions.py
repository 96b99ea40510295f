"""Server-side login sessions: a browser's login can end (logout, timeouts, an admin).

The cookie holds only a random token (signed by Flask, like the rest of the cookie); the server
keeps its SHA-256 with when it started and was last used. A login ends at logout, after
``SESSION_IDLE_MINUTES`` without a request (HIPAA's automatic logoff), after
``SESSION_MAX_HOURS`` however busy, and when an admin revokes it, deactivates the user or
resets the password. A copied cookie of an ended session opens nothing.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.orm import Session

from carebridge.auth.models import User, UserSession
from carebridge.db import utcnow

#: ``last_seen_at`` is written at most this often (a write per request would be wasteful).
TOUCH_EVERY = timedelta(seconds=60)

LOGOUT, IDLE, EXPIRED, REVOKED, DEACTIVATED, PASSWORD = (
    "logout", "idle", "expired", "revoked", "deactivated", "password")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(db: Session, user: User, *, address: str = "", user_agent: str = "") -> str:
    """A new session for ``user``; returns the token for the cookie (never stored as such)."""
    token = secrets.token_urlsafe(32)
    row = UserSession(id=_hash(token), user_id=user.id, address=(address or "")[:64],
                      user_agent=(user_agent or "")[:200])
    row.agency_id = user.agency_id
    db.add(row)
    db.flush()
    return token


def resolve(db: Session, token: str, *, idle: timedelta, absolute: timedelta,
            now: datetime | None = None) -> tuple[User | None, str]:
    """The user of a live session and "" — or None and why the session is not live."""
    now = now or utcnow()
    row = db.scalar(_live_statement(), {"id": _hash(token)})
    if row is None:
        return None, REVOKED
    if row.ended_at is not None:
        return None, row.ended_reason or REVOKED
    user = row.user
    reason = ""
    if not user.is_active:
        reason = DEACTIVATED
    elif now - row.created_at > absolute:
        reason = EXPIRED
    elif now - row.last_seen_at > idle:
        reason = IDLE
    if reason:
        _end_rows(db, UserSession.id == row.id, reason, now)
        return None, reason
    if now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
    return user, ""


@functools.cache
def _live_statement() -> Select:
    """Every page's session look-up, built once (the hash is a bound parameter)."""
    return (select(UserSession).where(UserSession.id == bindparam("id"))
            .execution_options(include_all_agencies=True))


def end(db: Session, token: str, reason: str = LOGOUT) -> None:
    _end_rows(db, UserSession.id == _hash(token), reason)


def end_all(db: Session, user: User, reason: str) -> int:
    """End every live session of ``user`` (deactivation, password reset, admin revocation)."""
    return _end_rows(db, UserSession.user_id == user.id, reason)


def _end_rows(db: Session, which, reason: str, now: datetime | None = None) -> int:
    # A statement, not a changed row: a request whose session just ended has no agency yet.
    result = db.execute(
        update(UserSession)
        .where(which, UserSession.ended_at.is_(None))
        .values(ended_at=now or utcnow(), ended_reason=reason)
        .execution_options(include_all_agencies=True, synchronize_session=False)
    )
    return result.rowcount or 0


def live_sessions(db: Session, user: User) -> list[UserSession]:
    return list(db.scalars(
        select(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .order_by(UserSession.last_seen_at.desc())
    ))
