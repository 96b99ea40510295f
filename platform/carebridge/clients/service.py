"""Clients as a service: find one client of the current agency, with the read audited."""

from __future__ import annotations

from sqlalchemy.orm import Session

from carebridge import audit
from carebridge.clients.models import Client
from carebridge.errors import NotFound
from carebridge.i18n import _


def get_client(session: Session, client_id: str, *, user_id: int | None, via: str = "web",
               audited: bool = True) -> Client:
    """The client ``client_id`` of the session's agency (``NotFound`` for any other agency's,
    exactly as for one that does not exist); the read is audited unless ``audited`` is False
    (a fragment of a page whose read was already recorded)."""
    client = session.get(Client, client_id) if isinstance(client_id, str) else None
    if client is None:
        raise NotFound(_("No such client."))
    if audited:
        audit.record(session, audit.READ, client, user_id=user_id, via=via)
    return client
