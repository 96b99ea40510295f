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

from carebridge.auth.caller_rows import LoginUser, caller_columns, join_agency
from carebridge.auth.models import User, UserSession
from carebridge.db import utcnow
from carebridge.plain_reads import first_row
from carebridge.unit_of_work import connection_of, work_of

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
            now: datetime | None = None) -> tuple[LoginUser | None, str]:
    """The caller of a live session and "" — or None and why the session is not live."""
    now = now or utcnow()
    session_id = _hash(token)
    # On the session's connection (its transaction), past the ORM: no agency is set yet, and
    # a Core row is a fifth of the cost of loading the user and its agency as objects; run
    # on the driver's cursor (plain_reads.py), a third of the Core statement's.
    found = first_row(connection_of(db), _live_statement(), {"id": session_id})
    if found is None:
        return None, REVOKED
    if found.ended_at is not None:
        return None, found.ended_reason or REVOKED
    reason = ""
    if not found.is_active:
        reason = DEACTIVATED
    elif now - found.created_at > absolute:
        reason = EXPIRED
    elif now - found.last_seen_at > idle:
        reason = IDLE
    if reason:
        _end_rows(db, UserSession.id == session_id, reason, now)
        return None, reason
    if now - found.last_seen_at > TOUCH_EVERY:
        # Written with the request's commit, undone with it (none if the request fails).
        work_of(db).write_at_commit(_touch_statement(), {"session_id": session_id, "seen": now})
    return LoginUser(found, db), ""


@functools.cache
def _live_statement() -> Select:
    """Every page's session look-up, built once (the hash is a bound parameter): the session's
    times and its caller's row (auth/caller_rows.py), as columns."""
    sessions, users = UserSession.__table__, User.__table__
    return (select(sessions.c.created_at, sessions.c.last_seen_at, sessions.c.ended_at,
                   sessions.c.ended_reason, *caller_columns())
            .select_from(join_agency(sessions.join(users, users.c.id == sessions.c.user_id)))
            .where(sessions.c.id == bindparam("id")))


@functools.cache
def _touch_statement():
    sessions = UserSession.__table__
    return (update(sessions).where(sessions.c.id == bindparam("session_id"))
            .values(last_seen_at=bindparam("seen")))


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
