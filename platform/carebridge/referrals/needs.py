"""What a referral does to the needs it answers: sent → referred, completed with help → met.

Each change goes through the clients feature's ``set_status`` (a ``NeedEvent``, audited), so
the client file shows needs over time.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from carebridge.clients import needs as client_needs
from carebridge.clients.models import IDENTIFIED, REFERRED, ClientNeed


def open_needs(session: Session, client_id: str) -> list[ClientNeed]:
    """The client's needs still identified or referred, oldest first."""
    return client_needs.needs_of(session, client_id, open_only=True)


def advance(session: Session, client_id: str, codes: list[str], status: str, note: str,
            user_id: int | None, via: str = "web") -> list[ClientNeed]:
    """Move the client's open needs with these codes to ``status`` (``referred`` only from
    ``identified`` and back; ``met`` from either); return the needs changed."""
    movable = {REFERRED: (IDENTIFIED,), IDENTIFIED: (REFERRED,)}.get(status,
                                                                    (IDENTIFIED, REFERRED))
    changed = []
    for need in open_needs(session, client_id):
        if need.code in codes and need.status in movable and need.status != status:
            client_needs.set_status(session, need, status, user_id=user_id, note=note, via=via)
            changed.append(need)
    return changed
