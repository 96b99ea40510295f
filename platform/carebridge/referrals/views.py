"""Referral pages: a client's matches and referrals, making a referral, one referral (status,
history, letter, text message), the overdue list, the inbox of referrals from other agencies,
withdrawing a consent, and the admin page of organizations that are this agency."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, g, request, url_for

from carebridge.agencies import Agency
from carebridge.auth.access import current_user, requires
from carebridge.clients.service import get_client
from carebridge.db import get_session
from carebridge.directory.records import service_record
from carebridge.errors import Conflict, InvalidInput, NotFound, Problem
from carebridge.forms.service import today
from carebridge.http import is_htmx, render_page, see_other
from carebridge.i18n import _
from carebridge.referrals import consent as consents
from carebridge.referrals import letters, partners, service, wording
from carebridge.referrals import matches as client_matches
from carebridge.referrals.models import OUTCOMES, URGENCIES
from carebridge.referrals.needs import open_needs
from carebridge.referrals.service import (
    OUTCOME_LABELS,
    STATUS_LABELS,
    URGENCY_LABELS,
    Viewer,
)

bp = Blueprint("referrals", __name__)
#: The distances the matches page offers (km).
RADII = ("5", "10", "25", "50")


def viewer() -> Viewer:
    user = current_user()
    return Viewer(user.id, user.agency_id, g.via)


def labels() -> dict:
    return {"status_labels": STATUS_LABELS, "outcome_labels": OUTCOME_LABELS,
            "urgency_labels": URGENCY_LABELS, "today": today(),
            "explain": wording.explanation}


# A client's matches and referrals ---------------------------------------------------------


@bp.get("/clients/<client_id>/matches")
@requires("referrals.read")
def matches(client_id: str):
    session = get_session()
    client = get_client(session, client_id, user_id=current_user().id, via=g.via)
    code = request.args.get("need") or None
    within = request.args.get("radius_km", "")
    try:
        found = client_matches.client_matches(session, client, limit=10, code=code,
                                              radius_km=client_matches.radius(within))
    except InvalidInput as exc:
        return render_page("referrals/matches.html", "referrals/_matches.html", status=422,
                           client=client, needs=[], error=exc.message, within=within,
                           radii=RADII, **labels())
    return render_page("referrals/matches.html", "referrals/_matches.html", client=client,
                       needs=found, within=within, radii=RADII, **labels())


@bp.get("/clients/<client_id>/referrals")
@requires("referrals.read")
def client_referrals(client_id: str):
    session = get_session()
    client = get_client(session, client_id, user_id=current_user().id, via=g.via)
    return render_page("referrals/client_referrals.html", "referrals/_client_referrals.html",
                       client=client, **referrals_context(client), **labels())


def referrals_context(client) -> dict:
    session = get_session()
    now = today()
    found = consents.consents(session, client.id)
    referrals = service.client_referrals(session, client.id)
    return {
        "referrals": referrals,
        "overdue_ids": {r.id for r in referrals if service.is_overdue(r, now)},
        "consents": [(c, c.state(now)) for c in found],
        "valid_consent": next((c for c in found if c.state(now) == consents.VALID), None),
        "consent_url": consents.consent_form_url(session, client.id),
    }


@bp.route("/clients/<client_id>/referrals/new", methods=["GET", "POST"])
@requires("referrals.manage")
def new(client_id: str):
    session = get_session()
    who = viewer()
    client = get_client(session, client_id, user_id=who.user_id, via=g.via)
    source = request.form if request.method == "POST" else request.args
    service_id = source.get("service_id", "")
    error, problems, status = None, {}, 200
    if request.method == "POST":
        try:
            referral = service.create_referral(
                session, client, service_id=service_id, viewer=who, today=today(),
                location_id=source.get("location_id") or None,
                needs=source.getlist("needs"), note=source.get("note", ""),
                urgency=source.get("urgency", "routine"),
                follow_up_on=_date(source.get("follow_up_on")),
                send=source.get("action") != "draft",
            )
        except Conflict as exc:
            error, status = exc.message, 409
        except InvalidInput as exc:
            error, status = exc.message, 422
            problems = {p.pointer.strip("/").split("/")[0]: p.message for p in exc.problems}
        else:
            return see_other(url_for("referrals.show", referral_id=referral.id))
    try:
        record = service_record(session, service_id) if service_id else None
    except NotFound:
        record = None
    chosen = source.getlist("needs") or ([source["need"]] if source.get("need") else [])
    return render_page(
        "referrals/new.html", client=client, record=record, service_id=service_id,
        needs=open_needs(session, client.id), chosen=chosen,
        form=source, error=error, problems=problems, urgencies=URGENCIES,
        consent_url=consents.consent_form_url(session, client.id),
        valid_consent=consents.valid_consent(session, client.id, today()),
        status=status, **labels(),
    )


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(_("The referral has problems; nothing was saved."),
                           [Problem("/follow_up_on", _("A date (YYYY-MM-DD)."))]) from None


# One referral ------------------------------------------------------------------------------


def referral_context(referral, who: Viewer) -> dict:
    session = get_session()
    received = service.is_received(referral, who)
    return {
        "referral": referral,
        "received": received,
        "history": service.history(session, referral),
        "agency_names": {a.id: a.name for a in session.query(Agency)},
        "next_statuses": [s for s in STATUS_LABELS if s in service.next_statuses(referral, who)],
        "outcomes": OUTCOMES,
        "overdue": service.is_overdue(referral, today()),
        "receiving_agency": service.agency_name(session, referral.receiving_agency_id),
        "sending_agency": service.agency_name(session, referral.agency_id),
    }


@bp.get("/referrals/<referral_id>")
@requires("referrals.read")
def show(referral_id: str):
    who = viewer()
    referral = service.get_referral(get_session(), referral_id, who)
    return render_page("referrals/referral.html", "referrals/_status.html",
                       **referral_context(referral, who), **labels())


@bp.post("/referrals/<referral_id>/status")
@requires("referrals.manage")
def change_status(referral_id: str):
    session = get_session()
    who = viewer()
    referral = service.get_referral(session, referral_id, who)
    form = request.form
    error, status = None, 200
    try:
        service.change_status(session, referral, form.get("status", ""), viewer=who,
                              today=today(), note=form.get("note", ""),
                              outcome=form.get("outcome") or None,
                              reason=form.get("reason", ""))
    except Conflict as exc:
        error, status = exc.message, 409
    except InvalidInput as exc:
        error, status = exc.message + " " + " ".join(p.message for p in exc.problems), 422
    if error is None and not is_htmx():
        return see_other(url_for("referrals.show", referral_id=referral.id))
    return render_page("referrals/referral.html", "referrals/_status.html", status=status,
                       error=error, **referral_context(referral, who), **labels())


@bp.post("/referrals/<referral_id>/follow-up")
@requires("referrals.manage")
def move_follow_up(referral_id: str):
    session = get_session()
    who = viewer()
    referral = service.get_referral(session, referral_id, who)
    error, status = None, 200
    try:
        day = _date(request.form.get("follow_up_on"))
        if day is None:
            raise InvalidInput(_("The referral has problems; nothing was saved."),
                               [Problem("/follow_up_on", _("A date (YYYY-MM-DD)."))])
        service.move_follow_up(session, referral, day, viewer=who, today=today())
    except Conflict as exc:
        error, status = exc.message, 409
    except InvalidInput as exc:
        error, status = exc.message + " " + " ".join(p.message for p in exc.problems), 422
    if error is None and not is_htmx():
        return see_other(url_for("referrals.show", referral_id=referral.id))
    return render_page("referrals/referral.html", "referrals/_status.html", status=status,
                       error=error, **referral_context(referral, who), **labels())


@bp.post("/referrals/<referral_id>/notes")
@requires("referrals.manage")
def add_note(referral_id: str):
    session = get_session()
    who = viewer()
    referral = service.get_referral(session, referral_id, who)
    try:
        service.add_note(session, referral, request.form.get("note", ""), viewer=who)
    except InvalidInput as exc:
        return render_page("referrals/referral.html", "referrals/_status.html", status=422,
                           error=exc.message, **referral_context(referral, who), **labels())
    if is_htmx():
        return render_page("referrals/referral.html", "referrals/_status.html",
                           **referral_context(referral, who), **labels())
    return see_other(url_for("referrals.show", referral_id=referral.id))


@bp.get("/referrals/<referral_id>/letter")
@requires("referrals.read")
def letter(referral_id: str):
    who = viewer()
    referral = service.get_referral(get_session(), referral_id, who)
    if service.is_received(referral, who):
        abort(404)  # the letter is the sender's, for their client
    with letters.in_clients_language(referral):
        return render_page("referrals/letter.html", **letters.letter_context(referral))


@bp.get("/referrals/<referral_id>/text")
@requires("referrals.read")
def text_message(referral_id: str):
    who = viewer()
    referral = service.get_referral(get_session(), referral_id, who)
    if service.is_received(referral, who):
        abort(404)
    with letters.in_clients_language(referral):
        message = letters.text_message(referral)
    return render_page("referrals/text.html", referral=referral, message=message)


# Lists -------------------------------------------------------------------------------------


@bp.get("/referrals/overdue")
@requires("referrals.read")
def overdue():
    found = service.overdue(get_session(), today())
    return render_page("referrals/overdue.html", referrals=found, **labels())


@bp.get("/referrals/inbox")
@requires("referrals.read")
def inbox():
    who = viewer()
    session = get_session()
    found = service.inbox(session, who.agency_id)
    names = {a.id: a.name for a in session.query(Agency)}
    return render_page("referrals/inbox.html", referrals=found, agency_names=names, **labels())


# Consent -----------------------------------------------------------------------------------


@bp.post("/clients/<client_id>/consents/<submission_id>/withdraw")
@requires("referrals.manage")
def withdraw_consent(client_id: str, submission_id: str):
    session = get_session()
    who = viewer()
    client = get_client(session, client_id, user_id=who.user_id, via=g.via)
    try:
        consents.withdraw(session, client.id, submission_id, request.form.get("note", ""),
                          user_id=who.user_id, via=g.via)
    except (InvalidInput, Conflict) as exc:
        return render_page("referrals/client_referrals.html", "referrals/_client_referrals.html",
                           status=exc.status, client=client, error=exc.message,
                           **referrals_context(client), **labels())
    if is_htmx():
        return render_page("referrals/client_referrals.html", "referrals/_client_referrals.html",
                           client=client, **referrals_context(client), **labels())
    return see_other(url_for("referrals.client_referrals", client_id=client.id))


# Organizations that are this agency --------------------------------------------------------


@bp.route("/agency/partner-organizations", methods=["GET", "POST"])
@requires("partners.manage")
def partner_organizations():
    session = get_session()
    user = current_user()
    error, status = None, 200
    if request.method == "POST":
        try:
            if request.form.get("remove"):
                partners.unlink(session, user.agency_id, int(request.form["remove"]))
            else:
                partners.link(session, user.agency_id, request.form.get("organization_id", ""),
                              user_id=user.id)
        except (InvalidInput, Conflict) as exc:
            error, status = exc.message, exc.status
        except ValueError:
            abort(404)
        else:
            return see_other(url_for("referrals.partner_organizations"))
    query = request.args.get("q", "")
    return render_page(
        "referrals/partners.html", status=status, error=error, query=query,
        linked=partners.organizations_of(session, user.agency_id),
        found=partners.find_organizations(session, query),
    )
