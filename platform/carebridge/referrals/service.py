"""Referrals as a service: make one (only with consent on file), move it through its statuses
by the transition table, and read it — as the sending agency, or as the partner agency whose
inbox it reached (which sees only what the consent allows).

Every change is a ``ReferralEvent`` (who, when, note) and an audit event. A referral that is
sent marks the needs it answers referred; completed with ``got_help``, met.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, raiseload

from carebridge import audit
from carebridge.agencies import Agency
from carebridge.assessments.vocabulary import NeedsVocabulary
from carebridge.clients.models import IDENTIFIED, MET, REFERRED, Client, ClientNeed
from carebridge.clients.needs import vocabulary
from carebridge.db import utcnow
from carebridge.directory.records import service_record
from carebridge.errors import Conflict, InvalidInput, NotFound, Problem
from carebridge.i18n import _, lazy_gettext
from carebridge.referrals import consent as consents
from carebridge.referrals import follow_ups, partners
from carebridge.referrals import needs as client_needs
from carebridge.referrals.models import (
    ACCEPTED,
    CANCELLED,
    COMPLETED,
    DECLINED,
    DID_NOT_GET_HELP,
    DRAFT,
    GOT_HELP,
    IN_PROGRESS,
    OPEN_STATUSES,
    OUTCOMES,
    SENT,
    URGENCIES,
    Referral,
    ReferralEvent,
)
from carebridge.tenancy import ALL_AGENCIES, set_tenant, tenant_of
from resource_directory.models import RequiredDocument

log = logging.getLogger(__name__)

#: From each status, the statuses a referral may move to; anything else is refused (409).
TRANSITIONS: dict[str, frozenset[str]] = {
    DRAFT: frozenset({SENT, CANCELLED}),
    SENT: frozenset({ACCEPTED, DECLINED, IN_PROGRESS, COMPLETED, CANCELLED}),
    ACCEPTED: frozenset({IN_PROGRESS, COMPLETED, CANCELLED}),
    IN_PROGRESS: frozenset({COMPLETED, CANCELLED}),
    DECLINED: frozenset(),
    COMPLETED: frozenset(),
    CANCELLED: frozenset(),
}
#: When a partner agency receives the referral, these are theirs to record…
RECEIVER_STATUSES = frozenset({ACCEPTED, DECLINED, IN_PROGRESS, COMPLETED})
#: …and these the sender's.
SENDER_STATUSES = frozenset({SENT, CANCELLED})

STATUS_LABELS = {
    DRAFT: lazy_gettext("draft"),
    SENT: lazy_gettext("sent"),
    ACCEPTED: lazy_gettext("accepted"),
    DECLINED: lazy_gettext("declined"),
    IN_PROGRESS: lazy_gettext("in progress"),
    COMPLETED: lazy_gettext("completed"),
    CANCELLED: lazy_gettext("cancelled"),
}
OUTCOME_LABELS = {
    GOT_HELP: lazy_gettext("got help"),
    DID_NOT_GET_HELP: lazy_gettext("did not get help"),
}
URGENCY_LABELS = {
    "routine": lazy_gettext("routine"),
    "soon": lazy_gettext("soon"),
    "urgent": lazy_gettext("urgent"),
}
#: Days until the follow-up, by urgency, when none is given.
FOLLOW_UP_DAYS = {"routine": 14, "soon": 7, "urgent": 2}
CREATED = "created"


@dataclass(frozen=True)
class Viewer:
    """Who is acting: the user and their agency (the tenant of the session)."""

    user_id: int | None
    agency_id: int
    via: str = "web"


# Reading ---------------------------------------------------------------------------------


def get_referral(session: Session, referral_id: str, viewer: Viewer) -> Referral:
    """A referral the viewer's agency sent (read audited) or received in its inbox (with the
    client not loaded: the inbox shows ``shared`` only); ``NotFound`` for everyone else."""
    if not isinstance(referral_id, str) or len(referral_id) > 32:
        raise NotFound(_("No such referral."))
    own = session.get(Referral, referral_id)
    if own is not None:
        audit.record(session, audit.READ, own, user_id=viewer.user_id, via=viewer.via)
        return own
    received = session.scalar(
        select(Referral).where(Referral.id == referral_id,
                               Referral.receiving_agency_id == viewer.agency_id,
                               Referral.status != DRAFT)
        .options(raiseload(Referral.client))
        .execution_options(include_all_agencies=True)
    )
    if received is None:
        raise NotFound(_("No such referral."))
    # The receiving agency's read is in its own audit log (the referral is the sender's row).
    session.add(audit.AuditEvent(action=audit.READ, object_type="Referral",
                                 object_id=received.id, user_id=viewer.user_id, via=viewer.via,
                                 detail={"received_from": received.agency_id},
                                 agency_id=viewer.agency_id))
    return received


def is_received(referral: Referral, viewer: Viewer) -> bool:
    return referral.agency_id != viewer.agency_id


def client_referrals(session: Session, client_id: str) -> list[Referral]:
    return list(session.scalars(
        select(Referral).where(Referral.client_id == client_id)
        .order_by(Referral.created_at.desc(), Referral.id)
    ))


def overdue(session: Session, today: date) -> list[Referral]:
    """Open referrals whose follow-up date has passed with no update since it."""
    found = session.scalars(
        select(Referral).where(Referral.status.in_(OPEN_STATUSES),
                               Referral.follow_up_on.is_not(None),
                               Referral.follow_up_on < today)
        .order_by(Referral.follow_up_on, Referral.id)
    )
    return [r for r in found if is_overdue(r, today)]


def is_overdue(referral: Referral, today: date) -> bool:
    """Still open, past its follow-up date, and nothing recorded since that date."""
    return (referral.status in OPEN_STATUSES and referral.follow_up_on is not None
            and referral.follow_up_on < today
            and referral.updated_at.date() <= referral.follow_up_on)


def next_statuses(referral: Referral, viewer: Viewer) -> set[str]:
    """The statuses this viewer may move the referral to now."""
    allowed = set(TRANSITIONS[referral.status])
    if is_received(referral, viewer):
        return allowed & RECEIVER_STATUSES
    if referral.receiving_agency_id is not None:
        return allowed & SENDER_STATUSES
    return allowed


def inbox(session: Session, agency_id: int, *, open_only: bool = False) -> list[Referral]:
    """Referrals other agencies sent to this one's services, newest first."""
    statuses = OPEN_STATUSES if open_only else tuple(s for s in TRANSITIONS if s != DRAFT)
    return list(session.scalars(
        select(Referral).where(Referral.receiving_agency_id == agency_id,
                               Referral.agency_id != agency_id,
                               Referral.status.in_(statuses))
        .order_by(Referral.sent_at.desc(), Referral.id)
        .options(raiseload(Referral.client))
        .execution_options(include_all_agencies=True)
    ))


