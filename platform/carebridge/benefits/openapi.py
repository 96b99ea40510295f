"""The benefits API's part of the OpenAPI document, added through ``register_openapi_paths``."""

from __future__ import annotations

from carebridge.benefits import household, programs
from carebridge.benefits.results import PERIODS, STATUSES


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/responses/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_READ_ERRORS = {"401": _ref("Unauthorized"), "403": _ref("Forbidden")}
_WRITE_ERRORS = {**_READ_ERRORS, "400": _ref("BadRequest"), "415": _ref("UnsupportedMediaType"),
                 "422": _ref("Invalid")}
_STRINGS = {"type": "array", "items": {"type": "string"}}
VALUE = {"type": "object", "required": ["amount", "period"],
         "properties": {"amount": {"type": "number"}, "period": {"enum": list(PERIODS)}}}
PROGRAM_RESULT = {
    "type": "object",
    "required": ["id", "name", "status", "reasons", "missing", "engine", "services"],
    "properties": {
        "id": {"type": "string", "description": "The engine's name for the program (snap, wic, "
                                                "medicaid, chip, tanf, ssi, eitc, lifeline, "
                                                "school_meals…) or the agency program's id"},
        "name": {"type": "string"},
        "status": {"enum": list(STATUSES)},
        "estimated_value": VALUE,
        "reasons": {**_STRINGS, "description": "In plain words, in the request's language "
                                               "(Accept-Language), with the poverty guideline "
                                               "year wherever a percentage is said"},
        "missing": {**_STRINGS, "description": "JSON Pointers into the household whose answer "
                                               "would settle an unknown"},
        "engine": {"type": "string"},
        "rules_version": {"type": "string"},
        "services": {**_STRINGS, "description": "Directory service ids that take applications "
                                                "or help with them, near the household"},
    },
}
SCREENING = {
    "type": "object",
    "required": ["id", "status", "programs", "poverty_guideline", "totals", "disclaimer"],
    "properties": {
        "id": {"type": "string"},
        "client_id": {"type": ["string", "null"]},
        "status": {"enum": ["working", "done"]},
        "as_of": {"type": "string", "format": "date"},
        "household": {"type": "object", "description": "The household as screened (canonical: "
                                                       "every fact present, null = unknown)"},
        "programs": {"type": "array", "items": PROGRAM_RESULT},
        "poverty_guideline": {"type": ["object", "null"], "properties": {
            "year": {"type": "integer"}, "annual_amount": {"type": "integer"},
            "household_size": {"type": "integer"}, "percent": {"type": ["number", "null"]}}},
        "totals": {"type": "object",
                   "properties": {"likely_monthly_value": {"type": "number"}}},
        "pending_engines": _STRINGS,
        "errors": {"type": "array", "items": {"type": "object"}},
        "engines": {"type": "object", "additionalProperties": {"type": "string"},
                    "description": "Each engine's rules version"},
        "rules_version": {"type": "string"},
        "reused": {"type": "boolean", "description": "The same household and rules were "
                                                     "already screened: that screening"},
        "disclaimer": {"type": "string"},
        "url": {"type": "string"},
        "poll": {"type": "string", "description": "While working: GET it until done"},
    },
}
PROGRAM = {**programs.PROGRAM_SCHEMA, "additionalProperties": True}
FACT = {"type": "object", "properties": {"name": {"type": "string"},
                                         "type": {"type": "string"},
                                         "description": {"type": "string"}}}
_SLUG = {"name": "program_id", "in": "path", "required": True, "schema": {"type": "string"}}
_SCREENING_ID = {"name": "screening_id", "in": "path", "required": True,
                 "schema": {"type": "string"}}


def paths() -> dict:
    screen_body = {"type": "object", "required": ["household"], "properties": {
        "household": household.schema(),
        "client_id": {"type": "string", "description": "Keep the screening on this client's "
                                                       "file"}}}
    body = {"required": True, "content": {"application/json": {"schema": screen_body}}}
    program_body = {"required": True,
                    "content": {"application/json": {"schema": programs.PROGRAM_SCHEMA}}}
    not_found = {"404": _ref("NotFound")}
    return {
        "/api/v1/benefits/screen": {"post": {
            "summary": "Screen a household for benefits (a screening, not a determination)",
            "requestBody": body,
            "responses": {"200": _json(SCREENING, "Every engine has answered"),
                          "202": _json(SCREENING, "A background engine is working: poll the "
                                                  "Location (or poll) URL"),
                          **_WRITE_ERRORS, **not_found},
        }},
        "/api/v1/benefits/screenings/{screening_id}": {"get": {
            "summary": "A screening, with the background engines' answers once they are in",
            "parameters": [_SCREENING_ID],
            "responses": {"200": _json(SCREENING, "The screening"), **_READ_ERRORS,
                          **not_found},
        }},
        "/api/v1/benefits/programs": {
            "get": {"summary": "The agency's own programs and the facts their rules may use",
                    "responses": {"200": _json({"type": "object", "properties": {
                        "programs": {"type": "array", "items": PROGRAM},
                        "facts": {"type": "array", "items": FACT}}}, "Programs and facts"),
                        **_READ_ERRORS}},
            "post": {"summary": "Add an agency program (a rule as JSON Schema over the facts)",
                     "requestBody": program_body,
                     "responses": {"201": _json(PROGRAM, "Added"), **_WRITE_ERRORS,
                                   "409": _ref("Conflict")}},
        },
        "/api/v1/benefits/programs/{program_id}": {
            "get": {"summary": "One agency program", "parameters": [_SLUG],
                    "responses": {"200": _json(PROGRAM, "The program"), **_READ_ERRORS,
                                  **not_found}},
            "put": {"summary": "Add or replace an agency program", "parameters": [_SLUG],
                    "requestBody": program_body,
                    "responses": {"200": _json(PROGRAM, "Replaced"),
                                  "201": _json(PROGRAM, "Added"), **_WRITE_ERRORS}},
            "delete": {"summary": "Stop screening for a program (past screenings keep it)",
                       "parameters": [_SLUG],
                       "responses": {"204": {"description": "Retired"}, **_READ_ERRORS,
                                     **not_found}},
        },
    }
