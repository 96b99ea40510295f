"""The audit log: who read or changed which client-related object, and when."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from carebridge.db import Base, UTCDateTime, utcnow
from carebridge.tenancy import TenantScoped

log = logging.getLogger(__name__)

READ = "read"
CREATE = "create"
UPDATE = "update"
DELETE = "delete"


class AuditEvent(TenantScoped, Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    action: Mapped[str] = mapped_column(String(16))
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str] = mapped_column(String(64), index=True)
    via: Mapped[str] = mapped_column(String(16), default="web")
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


def record(
    session: Session,
    action: str,
    obj: object,
    *,
    user_id: int | None,
    via: str = "web",
    detail: dict | None = None,
) -> AuditEvent:
    """Add an audit event for ``obj`` in the same transaction as the work it describes."""
    event = AuditEvent(
        action=action,
        object_type=type(obj).__name__,
        object_id=str(obj.id),
        user_id=user_id,
        via=via,
        detail=detail or {},
    )
    agency_id = getattr(obj, "agency_id", None)
    if agency_id is not None:
        event.agency_id = agency_id
    session.add(event)
    # The log names what was touched, by whom, by id; the detail (it may hold answers) stays
    # in the audit table, which is tenant-scoped.
    log.info("audit", extra={"action": action, "object_type": event.object_type,
                             "object_id": event.object_id, "via": via})
    return event