def history(session: Session, referral: Referral) -> list[ReferralEvent]:
    return list(session.scalars(
        select(ReferralEvent).where(ReferralEvent.referral_id == referral.id)
        .order_by(ReferralEvent.id)
        .execution_options(include_all_agencies=True)
    ))


def agency_name(session: Session, agency_id: int | None) -> str:
    agency = session.get(Agency, agency_id) if agency_id else None
    return agency.name if agency else ""


# Making one ------------------------------------------------------------------------------


def create_referral(
    session: Session,
    client: Client,
    *,
    service_id: str,
    viewer: Viewer,
    today: date,
    location_id: str | None = None,
    needs: list[str] | None = None,
    note: str = "",
    urgency: str = "routine",
    follow_up_on: date | None = None,
    send: bool = True,
) -> Referral:
    """Refer ``client`` to a directory service: sent at once (or kept as a draft). Refused
    (``Conflict``) without a valid consent; a partner agency's service needs a consent that
    allows sharing."""
    problems = []
    try:
        record = service_record(session, service_id) if isinstance(service_id, str) else None
    except NotFound:
        record = None
    if record is None:
        problems.append(Problem("/service_id", _("No such service in the directory.")))
    codes = list(dict.fromkeys(needs or []))
    known = set(vocabulary(session).codes()) | {
        n.code for n in session.scalars(select(ClientNeed).where(
            ClientNeed.client_id == client.id))}
    for position, code in enumerate(codes):
        if not isinstance(code, str) or code not in known:
            problems.append(Problem(f"/needs/{position}", _("Not a need of this client.")))
    if urgency not in URGENCIES:
        problems.append(Problem("/urgency", _("Choose routine, soon or urgent.")))
    if follow_up_on is not None and follow_up_on < today:
        problems.append(Problem("/follow_up_on", _("The follow-up date is in the past.")))
    if problems:
        raise InvalidInput(_("The referral has problems; nothing was saved."), problems)
    consent = consents.require_consent(session, client.id, today)
    receiver = partners.receiving_agency(session, record.service.organization_id)
    if receiver is not None and receiver.id == viewer.agency_id:
        receiver = None  # a referral within the agency is its own to record
    if receiver is not None and not consent.allows_sharing():
        raise Conflict(_(
            "%(agency)s receives referrals through Carebridge, but this client's consent does "
            "not allow sharing their information with partners. Give the client the letter "
            "instead, or record a new consent.", agency=receiver.name))
    place = next((p for p in record.places if p.id == location_id), None) or (
        record.places[0] if record.places else None)
    referral = Referral(
        client_id=client.id,
        service_id=record.id,
        location_id=place.id if place else None,
        organization_id=record.service.organization_id,
        service=service_snapshot(session, record, place),
        needs=codes,
        note=(note or "").strip(),
        urgency=urgency,
        follow_up_on=follow_up_on or today + timedelta(days=FOLLOW_UP_DAYS[urgency]),
        status=DRAFT,
        consent_submission_id=consent.submission.id,
        receiving_agency_id=receiver.id if receiver else None,
        created_by_id=viewer.user_id,
    )
    session.add(referral)
    session.flush()
    _event(session, referral, CREATED, referral.note, viewer)
    audit.record(session, audit.CREATE, referral, user_id=viewer.user_id, via=viewer.via)
    log.info("referral created", extra={"referral_id": referral.id})
    if send:
        _send(session, referral, consent, viewer, referral.note)
    return referral


