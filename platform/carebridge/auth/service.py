"""Accounts: create users, check passwords, issue and verify API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from carebridge.agencies import Agency
from carebridge.auth.models import ApiToken, User
from carebridge.auth.roles import ROLES
from carebridge.db import utcnow
from carebridge.errors import Conflict, InvalidInput, NotFound, Problem
from carebridge.i18n import _

MIN_PASSWORD_LENGTH = 10
TOKEN_PREFIX = "cb_"
_EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# A hash of a password nobody has, so a login for an unknown e-mail costs the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password-" + secrets.token_hex(8))


#: scrypt with werkzeug's default cost: slow on purpose. Tests lower the cost for speed.
PASSWORD_METHOD = "scrypt"


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=PASSWORD_METHOD)


def create_user(session: Session, agency: Agency, email: str, role: str, password: str,
                name: str = "") -> User:
    email = (email or "").strip().lower()
    found = []
    if not _EMAIL_SHAPE.match(email):
        found.append(Problem("/email", _("Enter an e-mail address like name@agency.org.")))
    if role not in ROLES:
        found.append(Problem("/role", _("The role must be one of: %(roles)s.",
                                        roles=", ".join(ROLES))))
    if len(password or "") < MIN_PASSWORD_LENGTH:
        found.append(
            Problem("/password", _("Use a password of at least %(count)d characters.",
                                   count=MIN_PASSWORD_LENGTH))
        )
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
    """The active user with these credentials, looked up across agencies, or None."""
    user = session.scalar(
        select(User)
        .where(User.email == (email or "").strip().lower())
        .execution_options(include_all_agencies=True)
    )
    if user is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not user.is_active or not check_password_hash(user.password_hash, password or ""):
        return None
    user.last_login_at = utcnow()
    return user


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


def create_token(session: Session, user: User, label: str = "") -> str:
    """Issue a token for ``user``; the plain token is returned once and never stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_hash=_token_hash(token), prefix=token[:10], label=label)
    row.agency_id = user.agency_id
    session.add(row)
    session.flush()
    return token


def user_for_token(session: Session, token: str) -> User | None:
    row = session.scalar(
        select(ApiToken)
        .where(ApiToken.token_hash == _token_hash(token), ApiToken.revoked_at.is_(None))
        .execution_options(include_all_agencies=True)
    )
    if row is None or not row.user.is_active:
        return None
    row.last_used_at = utcnow()
    return row.user
