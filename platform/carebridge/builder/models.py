"""A builder draft: the definition an admin is building, kept on the server between edits."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from carebridge.db import Base, UTCDateTime, utcnow
from carebridge.tenancy import TenantScoped


def new_id() -> str:
    return uuid.uuid4().hex


class BuilderDraft(TenantScoped, Base):
    """Work in progress on a form: its document, the documents before (for undo), and the
    published version it started from (whose choice codes are then fixed)."""

    __tablename__ = "builder_drafts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    slug: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    document: Mapped[dict] = mapped_column(JSON)
    #: Earlier documents, newest last, so each edit can be undone (a few dozen at most).
    history: Mapped[list] = mapped_column(JSON, default=list)
    base_version: Mapped[int | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
