"""Suggested edits: a worker's note that a directory entry is wrong, for an editor to review."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carebridge.db import Base, UTCDateTime, utcnow

OPEN = "open"
DONE = "done"
DISMISSED = "dismissed"


class SuggestedEdit(Base):
    """Not tenant-scoped: the directory is shared, so every agency's editors see every note."""

    __tablename__ = "directory_suggested_edits"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The directory lives in its own tables (and may be replaced by a re-import): an id string.
    service_id: Mapped[str] = mapped_column(String(64), index=True)
    service_name: Mapped[str] = mapped_column(String(500), default="")
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=OPEN, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agencies.id", ondelete="SET NULL"), nullable=True
    )
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
