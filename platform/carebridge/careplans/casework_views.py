"""Casework pages: a client's case notes (write, correct, amend), care team, handouts (print in
the client's language, record as given) and reminders (consent, send)."""

from __future__ import annotations

from flask import Blueprint, abort, g, request, url_for

from carebridge.auth.access import current_user, requires
from carebridge.auth.models import User
from carebridge.auth.roles import can
from carebridge.careplans import appointments, care_team, handouts, notes, reminders
from carebridge.careplans.casework import (
    CONTACT_METHODS,
    CONTACT_OUTCOMES,
    NOTE_KINDS,
    SHARE_TOPICS,
    TEAM_KINDS,
)
from carebridge.careplans.views import client_url
from carebridge.careplans.wording import (
    CONTACT_METHOD_LABELS,
    CONTACT_OUTCOME_LABELS,
    NOTE_KIND_LABELS,
    SHARE_LABELS,
    TEAM_KIND_LABELS,
)
from carebridge.clients.models import OPEN_NEED_STATUSES, ClientNeed
from carebridge.clients.service import get_client
from carebridge.db import get_session
from carebridge.errors import InvalidInput
from carebridge.http import render_page, see_other

bp = Blueprint("casework", __name__)


def _client(client_id: str):
    return get_client(get_session(), client_id, user_id=current_user().id, via=g.via)


def _manage() -> None:
    if not can(current_user().role, "care_plans.manage"):
        abort(403)


def _errors(exc):
    return {p.pointer: p.message for p in exc.problems} if exc else {}


@bp.route("/clients/<client_id>/notes", methods=["GET", "POST"])
@requires("care_plans.read")
def client_notes(client_id: str):
    session = get_session()
    client = _client(client_id)
    error, failed = None, None
    if request.method == "POST":
        _manage()
        try:
            notes.write(session, client, request.form.to_dict(), user=current_user())
        except InvalidInput as exc:
            error = exc
        else:
            return see_other(url_for("casework.client_notes", client_id=client.id))
    return _notes_page(client, error, failed)


def _notes_page(client, error=None, failed=None):
    session = get_session()
    return render_page(
        "careplans/notes.html", status=422 if error else 200, client=client,
        notes=notes.notes_of(session, client), error=error, errors=_errors(error),
        failed=failed, editable=lambda note: notes.editable(note, current_user()),
        kinds=NOTE_KINDS, kind_labels=NOTE_KIND_LABELS, methods=CONTACT_METHODS,
        method_labels=CONTACT_METHOD_LABELS, outcomes=CONTACT_OUTCOMES,
        outcome_labels=CONTACT_OUTCOME_LABELS, client_url=client_url, form=request.form)


@bp.post("/notes/<note_id>")
@requires("care_plans.manage")
def change_note(note_id: str):
    session = get_session()
    note = notes.get_note(session, note_id)
    client = _client(note.client_id)
    try:
        notes.change(session, note, request.form.to_dict(), user=current_user())
    except InvalidInput as exc:
        return _notes_page(client, exc, note.id)
    return see_other(url_for("casework.client_notes", client_id=client.id) + f"#note-{note.id}")


@bp.route("/clients/<client_id>/care-team", methods=["GET", "POST"])
@requires("care_plans.read")
def client_team(client_id: str):
    session = get_session()
    client = _client(client_id)
    error = None
    if request.method == "POST":
        _manage()
        data = request.form.to_dict()
        data["may_share"] = request.form.getlist("may_share")
        try:
            care_team.add_member(session, client, data, user=current_user())
        except InvalidInput as exc:
            error = exc
        else:
            return see_other(url_for("casework.client_team", client_id=client.id))
    workers = session.query(User).filter(User.is_active.is_(True)).order_by(User.email).all()
    return render_page("careplans/care_team.html", status=422 if error else 200, client=client,
                       members=care_team.team_of(session, client), error=error,
                       errors=_errors(error), kinds=TEAM_KINDS, kind_labels=TEAM_KIND_LABELS,
                       topics=SHARE_TOPICS, topic_labels=SHARE_LABELS, workers=workers,
                       client_url=client_url)


@bp.post("/care-team/<member_id>/remove")
@requires("care_plans.manage")
def remove_member(member_id: str):
    member = care_team.remove(get_session(), member_id, user=current_user())
    return see_other(url_for("casework.client_team", client_id=member.client_id))


@bp.get("/clients/<client_id>/handouts")
@requires("care_plans.read")
def client_handouts(client_id: str):
    session = get_session()
    client = _client(client_id)
    open_codes = [need.code for need in session.query(ClientNeed).filter(
        ClientNeed.client_id == client.id, ClientNeed.status.in_(OPEN_NEED_STATUSES))]
    suggested = handouts.for_needs(open_codes)
    others = [h for h in handouts.library().values() if h not in suggested]
    return render_page("careplans/handouts.html", client=client, suggested=suggested,
                       others=others, given=handouts.given_to(session, client),
                       library=handouts.library(), client_url=client_url)


@bp.get("/clients/<client_id>/handouts/<handout_id>/print")
@requires("care_plans.read")
def print_handout(client_id: str, handout_id: str):
    client = _client(client_id)
    handout = handouts.get_handout(handout_id)
    language = handout.language_for(request.args.get("lang") or client.preferred_language)
    return render_page("careplans/handout_print.html", client=client, handout=handout,
                       language=language)


@bp.post("/clients/<client_id>/handouts/<handout_id>/give")
@requires("care_plans.manage")
def give_handout(client_id: str, handout_id: str):
    client = _client(client_id)
    handouts.give(get_session(), client, handouts.get_handout(handout_id), user=current_user(),
                  language=request.form.get("language") or None)
    return see_other(url_for("casework.client_handouts", client_id=client.id))


@bp.post("/clients/<client_id>/reminder-consent")
@requires("care_plans.manage")
def reminder_consent(client_id: str):
    client = _client(client_id)
    reminders.record_consent(get_session(), client, request.form.get("channel", "email"),
                             request.form.get("agreed") == "1", user=current_user())
    return see_other(url_for("careplans.client_appointments", client_id=client.id) +
                     "#reminders")


@bp.post("/appointments/<appointment_id>/remind")
@requires("care_plans.manage")
def remind(appointment_id: str):
    session = get_session()
    appointment = appointments.get_appointment(session, appointment_id)
    reminders.send_reminder(session, appointment, user=current_user(),
                            channel=request.form.get("channel", "email"))
    return see_other(url_for("careplans.client_appointments", client_id=appointment.client_id)
                     + "#reminders")


@bp.post("/tasks/<task_id>/remind")
@requires("care_plans.manage")
def remind_task(task_id: str):
    from carebridge.careplans.tasks import get_task

    session = get_session()
    task = get_task(session, task_id)
    reminders.send_task_reminder(session, task, user=current_user())
    back = (url_for("careplans.show", plan_id=task.plan_id) + "#tasks" if task.plan_id
            else url_for("careplans.my_tasks"))
    return see_other(back)
