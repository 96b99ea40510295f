"""What a referral does to the needs it answers: sent → referred, completed with help → met.

Each change records a ``NeedEvent`` so the client file shows needs over time.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge.clients.models import IDENTIFIED, MET, REFERRED, ClientNeed, NeedEvent
from carebridge.db import utcnow


def open_needs(session: Session, client_id: str) -> list[ClientNeed]:
    """The client's needs still identified or referred, oldest first."""
    return list(session.scalars(
        select(ClientNeed).where(ClientNeed.client_id == client_id,
                                 ClientNeed.status.in_((IDENTIFIED, REFERRED)))
        .order_by(ClientNeed.identified_at, ClientNeed.id)
    ))


def set_status(session: Session, need: ClientNeed, status: str, note: str,
               user_id: int | None) -> None:
    """Change one need's status and keep the change as an event of the need's agency."""
    need.status = status
    need.status_changed_at = utcnow()
    event = NeedEvent(need_id=need.id, status=status, note=note, user_id=user_id)
    event.agency_id = need.agency_id
    session.add(event)


def advance(session: Session, client_id: str, codes: list[str], status: str, note: str,
            user_id: int | None) -> list[ClientNeed]:
    """Move the client's open needs with these codes to ``status`` (``referred`` only from
    ``identified``; ``met`` from either); return the needs changed."""
    movable = (IDENTIFIED,) if status == REFERRED else (IDENTIFIED, REFERRED)
    changed = []
    for need in open_needs(session, client_id):
        if need.code in codes and need.status in movable and need.status != status:
            set_status(session, need, status, note, user_id)
            changed.append(need)
    return changed


__all__ = ["MET", "REFERRED", "advance", "open_needs", "set_status"]