def service_snapshot(session: Session, record, place) -> dict:
    """What the letter prints about the service, kept as it was when the referral was made."""
    documents = session.scalars(
        select(RequiredDocument.document).where(RequiredDocument.service_id == record.id)
        .order_by(RequiredDocument.id)).all()
    service = record.service
    return {
        "name": record.name,
        "organization": record.organization_name,
        "address": place.address if place else "",
        "location_name": place.name if place else "",
        "phones": [phone.number for phone in record.phones],
        "hours": record.hours,
        "languages": record.languages,
        "documents": [d for d in documents if d],
        "how_to_apply": service.application_process or "",
        "fees": record.fees,
        "url": service.url or "",
        "email": service.email or "",
    }


def shared_with_partner(client: Client, consent: consents.Consent, codes: list[str],
                        needs: NeedsVocabulary) -> dict:
    """What a partner agency sees of the client: the name and the needs the referral answers,
    and contact details only when the consent lists them."""
    allowed = consent.shared_information()
    shared: dict = {
        "name": client.display_name,
        "needs": [{"code": code, "label": getattr(needs.get(code), "label", code)}
                  for code in codes],
        "preferred_language": client.preferred_language,
        "allowed": sorted(allowed),
    }
    if "contact" in allowed:
        shared["contact"] = {
            "birth_date": client.birth_date.isoformat() if client.birth_date else None,
            "phone": client.phone,
            "email": client.email,
            "address": ", ".join(p for p in (client.address_line1, client.city, client.state,
                                             client.postal_code) if p),
        }
    return shared


# Moving one ------------------------------------------------------------------------------


