"""The clients API: create (duplicates warned, not refused), read and search clients, and a
client's needs. Other agencies' clients are simply not found (404)."""

from __future__ import annotations

from flask import Blueprint, g, jsonify, request

from carebridge import audit
from carebridge.api.blueprint import BadBody, json_body
from carebridge.auth.access import caller, current_user, requires
from carebridge.clients import needs, service
from carebridge.clients.duplicates import likely_duplicates
from carebridge.clients.models import Client
from carebridge.db import get_session
from carebridge.errors import Problem
from carebridge.forms.service import today
from carebridge.i18n import _

bp = Blueprint("clients_api", __name__, url_prefix="/api/v1/clients")

_ADDRESS = {"line1": "address_line1", "line2": "address_line2", "city": "city",
            "state": "state", "postal_code": "postal_code"}
_ACCEPTED = {"given_name", "family_name", "middle_name", "preferred_name", "birth_date",
             "preferred_language", "phone", "email", "external_ids", "care_manager_id",
             "address"}


def client_json(client: Client) -> dict:
    return {
        "id": client.id,
        "given_name": client.given_name,
        "family_name": client.family_name,
        "middle_name": client.middle_name,
        "preferred_name": client.preferred_name,
        "birth_date": client.birth_date.isoformat() if client.birth_date else None,
        "preferred_language": client.preferred_language,
        "phone": client.phone,
        "email": client.email,
        "address": {"line1": client.address_line1, "line2": client.address_line2,
                    "city": client.city, "state": client.state,
                    "postal_code": client.postal_code},
        "external_ids": list(client.external_ids or []),
        "care_manager": client.care_manager.email if client.care_manager else None,
        "status": client.status,
        "closed_reason": client.closed_reason,
        "merged_into": client.merged_into_id,
        "created_at": client.created_at.isoformat(),
        "updated_at": client.updated_at.isoformat(),
    }


def _values(body: dict) -> dict:
    unknown = sorted(set(body) - _ACCEPTED)
    if unknown:
        raise BadBody(_("Unknown member '%(name)s'.", name=unknown[0]),
                      [Problem(f"/{unknown[0]}", _("Not a client field."))])
    values = {key: value for key, value in body.items() if key != "address"}
    address = body.get("address")
    if address is not None:
        if not isinstance(address, dict) or set(address) - set(_ADDRESS):
            raise BadBody(_("'address' is an object of line1, line2, city, state, "
                            "postal_code."), [Problem("/address", _("Unexpected shape."))])
        values.update({_ADDRESS[key]: value for key, value in address.items()})
    return values


@bp.post("")
@requires("clients.manage")
def create():
    db = get_session()
    user = current_user()
    values = _values(json_body())
    cleaned = service.clean_fields(values, creating=True, today=today())
    warnings = [
        {"client_id": found.client.id, "name": found.client.display_name,
         "reasons": [str(reason) for reason in found.reasons]}
        for found in likely_duplicates(
            db, given_name=cleaned.get("given_name", ""),
            family_name=cleaned.get("family_name", ""), birth_date=cleaned.get("birth_date"),
            phone=cleaned.get("phone", ""))
    ]
    client = service.create_client(db, values, user_id=user.id, via=g.via, today=today())
    return jsonify({**client_json(client), "warnings": warnings}), 201


@bp.get("")
@requires("clients.read")
def search():
    db = get_session()
    q = request.args.get("q", "")[:200]
    found = service.search_clients(db, q)
    user = current_user()
    for client in found:  # a search result shows client data: each is a read
        audit.record(db, audit.READ, client, user_id=user.id, via=g.via,
                     detail={"search": True})
    return {"clients": [client_json(client) for client in found]}


@bp.get("/<client_id>")
@requires("clients.read")
def read(client_id: str):
    client = service.get_client(get_session(), client_id, user_id=caller().id, via=g.via)
    return client_json(client)


@bp.get("/<client_id>/needs")
@requires("clients.read")
def client_needs(client_id: str):
    db = get_session()
    client = service.get_client(db, client_id, user_id=caller().id, via=g.via)
    return {"needs": [needs.need_json(need) for need in needs.needs_of(db, client.id)]}


@bp.post("/<client_id>/needs")
@requires("clients.manage")
def add_need(client_id: str):
    db = get_session()
    user = current_user()
    client = service.get_client(db, client_id, user_id=user.id, via=g.via, audited=False)
    body = json_body()
    code, note = body.get("code"), body.get("note", "")
    if not isinstance(code, str) or not isinstance(note, str):
        raise BadBody(_("'code' (and 'note', if given) are text."),
                      [Problem("/code", _("Not text."))])
    need = needs.add_need(db, client, code, user_id=user.id, note=note[:5000], via=g.via)
    return jsonify(needs.need_json(need)), 201


@bp.post("/<client_id>/needs/<need_id>/status")
@requires("clients.manage")
def need_status(client_id: str, need_id: str):
    db = get_session()
    user = current_user()
    client = service.get_client(db, client_id, user_id=user.id, via=g.via, audited=False)
    need = needs.get_need(db, client, need_id)
    body = json_body()
    status, note = body.get("status"), body.get("note", "")
    if not isinstance(status, str) or not isinstance(note, str):
        raise BadBody(_("'status' (and 'note', if given) are text."),
                      [Problem("/status", _("Not text."))])
    needs.set_status(db, need, status, user_id=user.id, note=note[:5000], via=g.via)
    return needs.need_json(need)


