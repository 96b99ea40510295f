"""The programs API's part of the OpenAPI document (``register_openapi_paths``)."""

from __future__ import annotations

from carebridge.api.openapi_parts import WRITE_ERRORS as _WRITE
from carebridge.api.openapi_parts import json_response as _json
from carebridge.api.openapi_parts import operation as _op
from carebridge.programs.service import ENROL_SCHEMA, EXIT_SCHEMA, PROGRAM_SCHEMA

_NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
_WHO = {"type": ["object", "null"], "properties": {"id": {"type": "integer"},
                                                   "name": {"type": "string"}}}

CLIENT = {"name": "client_id", "in": "path", "required": True, "schema": {"type": "string"},
          "description": "The client's id."}
ENROLMENT = {"name": "enrolment_id", "in": "path", "required": True,
             "schema": {"type": "integer"}, "description": "The enrolment's id."}

PROGRAM_JSON = {
    "type": "object", "required": ["id", "code", "name", "active"],
    "properties": {"id": {"type": "integer"}, "code": {"type": "string"},
                   "name": {"type": "string"}, "description": {"type": "string"},
                   "active": {"type": "boolean",
                              "description": "An inactive program takes no new enrolments."}},
}
#: An enrolment, named after FHIR's EpisodeOfCare (program = type, period, status).
ENROLMENT_JSON = {
    "type": "object",
    "required": ["id", "client_id", "status", "program", "period"],
    "description": "A client's stay in a program (FHIR EpisodeOfCare).",
    "properties": {
        "id": {"type": "integer"},
        "client_id": {"type": "string", "description": "EpisodeOfCare.patient"},
        "status": {"enum": ["planned", "active", "finished"],
                   "description": "EpisodeOfCare.status, from the period and today."},
        "program": {**PROGRAM_JSON, "description": "EpisodeOfCare.type"},
        "period": {"type": "object", "required": ["start", "end"], "properties": {
            "start": {"type": "string", "format": "date"}, "end": _NULLABLE_DATE},
            "description": "EpisodeOfCare.period; end is null while the client is enrolled."},
        "exit_reason": {"type": ["string", "null"]},
        "enrolled_by": _WHO, "exited_by": _WHO,
    },
}


def paths() -> dict:
    return {
        "/api/v1/programs": {
            "get": _op("The agency's programs", {"200": _json({"type": "object", "properties": {
                "programs": {"type": "array", "items": PROGRAM_JSON}}}, "Programs")}),
            "post": _op("Add a program to the agency (admins)",
                        {"201": _json(PROGRAM_JSON, "The program")}, body=PROGRAM_SCHEMA,
                        errors=_WRITE),
        },
        "/api/v1/clients/{client_id}/programs": {
            "get": _op("A client's enrolments in programs, open ones first (the read is "
                       "audited)", {"200": _json({"type": "object", "properties": {
                           "enrolments": {"type": "array", "items": ENROLMENT_JSON}}},
                           "Enrolments")}, params=[CLIENT]),
            "post": _op("Enrol a client in a program (409 when they are in it already over "
                        "those days)", {"201": _json(ENROLMENT_JSON, "The enrolment"),
                                        "409": {"$ref": "#/components/responses/Conflict"}},
                        params=[CLIENT], body=ENROL_SCHEMA, errors=_WRITE),
        },
        "/api/v1/clients/{client_id}/programs/{enrolment_id}/exit": {
            "post": _op("End an enrolment on a day (today by default), with a reason",
                        {"200": _json(ENROLMENT_JSON, "The enrolment"),
                         "409": {"$ref": "#/components/responses/Conflict"}},
                        params=[CLIENT, ENROLMENT], body=EXIT_SCHEMA, errors=_WRITE),
        },
    }
