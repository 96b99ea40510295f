"""Form definitions, their immutable versions, submissions and drafts as stored rows."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from carebridge.db import Base, UTCDateTime, utcnow
from carebridge.tenancy import TenantScoped

#: ``consent``: a signed consent or release of information; a referral needs one on file.
KINDS = ("intake", "assessment", "care_plan", "consent")


def new_id() -> str:
    return uuid.uuid4().hex


class FormDefinition(TenantScoped, Base):
    """An agency's form, identified by its slug; its content lives in versions."""

    __tablename__ = "form_definitions"
    __table_args__ = (UniqueConstraint("agency_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(32))
    latest_version: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Whether a kiosk may show it to clients, as an admin decided (None: intake forms may;
    # see carebridge.renderer.kiosk.may_run_on_kiosk).
    kiosk_allowed: Mapped[bool | None] = mapped_column(nullable=True, default=None)

    versions = relationship(
        "FormVersion", back_populates="definition", order_by="FormVersion.number"
    )


class FormVersion(TenantScoped, Base):
    """One published, immutable version of a definition document."""

    __tablename__ = "form_versions"
    __table_args__ = (UniqueConstraint("definition_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    definition_id: Mapped[int] = mapped_column(
        ForeignKey("form_definitions.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    document: Mapped[dict] = mapped_column(JSON)
    # SHA-256 of the canonical JSON: an unchanged document publishes no new version.
    digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )

    definition = relationship(FormDefinition, back_populates="versions", lazy="joined")


class Submission(TenantScoped, Base):
    """A completed form: data exactly as submitted, valid against the version it names."""

    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("agency_id", "idempotency_key"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    form_version_id: Mapped[int] = mapped_column(ForeignKey("form_versions.id"), index=True)
    data: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    # A client-chosen key, stored scoped to its user and form ("<user>:<form>:<key>"): the same
    # key twice (double tap, resend) yields one submission; with other answers it is refused.
    idempotency_key: Mapped[str | None] = mapped_column(String(300), nullable=True)
    #: SHA-256 of the canonical JSON of the answers a keyed submission was made with.
    request_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: Whose answers these are (None for a form filled for nobody in particular).
    client_id: Mapped[str | None] = mapped_column(
        ForeignKey("clients.id", ondelete="SET NULL"), nullable=True, index=True
    )
    #: Computed on submit by the version's ``scoring`` and kept with it (pinned to the version):
    #: ``[{"name", "label", "value", "band"}]`` and ``[{"name", "label", "severity", "message"}]``.
    scores: Mapped[list] = mapped_column(JSON, default=list)
    flags: Mapped[list] = mapped_column(JSON, default=list)

    form_version = relationship(FormVersion, lazy="joined")
    created_by = relationship("User", lazy="joined")


class Draft(TenantScoped, Base):
    """Partial answers saved as a person goes; completed into a submission later."""

    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    definition_id: Mapped[int] = mapped_column(
        ForeignKey("form_definitions.id", ondelete="CASCADE"), index=True
    )
    form_version_id: Mapped[int] = mapped_column(ForeignKey("form_versions.id"))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    submission_id: Mapped[str | None] = mapped_column(
        ForeignKey("submissions.id", ondelete="SET NULL"), nullable=True
    )
    client_id: Mapped[str | None] = mapped_column(
        ForeignKey("clients.id", ondelete="SET NULL"), nullable=True, index=True
    )

    definition = relationship(FormDefinition, lazy="joined")
    form_version = relationship(FormVersion, lazy="joined")
    #: Whose form this is: drafts lists show it.
    client = relationship("Client", lazy="joined")
