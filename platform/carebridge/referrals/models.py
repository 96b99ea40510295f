"""Referrals, their history, consent withdrawals and directory organizations that are agencies.

A ``Referral`` maps one to one to a FHIR ServiceRequest in the Gravity Project's SDOH flow (its
``needs`` the Conditions it addresses, its outcome a Procedure/Task outcome); its status names
follow how closed-loop referral networks track one.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from carebridge.db import Base, UTCDateTime, utcnow
from carebridge.tenancy import TenantScoped

DRAFT = "draft"
SENT = "sent"
ACCEPTED = "accepted"
DECLINED = "declined"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
CANCELLED = "cancelled"
STATUSES = (DRAFT, SENT, ACCEPTED, DECLINED, IN_PROGRESS, COMPLETED, CANCELLED)
#: Statuses in which a referral is still waiting for something to happen (follow-up applies).
OPEN_STATUSES = (SENT, ACCEPTED, IN_PROGRESS)

GOT_HELP = "got_help"
DID_NOT_GET_HELP = "did_not_get_help"
OUTCOMES = (GOT_HELP, DID_NOT_GET_HELP)

URGENCIES = ("routine", "soon", "urgent")


def new_id() -> str:
    return uuid.uuid4().hex


class Referral(TenantScoped, Base):
    """A client sent to one directory service for one or more of their needs; it belongs to
    the sending agency. ``receiving_agency_id`` is set when the service's organization is
    another Carebridge agency: that agency sees it in its inbox, with only ``shared``."""

    __tablename__ = "referrals"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    client_id: Mapped[str] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    # The directory is shared by every agency and may change: the ids name the service and
    # location, and ``service`` keeps what the letter printed (name, address, hours, phones).
    service_id: Mapped[str] = mapped_column(String(64), index=True)
    location_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    organization_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    service: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Codes of the needs vocabulary this referral answers.
    needs: Mapped[list] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    urgency: Mapped[str] = mapped_column(String(16), default="routine")
    follow_up_on: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(16), default=DRAFT, index=True)
    outcome: Mapped[str | None] = mapped_column(String(32), nullable=True)
    outcome_reason: Mapped[str] = mapped_column(Text, default="")
    #: The consent on file when it was sent (a submission of a form of kind consent).
    consent_submission_id: Mapped[str | None] = mapped_column(
        ForeignKey("submissions.id", ondelete="SET NULL"), nullable=True
    )
    receiving_agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agencies.id", ondelete="SET NULL"), nullable=True, index=True
    )
    #: What the receiving agency may see of the client, as the consent allowed when sent.
    shared: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: The last change of any kind (status, note): "no update since" for the overdue list.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    # Loaded for the sending agency only: a receiving agency reads ``shared``, never this.
    client = relationship("Client", lazy="joined")


class ReferralEvent(TenantScoped, Base):
    """One change of a referral (created, a status, a note): who, when and why. It belongs
    to the referral's agency; ``actor_agency_id`` says which agency made it."""

    __tablename__ = "referral_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[str] = mapped_column(
        ForeignKey("referrals.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str | None] = mapped_column(String(32), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    actor_agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agencies.id", ondelete="SET NULL"), nullable=True
    )


class ConsentWithdrawal(TenantScoped, Base):
    """A client took back a consent: from ``at`` on it allows no new referral."""

    __tablename__ = "consent_withdrawals"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[str] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), unique=True
    )
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )


class PartnerOrganization(Base):
    """A directory organization that is a Carebridge agency: referrals to its services go
    to that agency's inbox. Set by the agency's admin; one agency per organization."""

    __tablename__ = "partner_organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(64), unique=True)
    agency_id: Mapped[int] = mapped_column(
        ForeignKey("agencies.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
