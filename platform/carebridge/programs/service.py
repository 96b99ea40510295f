"""Programs and enrolments as a service: the agency defines its programs; care managers enrol
clients, and exit them with a reason, under the rules below. Every change is audited.

Rules: a new enrolment is in an active program; a client is never in one program twice over
the same days; an exit ends an open enrolment on or after its start, with a reason.
"""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from carebridge import audit
from carebridge.auth.models import User
from carebridge.clients.models import Client
from carebridge.db import utcnow
from carebridge.errors import Conflict, InvalidInput, NotFound, Problem
from carebridge.forms.service import today
from carebridge.forms.validation import make_validator, problems
from carebridge.i18n import _
from carebridge.programs.models import Enrolment, Program

log = logging.getLogger(__name__)

PROGRAM_SCHEMA = {
    "type": "object",
    "required": ["code", "name"],
    "additionalProperties": False,
    "properties": {
        "code": {"title": "Code", "type": "string", "pattern": "^[a-z][a-z0-9_-]{1,63}$"},
        "name": {"title": "Name", "type": "string", "minLength": 1, "maxLength": 200},
        "description": {"title": "Description", "type": "string", "maxLength": 2000},
        "active": {"title": "Active", "type": "boolean"},
    },
}
ENROL_SCHEMA = {
    "type": "object",
    "required": ["program"],
    "additionalProperties": False,
    "properties": {
        "program": {"title": "Program", "type": "string", "minLength": 1, "maxLength": 64,
                    "description": "The program's code."},
        "start_date": {"title": "Start date", "type": "string", "format": "date"},
    },
}
EXIT_SCHEMA = {
    "type": "object",
    "required": ["exit_reason"],
    "additionalProperties": False,
    "properties": {
        "end_date": {"title": "End date", "type": "string", "format": "date"},
        "exit_reason": {"title": "Exit reason", "type": "string", "minLength": 1,
                        "maxLength": 500},
    },
}


def _checked(schema: dict, data: object, message: str) -> dict:
    found = problems(make_validator(schema), data)
    if found:
        raise InvalidInput(message, found)
    return data


# Programs

def programs(session: Session, *, active_only: bool = False) -> list[Program]:
    query = select(Program).order_by(Program.name, Program.id)
    if active_only:
        query = query.where(Program.active.is_(True))
    return list(session.scalars(query))


def get_program(session: Session, program_id: object) -> Program:
    program = session.get(Program, int(program_id)) if str(program_id).isdigit() else None
    if program is None:
        raise NotFound(_("No such program."))
    return program


def program_by_code(session: Session, code: str) -> Program | None:
    return session.scalar(select(Program).where(Program.code == code))


def add_program(session: Session, data: object, *, user: User, via: str = "web") -> Program:
    """A new program of the agency, from ``{"code", "name", "description"?, "active"?}``."""
    data = _checked(PROGRAM_SCHEMA, data, _("The program has problems; nothing was saved."))
    if program_by_code(session, data["code"]) is not None:
        raise InvalidInput(_("The program has problems; nothing was saved."), [Problem(
            "/code", _("'%(code)s' is already a program's code.", code=data["code"]))])
    program = Program(code=data["code"], name=" ".join(data["name"].split()),
                      description=data.get("description", "").strip(),
                      active=data.get("active", True))
    session.add(program)
    session.flush()
    audit.record(session, audit.CREATE, program, user_id=user.id, via=via)
    log.info("program added", extra={"program_id": program.id, "user_id": user.id})
    return program


def update_program(session: Session, program: Program, data: object, *, user: User,
                   via: str = "web") -> Program:
    """Rename a program, change its description, or (de)activate it; its code stays."""
    merged = {"code": program.code, "name": program.name, **(data or {})} \
        if isinstance(data, dict) else data
    data = _checked(PROGRAM_SCHEMA, merged, _("The program has problems; nothing was saved."))
    if data["code"] != program.code:
        raise InvalidInput(_("The program has problems; nothing was saved."), [Problem(
            "/code", _("A program's code cannot change (reports and the API use it)."))])
    program.name = " ".join(data["name"].split())
    program.description = data.get("description", program.description).strip()
    program.active = data.get("active", program.active)
    audit.record(session, audit.UPDATE, program, user_id=user.id, via=via)
    return program


# Enrolments

def enrolments_of(session: Session, client: Client) -> list[Enrolment]:
    """The client's enrolments, open ones first, then the newest first."""
    found = session.scalars(select(Enrolment).where(Enrolment.client_id == client.id)
                            .order_by(Enrolment.start_date.desc(), Enrolment.id.desc()))
    return sorted(found, key=lambda e: not e.is_open)


