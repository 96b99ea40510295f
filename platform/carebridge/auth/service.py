"""Accounts: create users, check passwords, issue and verify API tokens."""

from __future__ import annotations

import functools
import gzip
import hashlib
import re
import secrets
from datetime import datetime
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask
from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from carebridge.agencies import Agency
from carebridge.auth.caller_rows import TokenUser, caller_columns, join_agency
from carebridge.auth.models import ApiToken, User
from carebridge.auth.roles import ROLES
from carebridge.auth.sessions import TOUCH_EVERY
from carebridge.db import utcnow
from carebridge.errors import Conflict, InvalidInput, NotFound, Problem
from carebridge.i18n import _
from carebridge.plain_reads import first_row
from carebridge.unit_of_work import connection_of, work_of

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024
#: A password needs this many different characters ("aaaaaaaaaa" has one).
MIN_DISTINCT_CHARACTERS = 5
TOKEN_PREFIX = "cb_"
_EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
COMMON_PASSWORDS = Path(__file__).parent / "data" / "common-passwords.txt.gz"

#: Argon2id (memory-hard) with argon2-cffi's defaults (RFC 9106's low-memory profile). Hashes
#: of the earlier scheme (werkzeug's scrypt) still verify and are replaced at the next login.
#: Tests use a cheaper hasher of the same kind.
PASSWORD_HASHER = PasswordHasher()


@functools.cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    # A hash of a password nobody has, so a login for an unknown e-mail costs the same time.
    return hasher.hash("not-a-real-password-" + secrets.token_hex(8))


def hash_password(password: str) -> str:
    return PASSWORD_HASHER.hash(password)


def verify_password(stored: str, password: str) -> bool:
    """Whether ``password`` matches ``stored`` (an Argon2 hash, or an older werkzeug one)."""
    if stored.startswith("$argon2"):
        try:
            return PASSWORD_HASHER.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False
    return check_password_hash(stored, password)


def needs_rehash(stored: str) -> bool:
    return not stored.startswith("$argon2") or PASSWORD_HASHER.check_needs_rehash(stored)


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list of the most common passwords (see auth/data/SOURCE.md), lowercased."""
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def password_problems(password: str, email: str = "") -> list[Problem]:
    """What is wrong with ``password`` as a new password (nothing: an empty list)."""
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        return [Problem("/password", _("Use a password of at least %(n)d characters.",
                                       n=MIN_PASSWORD_LENGTH))]
    if len(password) > MAX_PASSWORD_LENGTH:
        return [Problem("/password", _("Use a password of at most %(n)d characters.",
                                       n=MAX_PASSWORD_LENGTH))]
    lowered = password.lower()
    if len(set(lowered)) < MIN_DISTINCT_CHARACTERS:
        return [Problem("/password", _("Use more different characters: a few unrelated words "
                                       "make a good password."))]
    if lowered in common_passwords() or lowered.strip() in common_passwords():
        return [Problem("/password", _("That password is one of the most commonly used (and "
                                       "guessed) passwords. Choose another."))]
    local = (email or "").split("@")[0].lower()
    if len(local) >= 4 and local in lowered:
        return [Problem("/password", _("Do not use your e-mail address in your password."))]
    return []


def create_user(session: Session, agency: Agency, email: str, role: str, password: str,
                name: str = "") -> User:
    email = (email or "").strip().lower()
    found = []
    if not _EMAIL_SHAPE.match(email):
        found.append(Problem("/email", _("Enter an e-mail address like name@agency.org.")))
    if role not in ROLES:
        found.append(Problem("/role", _("The role must be one of: %(roles)s.",
                                        roles=", ".join(ROLES))))
    found.extend(password_problems(password, email))
    if found:
        raise InvalidInput(_("The user could not be created."), found)
    if session.scalar(
        select(User).where(User.email == email).execution_options(include_all_agencies=True)
    ):
        raise Conflict(_("A user with the e-mail %(email)s already exists.", email=email))
    user = User(email=email, role=role, name=name, password_hash=hash_password(password))
    user.agency_id = agency.id
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active, unlocked user with these credentials, looked up across agencies, or None.

    A right password resets the count of failures and upgrades an older hash to Argon2id.
    """
    user = session.scalar(
        select(User)
        .where(User.email == (email or "").strip().lower())
        .execution_options(include_all_agencies=True)
    )
    if user is None:
        verify_password(_dummy_hash(PASSWORD_HASHER), password or "")
        return None
    if not verify_password(user.password_hash, password or ""):
        return None
    if not user.is_active or user.locked_at is not None:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.last_login_at = utcnow()
    return user