def change_status(
    session: Session,
    referral: Referral,
    status: str,
    *,
    viewer: Viewer,
    today: date,
    note: str = "",
    outcome: str | None = None,
    reason: str = "",
) -> Referral:
    """Move the referral to ``status`` if the transition table and the viewer's side allow
    it (``Conflict`` with a message otherwise); completing it needs an outcome."""
    note = (note or "").strip()
    reason = (reason or "").strip()
    if status not in TRANSITIONS:
        raise InvalidInput(_("Unknown status."), [Problem("/status", _("Not a referral status."))])
    allowed = TRANSITIONS[referral.status]
    if status not in allowed:
        raise Conflict(refusal(referral.status, status))
    received = is_received(referral, viewer)
    partner = referral.receiving_agency_id is not None
    if received and status not in RECEIVER_STATUSES:
        raise Conflict(_("Only the agency that sent this referral can mark it %(status)s.",
                         status=STATUS_LABELS[status]))
    if partner and not received and status in RECEIVER_STATUSES:
        receiver = agency_name(session, referral.receiving_agency_id)
        raise Conflict(_("%(agency)s receives this referral in its inbox and records whether "
                         "it is accepted and how it ended.", agency=receiver))
    if status == COMPLETED:
        if outcome not in OUTCOMES:
            raise InvalidInput(_("Say whether the client got help."),
                               [Problem("/outcome", _("Choose got help or did not get help."))])
        if outcome == DID_NOT_GET_HELP and not reason:
            raise InvalidInput(_("Say why the client did not get help."),
                               [Problem("/reason", _("A reason is required."))])
    elif outcome is not None:
        raise InvalidInput(_("Only a completed referral has an outcome."),
                           [Problem("/outcome", _("Leave the outcome out."))])
    if status == SENT:
        consent = consents.require_consent(session, referral.client_id, today)
        _send(session, referral, consent, viewer, note)
        return referral
    with _as_referrals_agency(session, received):
        referral.status = status
        referral.updated_at = utcnow()
        if status == COMPLETED:
            referral.outcome, referral.outcome_reason = outcome, reason
        _event(session, referral, status, note or reason, viewer, outcome=outcome)
        audit.record(session, audit.UPDATE, referral, user_id=viewer.user_id, via=viewer.via,
                     detail={"status": status, "outcome": outcome, "note": note,
                             "reason": reason})
        follow_ups.follow_up_changed(session, referral)
        if status == COMPLETED and outcome == GOT_HELP:
            client_needs.advance(session, referral.client_id, referral.needs, MET,
                                 _("Met: the client got help from %(service)s.",
                                   service=referral.service.get("name", "")), viewer.user_id,
                                 viewer.via)
        elif status in (DECLINED, CANCELLED, COMPLETED):
            # Nothing helped yet: a need no other open referral answers is to be met again.
            waiting = _answered_elsewhere(session, referral)
            client_needs.advance(session, referral.client_id,
                                 [code for code in referral.needs if code not in waiting],
                                 IDENTIFIED,
                                 _("Referral to %(service)s %(status)s.",
                                   service=referral.service.get("name", ""),
                                   status=STATUS_LABELS[status]), viewer.user_id, viewer.via)
    log.info("referral status changed", extra={"referral_id": referral.id, "status": status})
    return referral


def _answered_elsewhere(session: Session, referral: Referral) -> set[str]:
    """Need codes the client's other open referrals answer."""
    others = session.scalars(select(Referral).where(
        Referral.client_id == referral.client_id, Referral.id != referral.id,
        Referral.status.in_(OPEN_STATUSES)))
    return {code for other in others for code in other.needs}


def refusal(current: str, wanted: str) -> str:
    """Why a transition is refused, and what the referral can become instead."""
    allowed = sorted(TRANSITIONS[current], key=list(TRANSITIONS).index)
    said = _("A referral that is %(current)s cannot become %(wanted)s.",
             current=STATUS_LABELS[current], wanted=STATUS_LABELS[wanted])
    if not allowed:
        return f"{said} {_('It is closed.')}"
    return f"{said} " + _("It can become: %(allowed)s.",
                          allowed=", ".join(str(STATUS_LABELS[s]) for s in allowed))


