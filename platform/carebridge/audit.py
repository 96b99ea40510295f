"""The audit log: who read or changed which client-related object, and when — and which
requests were refused (403/404) to a known user."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask import Flask, Response, current_app, g, has_request_context, request
from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from carebridge.db import Base, UTCDateTime, utcnow
from carebridge.log import logger
from carebridge.tenancy import TenantScoped

log = logger(__name__)  # on every submission's path: see carebridge.log

READ = "read"
CREATE = "create"
UPDATE = "update"
DELETE = "delete"
#: A request a logged-in user (or a token) made and was refused: 403 or 404.
REFUSED = "refused"


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
    """Add an audit event for ``obj`` in the same transaction as the work it describes.

    Within a request, the request's own channel wins (``api`` when a bearer token was used),
    whatever a caller's default said.
    """
    event = AuditEvent(**values(action, obj, user_id=user_id, via=via, detail=detail))
    session.add(event)
    return event


def values(action: str, obj: object, *, user_id: int | None, via: str = "web",
           detail: dict | None = None) -> dict:
    """The audit event for ``obj`` as column values, logged: ``record`` adds it to the
    session; a service writing its own rows with one statement inserts it beside them (the
    same transaction either way)."""
    if has_request_context() and g.get("via"):
        via = g.via
    row = {"at": utcnow(), "action": action, "object_type": type(obj).__name__,
           "object_id": str(obj.id), "user_id": user_id, "via": via, "detail": detail or {}}
    agency_id = getattr(obj, "agency_id", None)
    if agency_id is not None:
        row["agency_id"] = agency_id
    # The log names what was touched, by whom, by id; the detail (it may hold answers) stays
    # in the audit table, which is tenant-scoped.
    log.info("audit", extra={"action": action, "object_type": row["object_type"],
                             "object_id": row["object_id"], "via": via})
    return row


def record_many(session: Session, action: str, objects: Iterable[object], *,
                user_id: int | None, via: str = "web", detail: dict | None = None) -> int:
    """One event per object (an export's submissions); returns how many."""
    count = 0
    for obj in objects:
        record(session, action, obj, user_id=user_id, via=via, detail=detail)
        count += 1
    return count


# Refused requests -----------------------------------------------------------------------------

def init_app(app: Flask) -> None:
    app.after_request(_note_refusal)
    app.teardown_request(_record_refusal)


def _note_refusal(response: Response) -> Response:
    # The status first: most answers are not refused, and ``g`` is looked up only for those.
    if response.status_code in (403, 404):
        found = g._get_current_object()  # through the proxy once, not for each value
        user = found.get("user")
        if user is not None:
            found.audit_refused = (user.id, user.agency_id, response.status_code)
    return response


def _record_refusal(_exc) -> None:
    """A refused request rolls its own unit of work back, so its refusal is written in a unit
    of its own, after that rollback (teardown runs after every after-request hook)."""
    # ``g``'s own ``pop``, not the proxy's attribute look-up, on every request.
    noted = g._get_current_object().pop("audit_refused", None)
    if noted is None:
        return
    from carebridge.unit_of_work import unit_of_work

    user_id, agency_id, status = noted
    event = AuditEvent(action=REFUSED, object_type="request",
                       object_id=(request.url_rule.rule if request.url_rule else
                                  request.path)[:64],
                       user_id=user_id, via=g.get("via", "web"),
                       detail={"status": status, "method": request.method,
                               "path": request.path[:500]})
    event.agency_id = agency_id
    try:
        with unit_of_work(current_app._get_current_object(), agency_id) as session:
            session.add(event)
    except Exception:
        log.exception("a refused request could not be audited")
        return
    log.info("audit", extra={"action": REFUSED, "status": status, "via": event.via})
