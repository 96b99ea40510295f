"""Clients and their needs as stored rows: the person a care team serves, and what they need.

The shapes follow what a later FHIR export maps one to one (the Gravity Project's SDOH flow):
a ``Client`` is a Patient, a ``ClientNeed`` a Condition (a health concern in the SDOH
category, coded from the needs vocabulary) whose evidence is the submission (a
QuestionnaireResponse, with its scores as Observations) that raised it.
"""

from __future__ import annotations

import unicodedata
import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from carebridge.db import Base, UTCDateTime, utcnow
from carebridge.tenancy import TenantScoped

ACTIVE = "active"
CLOSED = "closed"
#: A record merged into another: kept (nothing is lost), pointing at the one that remains.
MERGED = "merged"
CLIENT_STATUSES = (ACTIVE, CLOSED, MERGED)

# A need's life: raised by a rule or by hand, answered by referrals, then settled.
IDENTIFIED = "identified"
REFERRED = "referred"
MET = "met"
DECLINED = "declined"
NEED_CLOSED = "closed"
NEED_STATUSES = (IDENTIFIED, REFERRED, MET, DECLINED, NEED_CLOSED)
OPEN_NEED_STATUSES = (IDENTIFIED, REFERRED)


def new_id() -> str:
    return uuid.uuid4().hex


class Client(TenantScoped, Base):
    """A person an agency serves; every read of their file is audited."""

    __tablename__ = "clients"
    __table_args__ = (
        Index("ix_clients_agency_family_given", "agency_id", "family_name", "given_name"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    given_name: Mapped[str] = mapped_column(String(200))
    family_name: Mapped[str] = mapped_column(String(200), default="")
    middle_name: Mapped[str] = mapped_column(String(200), default="")
    preferred_name: Mapped[str] = mapped_column(String(200), default="")
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    #: A BCP 47 tag ("es", "zh-Hant"); forms, letters and handouts follow it.
    preferred_language: Mapped[str] = mapped_column(String(35), default="")
    #: Digits only (a US number's 10), so a duplicate check compares like with like.
    phone: Mapped[str] = mapped_column(String(32), default="", index=True)
    email: Mapped[str] = mapped_column(String(254), default="")
    address_line1: Mapped[str] = mapped_column(String(300), default="")
    address_line2: Mapped[str] = mapped_column(String(300), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    state: Mapped[str] = mapped_column(String(2), default="")
    #: Drives matching to nearby services.
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    #: Identifiers in other systems: ``[{"system": "HMIS", "value": "12345"}, …]``.
    external_ids: Mapped[list] = mapped_column(JSON, default=list)
    care_manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    status: Mapped[str] = mapped_column(String(16), default=ACTIVE, index=True)
    closed_reason: Mapped[str] = mapped_column(String(500), default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    merged_into_id: Mapped[str | None] = mapped_column(
        ForeignKey("clients.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )

    #: Every name part, lower case without accents or punctuation ("maria lopez"): what a
    #: search by name compares, the same on every database. Kept up to date on each flush.
    name_key: Mapped[str] = mapped_column(String(900), default="", index=True)

    care_manager = relationship("User", foreign_keys=[care_manager_id], lazy="joined")

    @property
    def display_name(self) -> str:
        """The name to show: preferred name, else given name, then family name."""
        first = self.preferred_name or self.given_name
        return " ".join(part for part in (first, self.family_name) if part)


def name_key(*parts: str) -> str:
    """Name parts as one search key: lower case, accents and punctuation dropped. Letters of
    every script are kept ("Мария", "王"): keeping only a–z made such a name an empty key, found
    by no search and the same name as every other one written outside the Latin alphabet."""
    decomposed = unicodedata.normalize("NFKD", " ".join(p for p in parts if p))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    kept = "".join(ch if ch.isalnum() or unicodedata.category(ch)[0] == "M" else " "
                   for ch in plain)
    return " ".join(kept.split())


@event.listens_for(Client, "before_insert")
@event.listens_for(Client, "before_update")
def _keep_name_key(_mapper, _connection, client: Client) -> None:
    client.name_key = name_key(client.given_name, client.middle_name, client.preferred_name,
                               client.family_name)[:900]


class ClientNeed(TenantScoped, Base):
    """A need of a client (a code of the needs vocabulary), raised by a submission's need rule
    or by a care manager, and followed until it is met, declined or closed."""

    __tablename__ = "client_needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(64), index=True)
    label: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16), default=IDENTIFIED, index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    #: The submission whose rule raised it (None when a care manager added it by hand).
    submission_id: Mapped[str | None] = mapped_column(
        ForeignKey("submissions.id", ondelete="SET NULL"), nullable=True, index=True
    )
    identified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )

    client = relationship(Client, lazy="joined")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_NEED_STATUSES


class NeedEvent(TenantScoped, Base):
    """One change of a need's status, kept so the client file can show needs over time."""

    __tablename__ = "client_need_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(
        ForeignKey("client_needs.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )


class FlagReview(TenantScoped, Base):
    """A care manager's acknowledgement, with a note, of a high-severity flag a submission
    raised: until one exists the client stays on the "needs attention today" list."""

    __tablename__ = "client_flag_reviews"
    __table_args__ = (UniqueConstraint("submission_id", "flag", name="uq_flag_review_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[str] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    #: The flag's name in the submission's ``flags`` (e.g. "self_harm").
    flag: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )

    user = relationship("User", lazy="joined")


class AgencyNeed(TenantScoped, Base):
    """A need an agency adds to the shipped vocabulary (``form_definitions/needs.json``): its
    code may then be used by the agency's need rules and added to clients by hand."""

    __tablename__ = "agency_needs"
    __table_args__ = (UniqueConstraint("agency_id", "code", name="uq_agency_need_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    #: Words a directory search for this need uses ("diaper bank", …).
    search_words: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
