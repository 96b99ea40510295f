"""The programs JSON API: the agency's programs, and a client's enrolments (EpisodeOfCare)."""

from __future__ import annotations

from flask import Blueprint, g

from carebridge.api.blueprint import json_body
from carebridge.auth.access import caller, current_user, requires
from carebridge.clients.service import get_client
from carebridge.db import get_session
from carebridge.forms.service import today
from carebridge.programs import service

bp = Blueprint("programs_api", __name__, url_prefix="/api/v1")


def _client(client_id: str):
    return get_client(get_session(), client_id, user_id=caller().id, via=g.via)


@bp.get("/programs")
@requires("clients.read")
def list_programs():
    return {"programs": [service.program_json(p) for p in service.programs(get_session())]}


@bp.post("/programs")
@requires("programs.manage")
def add_program():
    program = service.add_program(get_session(), json_body(), user=current_user(), via=g.via)
    return service.program_json(program), 201


@bp.get("/clients/<client_id>/programs")
@requires("clients.read")
def list_enrolments(client_id: str):
    client = _client(client_id)
    day = today()
    return {"enrolments": [service.as_json(e, day)
                           for e in service.enrolments_of(get_session(), client)]}


@bp.post("/clients/<client_id>/programs")
@requires("clients.manage")
def enrol(client_id: str):
    client = _client(client_id)
    enrolment = service.enrol(get_session(), client, json_body(), user=current_user(),
                              via=g.via)
    return service.as_json(enrolment, today()), 201


@bp.post("/clients/<client_id>/programs/<int:enrolment_id>/exit")
@requires("clients.manage")
def exit_program(client_id: str, enrolment_id: int):
    session = get_session()
    enrolment = service.get_enrolment(session, _client(client_id), enrolment_id)
    service.exit_enrolment(session, enrolment, json_body(), user=current_user(), via=g.via)
    return service.as_json(enrolment, today())
