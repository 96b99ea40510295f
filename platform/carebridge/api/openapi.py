"""The OpenAPI 3.1 description of the JSON API, served at ``/api/v1/openapi.json``."""

from __future__ import annotations

from carebridge import __version__
from carebridge.api.blueprint import bp
from carebridge.app_state import app_state
from carebridge.forms.service import MAX_VERSION


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERRORS = {
    "400": {"$ref": "#/components/responses/BadRequest"},
    "401": {"$ref": "#/components/responses/Unauthorized"},
    "403": {"$ref": "#/components/responses/Forbidden"},
    "404": {"$ref": "#/components/responses/NotFound"},
}
_WRITE_ERRORS = {
    **_ERRORS,
    "413": {"$ref": "#/components/responses/TooLarge"},
    "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
    "422": {"$ref": "#/components/responses/Invalid"},
}
_SLUG = {"name": "form_id", "in": "path", "required": True, "schema": {"type": "string"},
         "description": "The form's id (its slug)."}
_DRAFT = {"name": "draft_id", "in": "path", "required": True, "schema": {"type": "string"}}


def _op(summary: str, responses: dict, *, body: dict | None = None, params=(),
        errors=None, security=True, body_required: bool = True) -> dict:
    operation = {"summary": summary, "responses": {**responses, **(errors or _ERRORS)}}
    if params:
        operation["parameters"] = list(params)
    if body is not None:
        operation["requestBody"] = {
            "required": body_required, "content": {"application/json": {"schema": body}}
        }
    if not security:
        operation["security"] = []
        operation["responses"] = responses
    return operation


def document() -> dict:
    created = {"type": "object", "required": ["id", "version"],
               "properties": {"id": {"type": "string"}, "version": {"type": "integer"}}}
    an_id = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}
    # What the server really accepts: answers are a JSON object (a form's schema describes
    # one), version numbers are whole numbers from 1 up; anything else is refused with a 4xx.
    answers = {"type": "object", "description": "The answers, as a JSON object."}
    version = {"type": "integer", "minimum": 1, "maximum": MAX_VERSION,
               "description": "Validate against this version (default: the latest)."}
    data_body = {"type": "object", "required": ["data"],
                 "properties": {"data": answers, "version": version,
                                "client_id": {"type": "string",
                                              "description": "Whose answers these are (a "
                                                             "client of the agency)."}}}
    draft_body = {"type": "object", "required": ["data"], "properties": {"data": answers}}
    final_body = {"type": "object", "properties": {"data": {
        **answers, "description": "Final answers replacing the draft's (default: the draft's)."}}}
    idempotency = {"name": "Idempotency-Key", "in": "header", "required": False,
                   "schema": {"type": "string", "maxLength": 255},
                   "description": "Scoped to the user and the form. Repeating a key with the "
                                  "same answers returns the first submission (200); with "
                                  "other answers it is refused (409)."}
    stored = {"type": "object", "required": ["id", "client_id", "scores", "flags"],
              "properties": {"id": {"type": "string"},
                             "client_id": {"type": ["string", "null"]},
                             "scores": {"type": "array", "items": _ref("Score")},
                             "flags": {"type": "array", "items": _ref("Flag")}}}
    paths = {
        "/api/v1/openapi.json": {"get": _op("This document", {"200": _json({}, "OpenAPI 3.1")},
                                            security=False)},
        "/api/v1/forms": {
            "get": _op("List the agency's forms", {"200": _json(_ref("FormList"), "Forms")}),
            "post": _op("Publish a new form (definition or bare JSON Schema)",
                        {"201": _json(created, "Created"),
                         "409": {"$ref": "#/components/responses/Conflict"}},
                        body=_ref("Definition"), errors=_WRITE_ERRORS),
        },
        "/api/v1/forms/{form_id}": {
            "get": _op("The latest version of a form", {"200": _json(_ref("Form"), "The form")},
                       params=[_SLUG]),
            "put": _op("Publish a new version (unchanged documents create none)",
                       {"200": _json(created, "The latest version")},
                       body=_ref("Definition"), params=[_SLUG], errors=_WRITE_ERRORS),
        },
        "/api/v1/forms/{form_id}/versions/{number}": {
            "get": _op("One version of a form", {"200": _json(_ref("Form"), "The version")},
                       params=[_SLUG, {"name": "number", "in": "path", "required": True,
                                       "schema": {"type": "integer", "minimum": 1,
                                                  "maximum": MAX_VERSION}}]),
        },
        "/api/v1/forms/{form_id}/submissions": {
            "post": _op("Validate and store a submission",
                        {"201": _json(stored, "Stored, with its scores and flags"),
                         "200": _json(stored, "Replayed key"),
                         "409": {"$ref": "#/components/responses/Conflict"}},
                        body=data_body, params=[_SLUG, idempotency], errors=_WRITE_ERRORS),
        },
        "/api/v1/submissions/{submission_id}": {
            "get": _op("A submission, data exactly as submitted",
                       {"200": _json(_ref("Submission"), "The submission")},
                       params=[{"name": "submission_id", "in": "path", "required": True,
                                "schema": {"type": "string"}}]),
        },
        "/api/v1/forms/{form_id}/drafts": {
            "post": _op("Save partial answers as a new draft (not validated)",
                        {"201": _json(an_id, "Saved")}, body=draft_body, params=[_SLUG],
                        errors=_WRITE_ERRORS),
        },
        "/api/v1/forms/{form_id}/drafts/{draft_id}": {
            "get": _op("A draft", {"200": _json(_ref("Draft"), "The draft")},
                       params=[_SLUG, _DRAFT]),
            "put": _op("Replace a draft's answers", {"200": _json(an_id, "Saved")},
                       body=draft_body, params=[_SLUG, _DRAFT], errors=_WRITE_ERRORS),
        },
        "/api/v1/forms/{form_id}/drafts/{draft_id}/submit": {
            "post": _op("Complete a draft into a submission (optionally with final data)",
                        {"201": _json(stored, "The submission")}, params=[_SLUG, _DRAFT],
                        body=final_body, body_required=False, errors=_WRITE_ERRORS),
        },
    }
    for extra in app_state().openapi_paths:
        paths.update(extra)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Carebridge API", "version": __version__,
                 "description": "Forms, submissions and drafts of one agency. Authenticate "
                                "with an API token: `Authorization: Bearer <token>`."},
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": _components(),
    }