def get_enrolment(session: Session, client: Client, enrolment_id: object) -> Enrolment:
    enrolment = (session.get(Enrolment, int(enrolment_id)) if str(enrolment_id).isdigit()
                 else None)
    if enrolment is None or enrolment.client_id != client.id:
        raise NotFound(_("No such enrolment."))
    return enrolment


def enrol(session: Session, client: Client, data: object, *, user: User,
          via: str = "web") -> Enrolment:
    """Enrol ``client`` in a program from ``{"program": code, "start_date"?}`` (today by
    default); ``Conflict`` when they are in that program already over those days."""
    data = _checked(ENROL_SCHEMA, data, _("The enrolment has problems; nothing was saved."))
    program = program_by_code(session, data["program"])
    if program is None or not program.active:
        raise InvalidInput(_("The enrolment has problems; nothing was saved."),
                           [Problem("/program", _("Choose one of the agency's active "
                                                  "programs."))])
    start = date.fromisoformat(data["start_date"]) if data.get("start_date") else today()
    overlapping = session.scalar(select(Enrolment).where(
        Enrolment.client_id == client.id, Enrolment.program_id == program.id,
        or_(Enrolment.end_date.is_(None), Enrolment.end_date >= start)))
    if overlapping is not None:
        raise Conflict(_("%(client)s is already enrolled in %(program)s from %(start)s.",
                         client=client.display_name, program=program.name,
                         start=overlapping.start_date.isoformat()))
    enrolment = Enrolment(client_id=client.id, program_id=program.id, start_date=start,
                          enrolled_by_id=user.id)
    enrolment.program = program
    session.add(enrolment)
    session.flush()
    audit.record(session, audit.CREATE, enrolment, user_id=user.id, via=via,
                 detail={"program": program.code})
    log.info("client enrolled", extra={"enrolment_id": enrolment.id, "user_id": user.id})
    return enrolment


def exit_enrolment(session: Session, enrolment: Enrolment, data: object, *, user: User,
                   via: str = "web") -> Enrolment:
    """End an open enrolment on ``end_date`` (today by default) for ``exit_reason``."""
    data = _checked(EXIT_SCHEMA, data, _("The exit has problems; nothing was saved."))
    if not enrolment.is_open:
        raise Conflict(_("That enrolment ended on %(day)s.", day=enrolment.end_date.isoformat()))
    end = date.fromisoformat(data["end_date"]) if data.get("end_date") else today()
    if end < enrolment.start_date:
        raise InvalidInput(_("The exit has problems; nothing was saved."), [Problem(
            "/end_date", _("The end cannot be before the start (%(start)s).",
                           start=enrolment.start_date.isoformat()))])
    enrolment.end_date, enrolment.exit_reason = end, " ".join(data["exit_reason"].split())
    enrolment.exited_by_id, enrolment.exited_at = user.id, utcnow()
    audit.record(session, audit.UPDATE, enrolment, user_id=user.id, via=via,
                 detail={"program": enrolment.program.code, "exit": True})
    return enrolment


def enrolled_during(program_id: int, start: date | None, end: date | None):
    """A select of the ids of clients enrolled in the program on any day of the period (any
    day at all without one)."""
    query = select(Enrolment.client_id).where(Enrolment.program_id == program_id)
    if end is not None:
        query = query.where(Enrolment.start_date <= end)
    if start is not None:
        query = query.where(or_(Enrolment.end_date.is_(None), Enrolment.end_date >= start))
    return query


def form_answers(form, names: tuple[str, ...]) -> dict:
    """A posted HTML form as the JSON the schemas above judge: blank fields left out."""
    return {name: form[name].strip() for name in names if (form.get(name) or "").strip()}


def as_json(enrolment: Enrolment, day: date) -> dict:
    """An enrolment as the API answers it, named as FHIR's EpisodeOfCare names things."""
    def who(user):
        return {"id": user.id, "name": user.name or user.email} if user else None

    return {
        "id": enrolment.id, "client_id": enrolment.client_id,
        "status": enrolment.status(day),
        "program": program_json(enrolment.program),
        "period": {"start": enrolment.start_date.isoformat(),
                   "end": enrolment.end_date.isoformat() if enrolment.end_date else None},
        "exit_reason": enrolment.exit_reason or None,
        "enrolled_by": who(enrolment.enrolled_by), "exited_by": who(enrolment.exited_by),
    }


def program_json(program: Program) -> dict:
    return {"id": program.id, "code": program.code, "name": program.name,
            "description": program.description, "active": program.active}
