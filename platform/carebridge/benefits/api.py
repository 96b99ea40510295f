"""The benefits JSON API (``/api/v1/benefits``): screen a household, follow a slow screening,
and the agency's own programs."""

from __future__ import annotations

from flask import Blueprint, g, url_for

from carebridge.api.blueprint import json_body
from carebridge.auth.access import caller, current_user, requires
from carebridge.benefits import apply_places, catalog, reasons, records
from carebridge.benefits.facts import FACTS
from carebridge.benefits.models import BenefitScreening
from carebridge.benefits.results import program_name
from carebridge.db import get_session
from carebridge.errors import InvalidInput, Problem
from carebridge.i18n import _, gettext

bp = Blueprint("benefits_api", __name__, url_prefix="/api/v1/benefits")


def screening_json(session, row: BenefitScreening) -> dict:
    """A kept screening as the API answers it, its reasons in the request's language; each
    program not ruled out lists the directory services to apply at (named by the agency, then
    matched near the household's ZIP code)."""
    data = {key: value for key, value in row.result.items() if key != "chosen"}
    # Copies: the row's own result keeps its reasons as messages, whatever this answer says.
    if "programs" in data:
        data["programs"] = [dict(program) for program in data["programs"]]
    zip_code = (row.household or {}).get("zip")
    if "disclaimer" in data:  # kept in English (a message): said in the reader's language
        data["disclaimer"] = gettext(data["disclaimer"])
    for program in data.get("programs", []):
        # Said in the request's language (Accept-Language), kept as messages.
        program["name"] = program_name(program)
        program["reasons"] = [reasons.say(r) for r in program.get("reasons", [])]
        if program["status"] == "likely_ineligible":
            continue  # only the services its program names: no search for where not to apply
        place = apply_places.place_for(session, program["id"])
        program["services"] = [s.id for s in apply_places.services_for(
            session, place, tuple(program.get("services", ())), zip_code=zip_code)]
    data.update({
        "id": row.id, "client_id": row.client_id, "household": row.household,
        "status": row.status, "engines": row.engines, "rules_version": row.rules_version,
        "created_at": row.created_at.isoformat(), "reused": bool(getattr(row, "reused", False)),
        "url": url_for("benefits_api.get_screening", screening_id=row.id, _external=False),
    })
    return data


@bp.post("/screen")
@requires("benefits.screen")
def screen():
    body = json_body()
    if "household" not in body:
        raise InvalidInput(_("Send the household to screen."),
                           [Problem("/household", _("Required."))])
    session = get_session()
    client_id = body.get("client_id")
    if client_id is not None:
        from carebridge.clients.service import get_client

        get_client(session, client_id, user_id=caller().id, via=g.via)
    try:
        row = records.run(session, body["household"], agency_id=current_user().agency_id,
                          user_id=caller().id, via=g.via, client_id=client_id)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, [Problem("/household" + p.pointer, p.message)
                                         for p in exc.problems]) from None
    data = screening_json(session, row)
    if row.is_working:
        data["poll"] = data["url"]
        return data, 202, {"Location": data["url"], "Retry-After": "2"}
    return data, 200


@bp.get("/screenings/<screening_id>")
@requires("benefits.screen")
def get_screening(screening_id: str):
    session = get_session()
    row = records.get_screening(session, screening_id, user_id=caller().id, via=g.via)
    records.refresh(session, row)
    return screening_json(session, row)


def program_json(row) -> dict:
    return {**row.document, "version": row.version,
            "updated_at": row.updated_at.isoformat() if row.updated_at else None}


@bp.get("/programs")
@requires("benefits.screen")
def list_programs():
    session = get_session()
    return {"programs": [program_json(row) for row in catalog.list_programs(session)],
            "facts": [{"name": f.name, "type": f.type, "description": gettext(f.description)}
                      for f in FACTS]}


@bp.get("/programs/<program_id>")
@requires("benefits.screen")
def get_program(program_id: str):
    return program_json(catalog.get_program(get_session(), program_id))


@bp.post("/programs")
@requires("benefits.manage")
def create_program():
    row = catalog.save_program(get_session(), json_body(), user_id=caller().id,
                               via=g.via, create=True)
    url = url_for("benefits_api.get_program", program_id=row.slug)
    return program_json(row), 201, {"Location": url}


@bp.put("/programs/<program_id>")
@requires("benefits.manage")
def put_program(program_id: str):
    session = get_session()
    existed = catalog.list_programs(session)
    row = catalog.save_program(session, json_body(), user_id=caller().id, via=g.via,
                               slug=program_id)
    created = all(p.slug != program_id for p in existed)
    return program_json(row), 201 if created else 200


@bp.delete("/programs/<program_id>")
@requires("benefits.manage")
def delete_program(program_id: str):
    catalog.retire_program(get_session(), program_id, user_id=caller().id, via=g.via)
    return "", 204
