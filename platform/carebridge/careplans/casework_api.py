"""The casework JSON API: case notes and their amendments, the care team, handouts given,
reminder consent and reminders sent."""

from __future__ import annotations

from flask import Blueprint, g

from carebridge.api.blueprint import json_body
from carebridge.auth.access import caller, current_user, requires
from carebridge.careplans import (
    appointments,
    care_team,
    handouts,
    notes,
    reminders,
    transitions,
)
from carebridge.clients.service import get_client
from carebridge.db import get_session
from carebridge.errors import InvalidInput, Problem
from carebridge.i18n import _

bp = Blueprint("casework_api", __name__, url_prefix="/api/v1")


def _client(client_id: str):
    return get_client(get_session(), client_id, user_id=caller().id, via=g.via)


@bp.get("/clients/<client_id>/notes")
@requires("care_plans.read")
def list_notes(client_id: str):
    return {"notes": [notes.as_json(n) for n in notes.notes_of(get_session(), _client(client_id))]}


@bp.post("/clients/<client_id>/notes")
@requires("care_plans.manage")
def write_note(client_id: str):
    note = notes.write(get_session(), _client(client_id), json_body(), user=current_user(),
                       via=g.via)
    return notes.as_json(note), 201


@bp.patch("/notes/<note_id>")
@requires("care_plans.manage")
def change_note(note_id: str):
    session = get_session()
    note = notes.change(session, notes.get_note(session, note_id), json_body(),
                        user=current_user(), via=g.via)
    return notes.as_json(note)


@bp.get("/clients/<client_id>/care-team")
@requires("care_plans.read")
def list_team(client_id: str):
    return {"members": [care_team.as_json(m)
                        for m in care_team.team_of(get_session(), _client(client_id))]}


@bp.post("/clients/<client_id>/care-team")
@requires("care_plans.manage")
def add_member(client_id: str):
    member = care_team.add_member(get_session(), _client(client_id), json_body(),
                                  user=current_user(), via=g.via)
    return care_team.as_json(member), 201


@bp.delete("/care-team/<member_id>")
@requires("care_plans.manage")
def remove_member(member_id: str):
    care_team.remove(get_session(), member_id, user=current_user(), via=g.via)
    return "", 204


@bp.get("/handouts")
@requires("care_plans.read")
def list_handouts():
    return {"handouts": [{"id": h.id, "needs": list(h.needs), "titles": h.titles,
                          "languages": h.languages} for h in handouts.library().values()]}


@bp.post("/clients/<client_id>/handouts")
@requires("care_plans.manage")
def give_handout(client_id: str):
    body = json_body()
    handout = handouts.get_handout(str(body.get("handout")))
    given = handouts.give(get_session(), _client(client_id), handout, user=current_user(),
                          language=body.get("language") if isinstance(body.get("language"), str)
                          else None, via=g.via)
    return {"id": given.id, "handout": given.handout, "language": given.language,
            "at": given.at.isoformat()}, 201


@bp.put("/clients/<client_id>/reminder-consent")
@requires("care_plans.manage")
def reminder_consent(client_id: str):
    body = json_body()
    if not isinstance(body.get("agreed"), bool):
        raise InvalidInput(_("Say whether the client agreed."),
                           [Problem("/agreed", _("true or false."))])
    client = _client(client_id)
    reminders.record_consent(get_session(), client, body.get("channel"), body["agreed"],
                             user=current_user(), via=g.via)
    return {"consent": reminders.consents(get_session(), client)}


@bp.post("/appointments/<appointment_id>/reminders")
@requires("care_plans.manage")
def send_reminder(appointment_id: str):
    session = get_session()
    body = json_body()
    record = reminders.send_reminder(session, appointments.get_appointment(session,
                                                                           appointment_id),
                                     user=current_user(), channel=body.get("channel", "email"),
                                     via=g.via)
    return {"id": record.id, "status": record.status, "channel": record.channel}, 201


@bp.post("/tasks/<task_id>/reminders")
@requires("care_plans.manage")
def send_task_reminder(task_id: str):
    from carebridge.careplans.tasks import get_task

    session = get_session()
    body = json_body()
    record = reminders.send_task_reminder(session, get_task(session, task_id),
                                          user=current_user(),
                                          channel=body.get("channel", "email"), via=g.via)
    return {"id": record.id, "status": record.status, "channel": record.channel}, 201


@bp.get("/clients/<client_id>/messages")
@requires("care_plans.read")
def list_messages(client_id: str):
    return {"messages": [
        {"id": m.id, "channel": m.channel, "recipient": m.recipient, "subject": m.subject,
         "body": m.body, "status": m.status, "error": m.error,
         "created_at": m.created_at.isoformat(),
         "sent_at": m.sent_at.isoformat() if m.sent_at else None,
         "appointment_id": m.appointment_id}
        for m in reminders.messages_of(get_session(), _client(client_id))]}


# Care transitions

def _transition_json(transition) -> dict:
    return {"id": transition.id, "client_id": transition.client_id, "kind": transition.kind,
            "status": transition.status, "checklist": transition.checklist,
            "receiving": transition.receiving, "reason": transition.reason,
            "tasks_outcome": transition.tasks_outcome, "handed_to_id": transition.handed_to_id,
            "created_at": transition.created_at.isoformat(),
            "completed_at": transition.completed_at.isoformat()
            if transition.completed_at else None}


def _transition(transition_id: str):
    session = get_session()
    transition = transitions.get_transition(session, transition_id)
    get_client(session, transition.client_id, user_id=caller().id, via=g.via)
    return transition


@bp.post("/clients/<client_id>/transitions")
@requires("care_plans.manage")
def start_transition(client_id: str):
    transition = transitions.start(get_session(), _client(client_id), json_body(),
                                   user=current_user(), via=g.via)
    return _transition_json(transition), 201


@bp.get("/transitions/<transition_id>")
@requires("care_plans.read")
def get_transition(transition_id: str):
    return _transition_json(_transition(transition_id))


@bp.post("/transitions/<transition_id>/checklist/<int:index>")
@requires("care_plans.manage")
def tick_item(transition_id: str, index: int):
    transition = transitions.tick(get_session(), _transition(transition_id), index,
                                  json_body().get("done") is True, user=current_user(),
                                  via=g.via)
    return _transition_json(transition)


@bp.post("/transitions/<transition_id>/complete")
@requires("care_plans.manage")
def complete_transition(transition_id: str):
    transition = transitions.complete(get_session(), _transition(transition_id), json_body(),
                                      user=current_user(), via=g.via)
    return _transition_json(transition)


@bp.get("/clients/<client_id>/handoff-summary")
@requires("care_plans.read")
def handoff_summary(client_id: str):
    return transitions.handoff_summary(get_session(), _client(client_id))