def note_failed_login(app: Flask, email: str) -> None:
    """Count a wrong password for ``email``'s account in a unit of work of its own (the refused
    request itself keeps nothing) and lock the account at ``LOCKOUT_FAILURES`` in a row."""
    from carebridge import audit
    from carebridge.tenancy import ALL_AGENCIES
    from carebridge.unit_of_work import unit_of_work

    limit = int(app.config.get("LOCKOUT_FAILURES") or 0)
    with unit_of_work(app, ALL_AGENCIES) as session:
        user = session.scalar(select(User).where(User.email == (email or "").strip().lower()))
        if user is None:
            return
        user.failed_logins = (user.failed_logins or 0) + 1
        if limit and user.failed_logins >= limit and user.locked_at is None:
            user.locked_at = utcnow()
            audit.record(session, audit.UPDATE, user, user_id=None, via="web",
                         detail={"account": "locked", "failures": user.failed_logins})


def user_by_email(session: Session, email: str) -> User:
    user = session.scalar(
        select(User)
        .where(User.email == (email or "").strip().lower())
        .execution_options(include_all_agencies=True)
    )
    if user is None:
        raise NotFound(_("No user with the e-mail %(email)s.", email=email))
    return user


def _token_hash(token: str) -> str:
    # Tokens carry 256 bits of randomness, so a fast hash is enough (unlike passwords).
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, user: User, label: str = "",
                 expires_at: datetime | None = None) -> str:
    """Issue a token for ``user`` (until ``expires_at``, if given); the plain token is returned
    once and never stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_hash=_token_hash(token), prefix=token[:10], label=label,
                   expires_at=expires_at)
    row.agency_id = user.agency_id
    session.add(row)
    session.flush()
    return token


@functools.cache
def _token_statement() -> Select:
    """Every API call's token look-up, built once (the hash is a bound parameter): the token's
    times and its caller's row (auth/caller_rows.py). Loading the token and its user as ORM
    objects was an eighth of an API submission's profiled time."""
    tokens, users = ApiToken.__table__.c, User.__table__.c
    return (select(tokens.id.label("token_id"), tokens.expires_at, tokens.last_used_at,
                   *caller_columns())
            .select_from(join_agency(ApiToken.__table__.join(User.__table__,
                                                             users.id == tokens.user_id)))
            .where(tokens.token_hash == bindparam("hash"), tokens.revoked_at.is_(None)))


@functools.cache
def _token_touch_statement():
    tokens = ApiToken.__table__
    return (update(tokens).where(tokens.c.id == bindparam("token_id"))
            .values(last_used_at=bindparam("used")))


def user_for_token(session: Session, token: str) -> TokenUser | None:
    """The active user of a live (not revoked, not expired) token, or None."""
    # On the session's connection (its transaction), past the ORM: tables and columns only,
    # so neither the ORM's execution nor tenancy's criteria (no agency yet) have work to do.
    row = first_row(connection_of(session), _token_statement(), {"hash": _token_hash(token)})
    if row is None or not row.is_active:
        return None
    now = utcnow()
    if row.expires_at is not None and row.expires_at <= now:
        return None
    # Written at most once a minute, as a login's last_seen_at: a write per request would
    # cost every API call an UPDATE for a time nobody reads to the second. Written with the
    # request's commit (none if the request fails), as the ORM change it replaces was.
    if row.last_used_at is None or now - row.last_used_at > TOUCH_EVERY:
        work_of(session).write_at_commit(_token_touch_statement(),
                                         {"token_id": row.token_id, "used": now})
    return TokenUser(row, session)