def _send(session: Session, referral: Referral, consent: consents.Consent, viewer: Viewer,
          note: str) -> None:
    partner = referral.receiving_agency_id is not None
    if partner and not consent.allows_sharing():
        raise Conflict(_("This client's consent does not allow sharing their information "
                         "with partners."))
    referral.status = SENT
    referral.sent_at = referral.updated_at = utcnow()
    referral.consent_submission_id = consent.submission.id
    if partner:
        referral.shared = shared_with_partner(referral.client, consent, referral.needs,
                                              vocabulary(session))
    _event(session, referral, SENT, note, viewer)
    audit.record(session, audit.UPDATE, referral, user_id=viewer.user_id, via=viewer.via,
                 detail={"status": SENT, "note": note})
    client_needs.advance(session, referral.client_id, referral.needs, REFERRED,
                         _("Referred to %(service)s.", service=referral.service.get("name", "")),
                         viewer.user_id, viewer.via)
    follow_ups.follow_up_changed(session, referral)
    log.info("referral sent", extra={"referral_id": referral.id})


def move_follow_up(session: Session, referral: Referral, follow_up_on: date, *,
                   viewer: Viewer, today: date) -> Referral:
    """Move an open referral's follow-up to another day (its task moves with it); only the
    sending agency follows up, and not on a day already past."""
    if is_received(referral, viewer):
        raise Conflict(_("Only the agency that sent this referral follows it up."))
    if referral.status not in OPEN_STATUSES and referral.status != DRAFT:
        raise Conflict(_("A referral that is %(status)s has nothing to follow up.",
                         status=STATUS_LABELS[referral.status]))
    if follow_up_on < today:
        raise InvalidInput(_("The follow-up date is in the past."),
                           [Problem("/follow_up_on", _("The follow-up date is in the past."))])
    if follow_up_on == referral.follow_up_on:
        return referral
    before = referral.follow_up_on
    referral.follow_up_on = follow_up_on
    referral.updated_at = utcnow()
    note = _("Follow-up moved to %(day)s.", day=follow_up_on.isoformat())
    _event(session, referral, referral.status, note, viewer)
    audit.record(session, audit.UPDATE, referral, user_id=viewer.user_id, via=viewer.via,
                 detail={"follow_up_on": follow_up_on.isoformat(),
                         "was": before.isoformat() if before else None})
    follow_ups.follow_up_changed(session, referral, date_moved=True)
    return referral


def add_note(session: Session, referral: Referral, note: str, *, viewer: Viewer) -> None:
    """A follow-up note without a change of status (it counts as an update)."""
    note = (note or "").strip()
    if not note:
        raise InvalidInput(_("Write a note."), [Problem("/note", _("A note is required."))])
    with _as_referrals_agency(session, is_received(referral, viewer)):
        referral.updated_at = utcnow()
        _event(session, referral, referral.status, note, viewer)
        audit.record(session, audit.UPDATE, referral, user_id=viewer.user_id, via=viewer.via,
                     detail={"note": note})


def _event(session: Session, referral: Referral, status: str, note: str, viewer: Viewer,
           outcome: str | None = None) -> None:
    event = ReferralEvent(referral_id=referral.id, status=status, outcome=outcome, note=note,
                          user_id=viewer.user_id, actor_agency_id=viewer.agency_id)
    event.agency_id = referral.agency_id
    session.add(event)


@contextmanager
def _as_referrals_agency(session: Session, received: bool) -> Iterator[None]:
    """The one place a partner agency writes another agency's rows: the referral it received,
    its events and the needs it answers. Everything else stays scoped to the viewer's agency."""
    if not received:
        yield
        return
    tenant = tenant_of(session)
    session.flush()
    set_tenant(session, ALL_AGENCIES)
    try:
        yield
        session.flush()
    finally:
        set_tenant(session, tenant)


__all__ = ["ACCEPTED", "CANCELLED", "COMPLETED", "DECLINED", "IN_PROGRESS", "SENT", "Viewer",
           "change_status", "create_referral", "get_referral", "move_follow_up"]
