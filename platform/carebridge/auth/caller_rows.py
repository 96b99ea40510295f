"""Who is asking, as the one Core row every request reads: the ORM user loads only if asked.

A login's session look-up and an API token's look-up each read the caller's id, agency,
role, language, state, e-mail, agency name and time zone as columns, afresh on every request (a role
change, deactivation or revocation counts at the next one). Loading the user and its agency
as ORM objects instead was a quarter of a warm fill page's time. Anything else — the name, the
agency object, a change to the user — loads the ORM ``User`` once, on first use (``user()``;
``access.current_user()`` hands views that object).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from carebridge.agencies import Agency
from carebridge.auth.models import User

#: The columns a caller row is read with (``caller_columns()`` names them for a statement).
FIELDS = ("id", "agency_id", "role", "locale", "is_active", "email", "agency_name",
          "agency_time_zone")


def caller_columns() -> tuple:
    """The columns of ``FIELDS`` for a SELECT joining ``users`` and ``agencies``."""
    users, agencies = User.__table__.c, Agency.__table__.c
    return (users.id, users.agency_id, users.role, users.locale, users.is_active, users.email,
            agencies.name.label("agency_name"),
            agencies.settings["time_zone"].as_string().label("agency_time_zone"))


def join_agency(from_clause):
    """``from_clause`` (with ``users`` in it) joined to the user's agency."""
    agencies = Agency.__table__
    return from_clause.join(agencies, agencies.c.id == User.__table__.c.agency_id)


class CallerRow:
    """A caller as its look-up found them. Reads of ``FIELDS`` cost nothing; any other
    attribute is the ORM user's, loaded once."""

    __slots__ = (*FIELDS, "_session", "_user")

    def __init__(self, row, session: Session):
        self.id, self.agency_id, self.role = row.id, row.agency_id, row.role
        self.locale, self.is_active = row.locale, row.is_active
        self.email, self.agency_name = row.email, row.agency_name
        self.agency_time_zone = row.agency_time_zone
        self._session, self._user = session, None

    def user(self) -> User:
        """The ORM user (loaded now if no one asked before)."""
        if self._user is None:
            self._user = self._session.get(User, self.id)
        return self._user

    def __getattr__(self, name: str):
        return getattr(self.user(), name)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id} of agency {self.agency_id}>"


class LoginUser(CallerRow):
    """A browser's caller, found by the session cookie's token (auth/sessions.py)."""

    __slots__ = ()


class TokenUser(CallerRow):
    """An API caller, found by a bearer token (auth/service.py)."""

    __slots__ = ()
