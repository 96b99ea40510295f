"""A client's needs: raised by a submission's need rules or by hand, then moved through their
statuses (identified → referred → met / declined / closed), every change kept as a NeedEvent.

Other features change a need's status through ``set_status`` (referrals mark needs referred,
then met when a referral helped); the agency's vocabulary is the shipped one plus its own needs.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge import audit
from carebridge.assessments.needs import IndicatedNeed
from carebridge.assessments.vocabulary import NeedsVocabulary, shipped_vocabulary
from carebridge.clients.models import (
    IDENTIFIED,
    NEED_STATUSES,
    OPEN_NEED_STATUSES,
    AgencyNeed,
    Client,
    ClientNeed,
    NeedEvent,
)
from carebridge.db import utcnow
from carebridge.errors import Conflict, InvalidInput, NotFound, Problem
from carebridge.i18n import _, lazy_gettext

STATUS_LABELS = {
    "identified": lazy_gettext("Identified"),
    "referred": lazy_gettext("Referred"),
    "met": lazy_gettext("Met"),
    "declined": lazy_gettext("Declined"),
    "closed": lazy_gettext("Closed"),
}
_CODE = re.compile(r"^[a-z][a-z0-9_]{1,63}$")


def agency_needs(session: Session) -> list[AgencyNeed]:
    return list(session.scalars(select(AgencyNeed).order_by(AgencyNeed.label)))


def vocabulary(session: Session) -> NeedsVocabulary:
    """The shipped needs vocabulary with the agency's own needs added."""
    own = agency_needs(session)
    if not own:
        return shipped_vocabulary()
    return shipped_vocabulary().extended({"version": "1", "needs": [
        {"code": need.code, "label": need.label,
         **({"description": need.description} if need.description else {}),
         **({"search_words": list(need.search_words)} if need.search_words else {})}
        for need in own
    ]})


def add_agency_need(session: Session, code: str, label: str, *, description: str = "",
                    search_words: list[str] | None = None, user_id: int | None,
                    via: str = "web") -> AgencyNeed:
    """Add a need to the agency's vocabulary (its rules and care managers may then use it)."""
    code, label = (code or "").strip().lower(), " ".join((label or "").split())
    found = []
    if not _CODE.match(code):
        found.append(Problem("/code", _("Lower-case letters, digits and _, starting with a "
                                        "letter (for example diapers).")))
    elif code in vocabulary(session):
        found.append(Problem("/code", _("'%(code)s' is already a need.", code=code)))
    if not label:
        found.append(Problem("/label", _("A label is needed.")))
    if found:
        raise InvalidInput(_("The need has problems; nothing was saved."), found)
    need = AgencyNeed(code=code, label=label[:300], description=(description or "").strip(),
                      search_words=[w.strip() for w in search_words or [] if w.strip()])
    session.add(need)
    session.flush()
    audit.record(session, audit.CREATE, need, user_id=user_id, via=via)
    return need


def needs_of(session: Session, client_id: str, *, open_only: bool = False) -> list[ClientNeed]:
    """The client's needs: open ones first, then by when they were identified."""
    query = select(ClientNeed).where(ClientNeed.client_id == client_id)
    if open_only:
        query = query.where(ClientNeed.status.in_(OPEN_NEED_STATUSES))
    found = list(session.scalars(query.order_by(ClientNeed.identified_at, ClientNeed.id)))
    return sorted(found, key=lambda need: not need.is_open)


def get_need(session: Session, client: Client, need_id: object) -> ClientNeed:
    need = session.get(ClientNeed, int(need_id)) if str(need_id).isdigit() else None
    if need is None or need.client_id != client.id:
        raise NotFound(_("No such need."))
    return need


def open_need(session: Session, client_id: str, code: str) -> ClientNeed | None:
    return session.scalar(select(ClientNeed).where(
        ClientNeed.client_id == client_id, ClientNeed.code == code,
        ClientNeed.status.in_(OPEN_NEED_STATUSES)))