def _components() -> dict:
    problem = {"type": "object", "required": ["pointer", "message"],
               "properties": {"pointer": {"type": "string",
                                          "description": "JSON Pointer into the sent document"},
                              "message": {"type": "string"}}}
    error = {"type": "object", "required": ["message", "errors"],
             "properties": {"message": {"type": "string"},
                            "errors": {"type": "array", "items": _ref("Problem")}}}

    def err(description: str) -> dict:
        return _json(_ref("Error"), description)

    return {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Problem": problem,
            "Error": error,
            "Definition": {"type": "object", "description": "A Carebridge form definition "
                           "(see docs/definition-format.md) or a bare JSON Schema "
                           "(draft 2020-12)."},
            "FormList": {"type": "object", "properties": {"forms": {"type": "array", "items": {
                "type": "object", "properties": {"id": {"type": "string"},
                                                 "title": {"type": "string"},
                                                 "kind": {"type": "string"},
                                                 "version": {"type": "integer"}}}}}},
            "Form": {"type": "object", "required": ["id", "version", "definition"],
                     "properties": {"id": {"type": "string"}, "title": {"type": "string"},
                                    "kind": {"enum": ["intake", "assessment", "care_plan"]},
                                    "version": {"type": "integer"},
                                    "latest_version": {"type": "integer"},
                                    "created_at": {"type": "string", "format": "date-time"},
                                    "definition": _ref("Definition")}},
            "Submission": {"type": "object",
                           "required": ["id", "form_id", "form_version", "data", "created_at",
                                        "created_by"],
                           "properties": {"id": {"type": "string"}, "form_id": {"type": "string"},
                                          "form_version": {"type": "integer"}, "data": {},
                                          "created_at": {"type": "string",
                                                         "format": "date-time"},
                                          "created_by": {"type": ["string", "null"]},
                                          "client_id": {"type": ["string", "null"]},
                                          "scores": {"type": "array", "items": _ref("Score")},
                                          "flags": {"type": "array",
                                                    "items": _ref("Flag")}}},
            "Score": {"type": "object", "required": ["name", "label", "value", "band"],
                      "description": "A score the version's scoring computed, pinned to it.",
                      "properties": {"name": {"type": "string"}, "label": {"type": "string"},
                                     "value": {"type": "number"},
                                     "band": {"type": ["string", "null"]}}},
            "Flag": {"type": "object", "required": ["name", "label", "severity", "message"],
                     "properties": {"name": {"type": "string"}, "label": {"type": "string"},
                                    "severity": {"type": "string"},
                                    "message": {"type": "string"}}},
            "Draft": {"type": "object",
                      "properties": {"id": {"type": "string"}, "form_id": {"type": "string"},
                                     "form_version": {"type": "integer"}, "data": {},
                                     "submission_id": {"type": ["string", "null"]},
                                     "client_id": {"type": ["string", "null"]},
                                     "preview": {
                                         "type": "object",
                                         "description": "What the answers so far score "
                                                        "(scores whose items are all "
                                                        "answered, and flags).",
                                         "properties": {
                                             "scores": {"type": "array",
                                                        "items": _ref("Score")},
                                             "flags": {"type": "array",
                                                       "items": _ref("Flag")}}}}},
        },
        "responses": {
            "BadRequest": err("Malformed JSON or a missing member"),
            "Unauthorized": err("No or an unknown token"),
            "Forbidden": err("The token's role does not allow this"),
            "NotFound": err("No such object in this agency"),
            "Conflict": err("Already exists"),
            "TooLarge": err("The body is over the size limit"),
            "UnsupportedMediaType": err("Not JSON"),
            "Invalid": err("Every violation, each at a JSON Pointer"),
        },
    }


@bp.get("/openapi.json")
def openapi_json():
    return document()
