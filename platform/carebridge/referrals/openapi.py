"""The referrals API's part of the OpenAPI document, added through ``register_openapi_paths``."""

from __future__ import annotations

from carebridge.directory.openapi import RESULT
from carebridge.directory.queries import MAX_RADIUS_KM
from carebridge.referrals.models import OUTCOMES, STATUSES, URGENCIES


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/responses/{name}"}


_ERRORS = {"400": _ref("BadRequest"), "401": _ref("Unauthorized"), "403": _ref("Forbidden"),
           "404": _ref("NotFound")}
_CONFLICT = {"409": {"description": "Refused: no valid consent, or a transition the table "
                                    "does not allow; the message says why and what to do",
                     "content": {"application/json": {"schema": {
                         "$ref": "#/components/schemas/Error"}}}}}
_STRINGS = {"type": "array", "items": {"type": "string"}}
_DATE = {"type": ["string", "null"], "format": "date"}
_TIME = {"type": ["string", "null"], "format": "date-time"}

MATCH = {**RESULT, "properties": {**RESULT["properties"], "explanation": {
    "type": "string", "description": "Why, in plain words: 'food pantry · 2.1 km · speaks "
                                     "Spanish · open Saturdays'"}}}

REFERRAL = {
    "type": "object",
    "required": ["id", "status", "service", "needs", "history", "next_statuses"],
    "properties": {
        "id": {"type": "string"},
        "status": {"enum": list(STATUSES)},
        "client_id": {"type": "string", "description": "For the sending agency"},
        "client": {"type": "object", "description": "For a receiving agency: only what the "
                                                    "client's consent allows it to see"},
        "sending_agency": {"type": "string"},
        "receiving_agency": {"type": ["string", "null"],
                             "description": "The partner agency whose inbox it reached"},
        "service": {"type": "object", "description": "id, location_id, and the name, "
                    "organization, address, phones, hours and documents it printed"},
        "needs": _STRINGS,
        "note": {"type": "string"},
        "urgency": {"enum": list(URGENCIES)},
        "follow_up_on": _DATE,
        "outcome": {"enum": [*OUTCOMES, None]},
        "outcome_reason": {"type": "string"},
        "overdue": {"type": "boolean"},
        "consent_submission_id": {"type": ["string", "null"]},
        "next_statuses": {"type": "array", "items": {"enum": list(STATUSES)}},
        "created_at": {"type": "string", "format": "date-time"},
        "sent_at": _TIME,
        "updated_at": {"type": "string", "format": "date-time"},
        "history": {"type": "array", "items": {"type": "object", "properties": {
            "status": {"type": "string"}, "outcome": {"type": ["string", "null"]},
            "note": {"type": "string"}, "at": {"type": "string", "format": "date-time"},
            "agency": {"type": "string"}}}},
    },
}
CONSENT = {
    "type": "object",
    "properties": {
        "submission_id": {"type": "string"},
        "form": {"type": "string"},
        "state": {"enum": ["valid", "expired", "withdrawn"]},
        "signed_at": {"type": "string", "format": "date-time"},
        "expires_on": {"type": "string", "format": "date"},
        "allows_sharing": {"type": "boolean"},
        "shared_information": _STRINGS,
        "withdrawn": {"type": ["object", "null"]},
    },
}
NEW_REFERRAL = {
    "type": "object",
    "required": ["client_id", "service_id"],
    "properties": {
        "client_id": {"type": "string"},
        "service_id": {"type": "string", "description": "A directory service"},
        "location_id": {"type": "string"},
        "needs": {**_STRINGS, "description": "Codes of the needs it answers"},
        "note": {"type": "string", "maxLength": 4000},
        "urgency": {"enum": list(URGENCIES), "default": "routine"},
        "follow_up_on": {"type": "string", "format": "date",
                         "description": "Default: 14, 7 or 2 days by urgency"},
        "status": {"enum": ["sent", "draft"], "default": "sent"},
    },
}
STATUS_CHANGE = {
    "type": "object",
    "required": ["status"],
    "properties": {
        "status": {"enum": list(STATUSES)},
        "note": {"type": "string"},
        "outcome": {"enum": list(OUTCOMES), "description": "Required with completed"},
        "reason": {"type": "string", "description": "Required with did_not_get_help"},
    },
}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _path(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def _list(description: str) -> dict:
    return _json({"type": "object", "properties": {"referrals": {"type": "array",
                                                                 "items": REFERRAL}}},
                 description)


def paths() -> dict:
    return {
        "/api/v1/clients/{client_id}/matches": {"get": {
            "summary": "Directory services for each open need of the client, best first",
            "parameters": [_path("client_id"), {
                "name": "radius_km", "in": "query", "required": False,
                "schema": {"type": "number", "exclusiveMinimum": 0,
                           "maximum": MAX_RADIUS_KM},
                "description": "Only services within this distance of the client's ZIP "
                               "(a service with no address, a hotline, is kept)"}],
            "responses": {"200": _json({"type": "object", "properties": {"needs": {
                "type": "array", "items": {"type": "object", "properties": {
                    "code": {"type": "string"}, "label": {"type": "string"},
                    "need_id": {"type": "integer"},
                    "results": {"type": "array", "items": MATCH}}}}}},
                "Matches per need"), **_ERRORS},
        }},
        "/api/v1/clients/{client_id}/referrals": {"get": {
            "summary": "The client's referrals, newest first",
            "parameters": [_path("client_id")],
            "responses": {"200": _list("The referrals"), **_ERRORS},
        }},
        "/api/v1/referrals": {"post": {
            "summary": "Refer a client to a directory service (needs a valid consent)",
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": NEW_REFERRAL}}},
            "responses": {"201": _json(REFERRAL, "The referral"), **_ERRORS, **_CONFLICT,
                          "422": _ref("Invalid")},
        }},
        "/api/v1/referrals/{referral_id}": {"get": {
            "summary": "One referral (sent by this agency, or received in its inbox)",
            "parameters": [_path("referral_id")],
            "responses": {"200": _json(REFERRAL, "The referral"), **_ERRORS},
        }, "patch": {
            "summary": "Move the referral's follow-up date (its follow-up task moves with it)",
            "parameters": [_path("referral_id")],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["follow_up_on"],
                "properties": {"follow_up_on": {"type": "string", "format": "date"}}}}}},
            "responses": {"200": _json(REFERRAL, "The referral"), **_ERRORS, **_CONFLICT,
                          "422": _ref("Invalid")},
        }},
        "/api/v1/referrals/{referral_id}/status": {"post": {
            "summary": "Move a referral to another status (draft → sent → accepted/declined → "
                       "in_progress → completed with an outcome; cancelled)",
            "parameters": [_path("referral_id")],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": STATUS_CHANGE}}},
            "responses": {"200": _json(REFERRAL, "The referral"), **_ERRORS, **_CONFLICT,
                          "422": _ref("Invalid")},
        }},
        "/api/v1/clients/{client_id}/consents": {"get": {
            "summary": "The client's consents, newest first: valid, expired or withdrawn",
            "parameters": [_path("client_id")],
            "responses": {"200": _json({"type": "object", "properties": {"consents": {
                "type": "array", "items": CONSENT}}}, "The consents"), **_ERRORS},
        }},
        "/api/v1/clients/{client_id}/consents/{submission_id}/withdraw": {"post": {
            "summary": "Record that the client withdrew a consent (a note is required); it "
                       "allows no new referral from now on",
            "parameters": [_path("client_id"), _path("submission_id")],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["note"],
                "properties": {"note": {"type": "string", "minLength": 1}}}}}},
            "responses": {"200": _json(CONSENT, "The consent, withdrawn"), **_ERRORS,
                          "409": _ref("Conflict"), "422": _ref("Invalid")},
        }},
        "/api/v1/referrals/overdue": {"get": {
            "summary": "Open referrals past their follow-up date with no update since",
            "responses": {"200": _list("Overdue referrals"), **_ERRORS},
        }},
        "/api/v1/referrals/inbox": {"get": {
            "summary": "Referrals other agencies sent to this agency's services",
            "responses": {"200": _list("The inbox"), **_ERRORS},
        }},
    }
