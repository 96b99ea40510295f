"""Users and API tokens: who may act for an agency, and how the API knows them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from carebridge.db import Base, UTCDateTime, utcnow
from carebridge.tenancy import TenantScoped


class User(TenantScoped, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # E-mail is unique across the installation: it is what a person types to log in.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: Wrong passwords in a row; at ``LOCKOUT_FAILURES`` the account locks until an admin
    #: unlocks it (``locked_at``). A right password resets the count.
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The interface language the user chose (a tag from LANGUAGES); None: the browser's.
    locale: Mapped[str | None] = mapped_column(String(35), nullable=True)

    agency = relationship("Agency", lazy="joined")

    @property
    def agency_name(self) -> str | None:
        """The agency's name (what a caller row, auth/caller_rows.py, reads as a column)."""
        return self.agency.name if self.agency is not None else None

    @property
    def agency_time_zone(self) -> str | None:
        """The time zone the agency set, if any (``agencies.time_zone_of`` gives the default)."""
        return (self.agency.settings or {}).get("time_zone") if self.agency is not None else None


class ApiToken(TenantScoped, Base):
    """A bearer token; only its SHA-256 is stored, so a leaked database leaks no tokens."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: After this moment the token no longer works (None: until revoked).
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    user = relationship(User, lazy="joined")


class UserSession(TenantScoped, Base):
    """A login in a browser, kept on the server so it can end: at logout, after the idle or
    absolute timeout, or when an admin revokes it. The cookie holds a random token; only its
    SHA-256 is stored here (``id``)."""

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: "logout", "idle", "expired", "revoked", "deactivated", "password"
    ended_reason: Mapped[str] = mapped_column(String(16), default="")
    address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")

    user = relationship(User, lazy="joined")