def add_need(session: Session, client: Client, code: str, *, user_id: int | None,
             note: str = "", label: str | None = None, submission_id: str | None = None,
             via: str = "web") -> ClientNeed:
    """Add an open need of ``code`` (a vocabulary code) to the client; ``Conflict`` when one of
    that code is already open."""
    entry = vocabulary(session).get(code)
    if entry is None:
        raise InvalidInput(_("Choose a need from the list."),
                           [Problem("/code", _("'%(code)s' is not a known need.", code=code))])
    if open_need(session, client.id, code) is not None:
        raise Conflict(_("%(need)s is already an open need of this client.", need=entry.label))
    need = ClientNeed(client_id=client.id, code=code, label=label or entry.label,
                      note=(note or "").strip(), submission_id=submission_id,
                      created_by_id=user_id)
    session.add(need)
    session.flush()
    session.add(NeedEvent(need_id=need.id, status=IDENTIFIED, note=need.note, user_id=user_id,
                          agency_id=need.agency_id))
    audit.record(session, audit.CREATE, need, user_id=user_id, via=via)
    return need


def raise_needs(session: Session, client: Client, submission, indicated: list[IndicatedNeed],
                *, user_id: int | None, via: str = "web") -> list[ClientNeed]:
    """The needs a submission's rules indicated, added to its client, each with the
    submission as its source; a need already open is not repeated."""
    raised = []
    for found in indicated:
        if open_need(session, client.id, found.code) is not None:
            continue
        entry = vocabulary(session).get(found.code)
        raised.append(add_need(
            session, client, found.code, user_id=user_id, note=found.description,
            label=entry.label if entry else found.label, submission_id=submission.id, via=via,
        ))
    return raised


def set_status(session: Session, need: ClientNeed, status: str, *, user_id: int | None,
               note: str = "", via: str = "web") -> NeedEvent | None:
    """Move ``need`` to ``status``, kept as a NeedEvent and audited; None when it already has
    that status (and no note is given). Reopening a need is refused while another of the same
    code is open."""
    if status not in NEED_STATUSES:
        raise InvalidInput(_("Unknown status."), [Problem("/status", _(
            "One of: %(statuses)s.", statuses=", ".join(NEED_STATUSES)))])
    note = (note or "").strip()
    if status == need.status and not note:
        return None
    if status in OPEN_NEED_STATUSES and not need.is_open:
        other = open_need(session, need.client_id, need.code)
        if other is not None and other.id != need.id:
            raise Conflict(_("Another %(need)s need is open for this client.", need=need.label))
    before = need.status
    need.status = status
    if status != before:
        need.status_changed_at = utcnow()
    event = NeedEvent(need_id=need.id, status=status, note=note, user_id=user_id,
                      agency_id=need.agency_id)
    session.add(event)
    session.flush()
    audit.record(session, audit.UPDATE, need, user_id=user_id, via=via,
                 detail={"status": status, "was": before})
    return event


def history(session: Session, need: ClientNeed) -> list[NeedEvent]:
    return list(session.scalars(select(NeedEvent).where(NeedEvent.need_id == need.id)
                                .order_by(NeedEvent.at, NeedEvent.id)))


def events_of(session: Session, client_id: str) -> list[tuple[NeedEvent, ClientNeed]]:
    """Every status change of the client's needs (for the timeline)."""
    rows = session.execute(select(NeedEvent, ClientNeed).join(
        ClientNeed, ClientNeed.id == NeedEvent.need_id).where(ClientNeed.client_id == client_id))
    return [(event, need) for event, need in rows]


def need_json(need: ClientNeed) -> dict:
    return {"id": need.id, "code": need.code, "label": need.label, "status": need.status,
            "submission_id": need.submission_id, "note": need.note,
            "identified_at": need.identified_at.isoformat(),
            "status_changed_at": need.status_changed_at.isoformat()}
