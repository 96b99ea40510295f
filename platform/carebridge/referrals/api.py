"""The referrals API (``/api/v1``): a client's matches and referrals, making a referral and
moving it through its statuses. Other agencies get 404 for every one of them; an agency that
received a referral in its inbox reads and moves it with only what the consent shared."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, g, request

from carebridge.api.blueprint import json_body
from carebridge.auth.access import caller, current_user, requires
from carebridge.clients.service import get_client
from carebridge.db import get_session
from carebridge.errors import InvalidInput, Problem
from carebridge.forms.service import today
from carebridge.i18n import _
from carebridge.referrals import consent as consents
from carebridge.referrals import matches as client_matches
from carebridge.referrals import service
from carebridge.referrals.models import Referral
from carebridge.referrals.service import Viewer

bp = Blueprint("referrals_api", __name__, url_prefix="/api/v1")


def viewer() -> Viewer:
    user = current_user()
    return Viewer(user.id, user.agency_id, g.via)


def referral_json(referral: Referral, who: Viewer) -> dict:
    """A referral as the API shows it; a receiving agency sees ``client`` as shared only."""
    session = get_session()
    received = service.is_received(referral, who)
    found = {
        "id": referral.id,
        "status": referral.status,
        "service": {"id": referral.service_id, "location_id": referral.location_id,
                    **referral.service},
        "needs": list(referral.needs),
        "note": referral.note,
        "urgency": referral.urgency,
        "follow_up_on": referral.follow_up_on.isoformat() if referral.follow_up_on else None,
        "outcome": referral.outcome,
        "outcome_reason": referral.outcome_reason,
        "overdue": service.is_overdue(referral, today()),
        "created_at": referral.created_at.isoformat(),
        "sent_at": referral.sent_at.isoformat() if referral.sent_at else None,
        "updated_at": referral.updated_at.isoformat(),
        "receiving_agency": service.agency_name(session, referral.receiving_agency_id) or None,
        "next_statuses": sorted(service.next_statuses(referral, who)),
        "history": [
            {"status": event.status, "outcome": event.outcome, "note": event.note,
             "at": event.at.isoformat(),
             "agency": service.agency_name(session, event.actor_agency_id)}
            for event in service.history(session, referral)
        ],
    }
    if received:
        found["client"] = referral.shared
        found["sending_agency"] = service.agency_name(session, referral.agency_id)
    else:
        found["client_id"] = referral.client_id
        found["consent_submission_id"] = referral.consent_submission_id
    return found


@bp.get("/clients/<client_id>/matches")
@requires("referrals.read")
def client_matches_json(client_id: str):
    session = get_session()
    client = get_client(session, client_id, user_id=caller().id, via=g.via)
    found = client_matches.client_matches(
        session, client, limit=10, radius_km=client_matches.radius(request.args.get("radius_km")))
    return {"needs": [
        {"code": item.need.code, "label": item.need.label, "need_id": item.need.id,
         "results": [client_matches.match_json(m, card) for m, card in item.matches]}
        for item in found
    ]}


@bp.get("/clients/<client_id>/referrals")
@requires("referrals.read")
def client_referrals(client_id: str):
    session = get_session()
    who = viewer()
    client = get_client(session, client_id, user_id=who.user_id, via=g.via)
    return {"referrals": [referral_json(r, who)
                          for r in service.client_referrals(session, client.id)]}


def _date(body: dict, key: str) -> date | None:
    value = body.get(key)
    if value is None:
        return None
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        pass
    raise InvalidInput(_("The referral has problems; nothing was saved."),
                       [Problem(f"/{key}", _("A date (YYYY-MM-DD)."))])


def _text(body: dict, key: str, limit: int = 4000) -> str:
    value = body.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > limit:
        raise InvalidInput(_("The request has problems."),
                           [Problem(f"/{key}", _("Text of at most %(n)d characters.", n=limit))])
    return value


@bp.post("/referrals")
@requires("referrals.manage")
def create():
    body = json_body()
    session = get_session()
    who = viewer()
    problems = []
    for key in ("client_id", "service_id"):
        if not isinstance(body.get(key), str) or not body[key]:
            problems.append(Problem(f"/{key}", _("Required.")))
    needs = body.get("needs", [])
    if not isinstance(needs, list):
        problems.append(Problem("/needs", _("A list of need codes.")))
    status = body.get("status", "sent")
    if status not in ("sent", "draft"):
        problems.append(Problem("/status", _("A new referral is sent or a draft.")))
    if problems:
        raise InvalidInput(_("The referral has problems; nothing was saved."), problems)
    client = get_client(session, body["client_id"], user_id=who.user_id, via=g.via)
    referral = service.create_referral(
        session, client, service_id=body["service_id"], viewer=who, today=today(),
        location_id=body.get("location_id") if isinstance(body.get("location_id"), str) else None,
        needs=needs, note=_text(body, "note"), urgency=body.get("urgency", "routine"),
        follow_up_on=_date(body, "follow_up_on"), send=status == "sent",
    )
    return referral_json(referral, who), 201


@bp.get("/referrals/<referral_id>")
@requires("referrals.read")
def get(referral_id: str):
    who = viewer()
    return referral_json(service.get_referral(get_session(), referral_id, who), who)


@bp.post("/referrals/<referral_id>/status")
@requires("referrals.manage")
def change_status(referral_id: str):
    body = json_body()
    session = get_session()
    who = viewer()
    referral = service.get_referral(session, referral_id, who)
    status = body.get("status")
    if not isinstance(status, str):
        raise InvalidInput(_("Say which status."), [Problem("/status", _("Required."))])
    outcome = body.get("outcome")
    service.change_status(session, referral, status, viewer=who, today=today(),
                          note=_text(body, "note"),
                          outcome=outcome if isinstance(outcome, str) else None,
                          reason=_text(body, "reason"))
    return referral_json(referral, who)


@bp.patch("/referrals/<referral_id>")
@requires("referrals.manage")
def update(referral_id: str):
    body = json_body()
    session = get_session()
    who = viewer()
    referral = service.get_referral(session, referral_id, who)
    follow_up_on = _date(body, "follow_up_on")
    if follow_up_on is None:
        raise InvalidInput(_("The referral has problems; nothing was saved."),
                           [Problem("/follow_up_on", _("A date (YYYY-MM-DD)."))])
    service.move_follow_up(session, referral, follow_up_on, viewer=who, today=today())
    return referral_json(referral, who)


@bp.get("/referrals/overdue")
@requires("referrals.read")
def overdue():
    who = viewer()
    return {"referrals": [referral_json(r, who)
                          for r in service.overdue(get_session(), today())]}


@bp.get("/referrals/inbox")
@requires("referrals.read")
def inbox():
    who = viewer()
    return {"referrals": [referral_json(r, who)
                          for r in service.inbox(get_session(), who.agency_id)]}


def consent_json(consent, today_: date) -> dict:
    withdrawal = consent.withdrawal
    return {
        "submission_id": consent.submission.id,
        "form": consent.title,
        "state": consent.state(today_),
        "signed_at": consent.submission.created_at.isoformat(),
        "expires_on": consent.expires_on.isoformat(),
        "allows_sharing": consent.allows_sharing(),
        "shared_information": sorted(consent.shared_information()),
        "withdrawn": {"at": withdrawal.at.isoformat(), "note": withdrawal.note}
        if withdrawal else None,
    }


@bp.get("/clients/<client_id>/consents")
@requires("referrals.read")
def client_consents(client_id: str):
    session = get_session()
    client = get_client(session, client_id, user_id=caller().id, via=g.via)
    now = today()
    return {"consents": [consent_json(c, now) for c in consents.consents(session, client.id)]}


@bp.post("/clients/<client_id>/consents/<submission_id>/withdraw")
@requires("referrals.manage")
def withdraw_consent(client_id: str, submission_id: str):
    body = json_body()
    session = get_session()
    who = viewer()
    client = get_client(session, client_id, user_id=who.user_id, via=g.via)
    consents.withdraw(session, client.id, submission_id, _text(body, "note"),
                      user_id=who.user_id, via=g.via)
    found = next(c for c in consents.consents(session, client.id)
                 if c.submission.id == submission_id)
    return consent_json(found, today())
