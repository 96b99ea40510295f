"""What a submission does for its client: an intake creates or updates the client record from
its answers (the definition's ``"client"`` mapping), and the definition's need rules add needs
to the client's file, each with the submission as its source."""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge import audit
from carebridge.assessments.needs import indicated_needs
from carebridge.assessments.scoring import Scoring
from carebridge.clients.duplicates import same_name
from carebridge.clients.mapping import client_values
from carebridge.clients.models import MERGED, Client
from carebridge.clients.needs import raise_needs
from carebridge.clients.service import clean_fields, get_client
from carebridge.errors import InvalidInput, NotFound, Problem
from carebridge.i18n import _

log = logging.getLogger(__name__)


def client_for(session: Session, client_id: object) -> Client:
    """The client a form is filled for (a merged record's survivor); ``InvalidInput`` naming
    ``/client_id`` when the agency has no such client."""
    try:
        client = get_client(session, client_id, user_id=None, audited=False)
    except NotFound:
        raise InvalidInput(_("No such client; nothing was saved."),
                           [Problem("/client_id", _("No client with this id."))]) from None
    while client.status == MERGED and client.merged_into_id:
        client = session.get(Client, client.merged_into_id)
    return client


def usable_values(values: dict, today: date | None) -> dict:
    """The mapped answers that make valid client fields; an answer that does not fit (the
    language "other", say) is left out rather than refusing the submission."""
    kept = {}
    for name, value in values.items():
        try:
            kept.update(clean_fields({name: value}, creating=False, today=today))
        except InvalidInput:
            log.info("intake answer not used for the client", extra={"field": name})
    return kept


def same_person(session: Session, values: dict) -> Client | None:
    """The one client with exactly this name and date of birth, if there is one."""
    born = values.get("birth_date")
    if born is None:
        return None
    candidates = [c for c in session.scalars(select(Client).where(
        Client.birth_date == born, Client.status != MERGED).order_by(Client.created_at))
        if same_name(values.get("given_name", ""), values.get("family_name", ""),
                     c.given_name, c.family_name)]
    return candidates[0] if len(candidates) == 1 else None


def attach(session: Session, submission, version, scoring: Scoring, *,
           client: Client | None, user_id: int | None, via: str,
           today: date | None = None) -> Client | None:
    """Give ``submission`` its client — the one it was filled for, or for an intake the
    client its answers name (updated) or a new one — then add the needs its rules indicate."""
    definition = version.document
    values = usable_values(client_values(definition, submission.data), today)
    if client is not None:
        if values:
            _update(session, client, values, user_id=user_id, via=via)
    elif values.get("given_name"):
        client = same_person(session, values)
        if client is not None:
            _update(session, client, values, user_id=user_id, via=via)
        else:
            client = Client(**values, created_by_id=user_id)
            session.add(client)
            session.flush()
            audit.record(session, audit.CREATE, client, user_id=user_id, via=via,
                         detail={"from_submission": submission.id})
    if client is None:
        return None
    submission.client_id = client.id
    session.flush()
    raise_needs(session, client, submission, indicated_needs(definition, submission.data, scoring),
                user_id=user_id, via=via)
    return client


def _update(session: Session, client: Client, values: dict, *, user_id, via) -> None:
    changed = [name for name, value in values.items() if getattr(client, name) != value]
    for name in changed:
        setattr(client, name, values[name])
    if changed:
        session.flush()
        audit.record(session, audit.UPDATE, client, user_id=user_id, via=via,
                     detail={"fields": changed, "from": "intake"})