def openapi_paths() -> dict:
    """The clients API's part of the OpenAPI document."""
    def ref(name):
        return {"$ref": f"#/components/responses/{name}"}

    errors = {"400": ref("BadRequest"), "401": ref("Unauthorized"), "403": ref("Forbidden"),
              "404": ref("NotFound")}
    write_errors = {**errors, "413": ref("TooLarge"), "415": ref("UnsupportedMediaType"),
                    "422": ref("Invalid")}
    text = {"type": "string"}
    nullable = {"type": ["string", "null"]}
    address = {"type": "object", "additionalProperties": False, "properties": {
        "line1": text, "line2": text, "city": text,
        "state": {"type": "string", "description": "Two letters (CA)."},
        "postal_code": {"type": "string", "description": "ZIP or ZIP+4; drives matching."}}}
    external_ids = {"type": "array", "items": {
        "type": "object", "required": ["system", "value"],
        "properties": {"system": {"type": "string", "description": "HMIS, MRN…"},
                       "value": text}}}
    client = {"type": "object", "required": ["id", "given_name", "family_name", "status"],
              "properties": {
                  "id": text, "given_name": text, "family_name": text, "middle_name": text,
                  "preferred_name": text, "birth_date": {"type": ["string", "null"],
                                                         "format": "date"},
                  "preferred_language": {"type": "string", "description": "BCP 47 tag"},
                  "phone": {"type": "string", "description": "Digits only"}, "email": text,
                  "address": address, "external_ids": external_ids,
                  "care_manager": nullable,
                  "status": {"enum": ["active", "closed", "merged"]},
                  "closed_reason": text,
                  "merged_into": {"type": ["string", "null"],
                                  "description": "The record this one was merged into."},
                  "created_at": {"type": "string", "format": "date-time"},
                  "updated_at": {"type": "string", "format": "date-time"}}}
    new_client = {"type": "object", "required": ["given_name"], "additionalProperties": False,
                  "properties": {
                      "given_name": text, "family_name": text, "middle_name": text,
                      "preferred_name": text,
                      "birth_date": {"type": "string", "format": "date"},
                      "preferred_language": text, "phone": text, "email": text,
                      "address": address, "external_ids": external_ids,
                      "care_manager_id": {"type": "integer",
                                          "description": "A user of the agency."}}}
    warning = {"type": "object", "required": ["client_id", "name", "reasons"],
               "properties": {"client_id": text, "name": text,
                              "reasons": {"type": "array", "items": text}}}
    created = {**client, "required": [*client["required"], "warnings"],
               "properties": {**client["properties"], "warnings": {
                   "type": "array", "items": warning,
                   "description": "Likely duplicates (same date of birth and a similar name, "
                                  "or the same phone): the client is created all the same."}}}
    need = {"type": "object", "required": ["id", "code", "label", "status", "submission_id"],
            "properties": {"id": {"type": "integer"}, "code": text, "label": text,
                           "status": {"enum": ["identified", "referred", "met", "declined",
                                               "closed"]},
                           "submission_id": {"type": ["string", "null"],
                                             "description": "The submission whose need rule "
                                                            "raised it (null: added by hand)."},
                           "note": text,
                           "identified_at": {"type": "string", "format": "date-time"},
                           "status_changed_at": {"type": "string", "format": "date-time"}}}
    client_id = {"name": "client_id", "in": "path", "required": True, "schema": text}

    def answer(schema, description):
        return {"description": description, "content": {"application/json": {"schema": schema}}}

    return {
        "/api/v1/clients": {
            "get": {"summary": "Search the agency's clients (every result's read is audited)",
                    "parameters": [{"name": "q", "in": "query", "required": False,
                                    "schema": {"type": "string", "maxLength": 200},
                                    "description": "Name parts, a date of birth "
                                                   "(1980-05-17 or 05/17/1980), phone digits "
                                                   "or an external id; every word must match. "
                                                   "Without it: the active clients (50 at "
                                                   "most), by name."}],
                    "responses": {"200": answer({"type": "object", "required": ["clients"],
                                                 "properties": {"clients": {
                                                     "type": "array", "items": client}}},
                                                "Matching clients"), **errors}},
            "post": {"summary": "Create a client (likely duplicates are warned, not refused)",
                     "requestBody": {"required": True,
                                     "content": {"application/json": {"schema": new_client}}},
                     "responses": {"201": answer(created, "Created"), **write_errors}},
        },
        "/api/v1/clients/{client_id}": {
            "get": {"summary": "A client (the read is audited)", "parameters": [client_id],
                    "responses": {"200": answer(client, "The client"), **errors}},
        },
        "/api/v1/clients/{client_id}/needs": {
            "get": {"summary": "A client's needs, open ones first", "parameters": [client_id],
                    "responses": {"200": answer({"type": "object", "required": ["needs"],
                                                 "properties": {"needs": {"type": "array",
                                                                          "items": need}}},
                                                "The needs"), **errors}},
            "post": {"summary": "Add a need by hand (a code of the agency's needs vocabulary)",
                     "parameters": [client_id],
                     "requestBody": {"required": True, "content": {"application/json": {
                         "schema": {"type": "object", "required": ["code"],
                                    "properties": {"code": text, "note": text}}}}},
                     "responses": {"201": answer(need, "Added"),
                                   "409": ref("Conflict"), **write_errors}},
        },
        "/api/v1/clients/{client_id}/needs/{need_id}/status": {
            "post": {"summary": "Move a need to another status (kept in its history)",
                     "parameters": [client_id, {"name": "need_id", "in": "path",
                                                "required": True,
                                                "schema": {"type": "integer"}}],
                     "requestBody": {"required": True, "content": {"application/json": {
                         "schema": {"type": "object", "required": ["status"],
                                    "properties": {"status": need["properties"]["status"],
                                                   "note": text}}}}},
                     "responses": {"200": answer(need, "The need"), "409": ref("Conflict"),
                                   **write_errors}},
        },
    }
