"""The care plans and tasks API's part of the OpenAPI document (``register_openapi_paths``)."""

from __future__ import annotations

from carebridge.api.openapi_parts import ERRORS as _ERRORS
from carebridge.api.openapi_parts import WRITE_ERRORS as _WRITE
from carebridge.api.openapi_parts import json_response as _json
from carebridge.api.openapi_parts import operation as _op
from carebridge.careplans.models import GOAL_STATUSES, RESPONSIBLE, SIGNATURE_KINDS, TASK_STATUSES

_DATE = {"type": "string", "format": "date"}
_NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}


def _path_param(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"},
            "description": description}


CLIENT = _path_param("client_id", "The client's id.")
PLAN = _path_param("plan_id", "The care plan's id.")
GOAL = _path_param("goal_id", "The goal's id.")
TASK = _path_param("task_id", "The task's id.")

TASK_SCHEMA = {
    "type": "object",
    "required": ["id", "title", "due", "status", "owner"],
    "properties": {
        "id": {"type": "integer"}, "title": {"type": "string"}, "due": _DATE,
        "status": {"enum": list(TASK_STATUSES)},
        "owner": {"type": ["object", "null"], "description": "The worker who follows it up.",
                  "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}},
        "responsible": {"enum": list(RESPONSIBLE), "description": "Who does it."},
        "goal_id": {"type": ["integer", "null"]},
        "source": {"enum": ["plan", "reassessment", "flag", "referral", "manual"]},
        "client_id": {"type": ["string", "null"]}, "plan_id": {"type": ["string", "null"]},
        "referral_id": {"type": ["string", "null"],
                        "description": "The referral a follow-up task follows up."},
    },
}
GOAL_SCHEMA = {
    "type": "object",
    "required": ["id", "statement", "status"],
    "properties": {
        "id": {"type": "integer"}, "need": {"type": "string"}, "statement": {"type": "string"},
        "measurable_outcome": {"type": "string"}, "target": {"type": "string"},
        "target_date": _NULLABLE_DATE, "status": {"enum": list(GOAL_STATUSES)},
        "interventions": {"type": "array", "items": {"type": "string"}},
        "notes": {"type": "array", "items": {"type": "object", "properties": {
            "at": {"type": "string", "format": "date-time"}, "text": {"type": "string"},
            "by": {"type": ["integer", "null"]}}}},
    },
}
PLAN_SCHEMA = {
    "type": "object",
    "required": ["id", "client_id", "template", "status", "start_date", "review_date",
                 "version", "goals", "tasks"],
    "properties": {
        "id": {"type": "string"}, "client_id": {"type": "string"},
        "template": {"type": "string", "description": "The care-plan definition's id."},
        "title": {"type": "string"}, "status": {"enum": ["active", "closed"]},
        "start_date": _DATE, "review_date": _DATE, "what_matters": {"type": "string"},
        "needs": {"type": "array", "items": {"type": "string"}},
        "version": {"type": "integer", "description": "Every change adds a version."},
        "signed": {"type": ["object", "null"], "properties": {
            "name": {"type": "string"}, "kind": {"enum": list(SIGNATURE_KINDS)},
            "at": {"type": "string", "format": "date-time"}, "version": {"type": "integer"}}},
        "goals": {"type": "array", "items": GOAL_SCHEMA},
        "tasks": {"type": "array", "items": TASK_SCHEMA},
    },
}


APPOINTMENT = _path_param("appointment_id", "The appointment's id (its calendar UID's first part).")
APPOINTMENT_SCHEMA = {
    "type": "object",
    "required": ["id", "client_id", "with_whom", "mode", "starts_at", "ends_at", "uid"],
    "properties": {
        "id": {"type": "string"}, "client_id": {"type": "string"},
        "with_whom": {"type": "string"}, "location": {"type": "string"},
        "mode": {"enum": ["in_person", "phone", "video"]},
        "status": {"enum": ["scheduled", "cancelled"]}, "note": {"type": "string"},
        "starts_at": {"type": "string", "format": "date-time",
                      "description": "In the agency's time zone, with its offset."},
        "ends_at": {"type": "string", "format": "date-time"},
        "worker": {"type": ["object", "null"], "properties": {
            "id": {"type": "integer"}, "name": {"type": "string"}}},
        "uid": {"type": "string", "description": "The calendar event's UID (stable)."},
        "sequence": {"type": "integer"},
    },
}
_ICS = {"description": "An iCalendar (RFC 5545) file",
        "content": {"text/calendar": {"schema": {"type": "string"}}}}


_CHANGE = {"type": ["number", "null"]}
_VERDICT = {"enum": ["improved", "worsened", "no_reliable_change", None],
            "description": "Null where the instrument has no reliable-change threshold."}
SCORES_SCHEMA = {"type": "object", "required": ["series"], "properties": {"series": {
    "type": "array", "items": {"type": "object",
                               "required": ["form_id", "name", "points"], "properties": {
        "form_id": {"type": "string"}, "form_title": {"type": "string"},
        "name": {"type": "string", "description": "The score's name (total, phq_2…)."},
        "label": {"type": "string"},
        "points": {"type": "array", "items": {"type": "object", "properties": {
            "submission_id": {"type": "string"}, "at": {"type": "string", "format": "date-time"},
            "value": {"type": "number"}, "band": {"type": ["string", "null"]}}}},
        "change_since_first": _CHANGE, "change_since_last": _CHANGE,
        "reliable_change_threshold": _CHANGE,
        "reliable_change_since_first": _VERDICT, "reliable_change_since_last": _VERDICT,
        "bands": {"type": "array", "items": {"type": "object"}}}}}}}


def paths() -> dict:
    create_body = {"type": "object", "required": ["template"], "properties": {
        "template": {"type": "string", "description": "A definition of kind care_plan."},
        "from_open_needs": {"type": "boolean", "description": "A goal per open need of the "
                            "client instead of the template's own needs."},
        "start_date": {**_DATE, "description": "Default: today where the agency is."}}}
    goal_body = {"type": "object", "properties": {
        "statement": {"type": "string"}, "measurable_outcome": {"type": "string"},
        "target": {"type": "string"}, "target_date": _DATE, "need": {"type": "string"},
        "status": {"enum": list(GOAL_STATUSES)},
        "note": {"type": "string", "description": "A progress note to add."}}}
    task_body = {"type": "object", "properties": {
        "title": {"type": "string"}, "due": _DATE, "status": {"enum": list(TASK_STATUSES)},
        "responsible": {"enum": list(RESPONSIBLE)}, "owner_id": {"type": "integer"},
        "goal_id": {"type": "integer"}}}
    plan_body = {"type": "object", "properties": {
        "start_date": _DATE, "review_date": _DATE, "status": {"enum": ["active", "closed"]},
        "what_matters": {"type": "string"}}}
    sign_body = {"type": "object", "required": ["kind"], "properties": {
        "kind": {"enum": list(SIGNATURE_KINDS)},
        "name": {"type": "string", "description": "The client's typed name (for typed_name)."}}}
    plan = _json(PLAN_SCHEMA, "The care plan")
    appointment_body = {"type": "object", "properties": {
        "with_whom": {"type": "string", "maxLength": 300},
        "location": {"type": "string", "maxLength": 500},
        "mode": {"enum": ["in_person", "phone", "video"]},
        "starts_at": {"type": "string", "description": "2026-03-02T10:00 (the agency's time "
                      "zone) or with an offset."},
        "duration_minutes": {"type": "integer", "minimum": 1, "maximum": 1440, "default": 60},
        "note": {"type": "string"}, "worker_id": {"type": "integer"},
        "status": {"enum": ["scheduled", "cancelled"]}}}
    appointment = _json(APPOINTMENT_SCHEMA, "The appointment")
    return {
        "/api/v1/clients/{client_id}/appointments": {
            "get": _op("A client's appointments, soonest first",
                       {"200": _json({"type": "object", "properties": {"appointments": {
                           "type": "array", "items": APPOINTMENT_SCHEMA}}}, "Appointments")},
                       params=[CLIENT]),
            "post": _op("Book an appointment for a client",
                        {"201": appointment}, params=[CLIENT],
                        body={**appointment_body, "required": ["with_whom", "starts_at"]},
                        errors=_WRITE),
        },
        "/api/v1/clients/{client_id}/appointments.ics": {
            "get": _op("A client's appointments as iCalendar", {"200": _ICS}, params=[CLIENT]),
        },
        "/api/v1/appointments/{appointment_id}": {
            "patch": _op("Change or cancel an appointment (its SEQUENCE goes up)",
                         {"200": appointment}, params=[APPOINTMENT], body=appointment_body,
                         errors=_WRITE),
        },
        "/api/v1/appointments/{appointment_id}.ics": {
            "get": _op("One appointment as an iCalendar event", {"200": _ICS},
                       params=[APPOINTMENT]),
        },
        "/api/v1/appointments.ics": {
            "get": _op("The signed-in worker's appointments as an iCalendar feed",
                       {"200": _ICS}),
        },
        "/api/v1/clients/{client_id}/care-plans": {
            "get": _op("A client's care plans, newest first",
                       {"200": _json({"type": "object", "properties": {"care_plans": {
                           "type": "array", "items": PLAN_SCHEMA}}}, "Plans")},
                       params=[CLIENT]),
            "post": _op("Make a care plan from a template (goals and tasks from it)",
                        {"201": plan}, params=[CLIENT], body=create_body, errors=_WRITE),
        },
        "/api/v1/care-plans/{plan_id}": {
            "get": _op("A care plan (the read is audited)", {"200": plan}, params=[PLAN]),
            "patch": _op("Change the plan's dates, status or what matters to the client "
                         "(a review date before the start is a 422)",
                         {"200": plan}, params=[PLAN], body=plan_body, errors=_WRITE),
        },
        "/api/v1/care-plans/{plan_id}/goals": {
            "post": _op("Add a goal", {"201": _json(GOAL_SCHEMA, "The goal")}, params=[PLAN],
                        body=goal_body, errors=_WRITE),
        },
        "/api/v1/care-plans/{plan_id}/goals/{goal_id}": {
            "patch": _op("Change a goal or its status; add a progress note",
                         {"200": _json(GOAL_SCHEMA, "The goal")}, params=[PLAN, GOAL],
                         body=goal_body, errors=_WRITE),
        },
        "/api/v1/care-plans/{plan_id}/tasks": {
            "post": _op("Add a task (due on or after the plan's start)",
                        {"201": _json(TASK_SCHEMA, "The task")}, params=[PLAN], body=task_body,
                        errors=_WRITE),
        },
        "/api/v1/care-plans/{plan_id}/tasks/{task_id}": {
            "patch": _op("Change a task of the plan", {"200": _json(TASK_SCHEMA, "The task")},
                         params=[PLAN, TASK], body=task_body, errors=_WRITE),
        },
        "/api/v1/care-plans/{plan_id}/sign": {
            "post": _op("Record the client's sign-off (typed name or verbal consent)",
                        {"200": plan}, params=[PLAN], body=sign_body, errors=_WRITE),
        },
        "/api/v1/care-plans/{plan_id}/versions": {
            "get": _op("Every version of the plan, newest first",
                       {"200": _json({"type": "object", "properties": {"versions": {
                           "type": "array", "items": {"type": "object", "properties": {
                               "number": {"type": "integer"}, "summary": {"type": "string"},
                               "at": {"type": "string", "format": "date-time"},
                               "by": {"type": ["integer", "null"]}, "plan": PLAN_SCHEMA}}}}},
                           "Versions")}, params=[PLAN]),
        },
        "/api/v1/clients/{client_id}/scores": {
            "get": _op("A client's scores over time, one series per instrument and score, "
                       "oldest first, with the change since the first and the last and whether "
                       "it is reliable", {"200": _json(SCORES_SCHEMA, "Series")},
                       params=[CLIENT]),
        },
        **casework_paths(),
        "/api/v1/reports/summary": {
            "get": _op("The dashboard's figures (admins): as of today for caseloads, statuses, "
                       "overdue tasks and assessments due; over the period for needs, referrals "
                       "and score changes",
                       {"200": _json(SUMMARY_SCHEMA, "The figures")}, params=[
                           {"name": "from", "in": "query", "required": False, "schema": _DATE,
                            "description": "First day of the period (inclusive)."},
                           {"name": "to", "in": "query", "required": False, "schema": _DATE,
                            "description": "Last day of the period (inclusive)."},
                           {"name": "worker", "in": "query", "required": False,
                            "schema": {"type": "integer"},
                            "description": "Only this care manager's clients and tasks."},
                           {"name": "program", "in": "query", "required": False,
                            "schema": {"type": "string"},
                            "description": "A program's id or code: every figure counts only "
                                           "the clients enrolled in it on some day of the "
                                           "period (at any time without one) and their tasks."}],
                       errors={**_ERRORS, "422": {"$ref": "#/components/responses/Invalid"}}),
        },
        "/api/v1/tasks": {
            "get": _op("Open tasks, soonest first",
                       {"200": _json({"type": "object", "properties": {"tasks": {
                           "type": "array", "items": TASK_SCHEMA}}}, "Tasks")},
                       params=[
                           {"name": "owner", "in": "query", "required": False,
                            "schema": {"type": "string", "default": "me"},
                            "description": "'me', 'all' or a user id."},
                           {"name": "due_before", "in": "query", "required": False,
                            "schema": _DATE, "description": "Due on or before this day."},
                           {"name": "client", "in": "query", "required": False,
                            "schema": {"type": "string"}, "description": "One client's."}],
                       errors={**_ERRORS, "422": {"$ref": "#/components/responses/Invalid"}}),
        },
        "/api/v1/tasks/{task_id}/status": {
            "post": _op("Change a task's status",
                        {"200": _json(TASK_SCHEMA, "The task")}, params=[TASK],
                        body={"type": "object", "required": ["status"], "properties": {
                            "status": {"enum": list(TASK_STATUSES)},
                            "note": {"type": "string"}}}, errors=_WRITE),
        },
    }


NOTE = _path_param("note_id", "The case note's id.")
MEMBER = _path_param("member_id", "The care team member's id.")
NOTE_SCHEMA = {"type": "object", "required": ["id", "kind", "content", "amended"], "properties": {
    "id": {"type": "integer"}, "client_id": {"type": "string"},
    "kind": {"enum": ["progress", "free", "contact"]},
    "content": {"type": "object", "description": "progress: discussed, assessment, plan; "
                "free: text; contact: method, outcome, text."},
    "minutes_spent": {"type": "integer"}, "author_id": {"type": ["integer", "null"]},
    "created_at": {"type": "string", "format": "date-time"},
    "updated_at": {"type": "string", "format": "date-time"},
    "amended": {"type": "boolean", "description": "Changed after the author's window."},
    "revisions": {"type": "array", "items": {"type": "object"}}}}
MEMBER_SCHEMA = {"type": "object", "required": ["id", "kind", "name"], "properties": {
    "id": {"type": "integer"}, "client_id": {"type": "string"},
    "kind": {"enum": ["worker", "provider", "family"]}, "user_id": {"type": ["integer", "null"]},
    "name": {"type": "string"}, "role": {"type": "string"}, "organization": {"type": "string"},
    "phone": {"type": "string"}, "email": {"type": "string"},
    "may_share": {"type": "array", "items": {"enum": ["appointments", "care_plan",
                                                       "assessments", "referrals"]}},
    "consent_note": {"type": "string"}}}


TRANSITION = _path_param("transition_id", "The transition's id.")
TRANSITION_SCHEMA = {"type": "object", "required": ["id", "kind", "status", "checklist"],
                     "properties": {
    "id": {"type": "integer"}, "client_id": {"type": "string"}, "kind": {"type": "string"},
    "status": {"enum": ["in_progress", "completed"]},
    "checklist": {"type": "array", "items": {"type": "object", "properties": {
        "item": {"type": "string"}, "done": {"type": "boolean"}}}},
    "receiving": {"type": "string"}, "reason": {"type": "string"},
    "tasks_outcome": {"type": "string"}, "handed_to_id": {"type": ["integer", "null"]},
    "created_at": {"type": "string", "format": "date-time"},
    "completed_at": {"type": ["string", "null"], "format": "date-time"}}}


_RATE = {"type": ["number", "null"], "minimum": 0, "maximum": 1}
SUMMARY_SCHEMA = {
    "type": "object",
    "required": ["clients_active", "needs_identified", "needs_met", "referrals_by_status",
                 "closed_loop_rate", "tasks_overdue"],
    "properties": {
        "period": {"type": "object", "description": "The filters the figures answer.",
                   "properties": {"from": _NULLABLE_DATE, "to": _NULLABLE_DATE,
                                  "worker_id": {"type": ["integer", "null"]},
                                  "program_id": {"type": ["integer", "null"]}}},
        "clients_active": {"type": "integer", "description": "Active clients (as of today)."},
        "clients_by_status": {"type": "object", "additionalProperties": {"type": "integer"}},
        "caseload_per_worker": {"type": "array", "items": {"type": "object", "properties": {
            "worker_id": {"type": ["integer", "null"]}, "worker": {"type": "string"},
            "clients": {"type": "integer"}}}},
        "needs_identified": {"type": "integer", "description": "Needs identified in the period."},
        "needs_met": {"type": "integer", "description": "Needs met in the period."},
        "needs_by_code": {"type": "array", "items": {"type": "object", "properties": {
            "code": {"type": "string"}, "label": {"type": "string"},
            "identified": {"type": "integer"}, "met": {"type": "integer"}}}},
        "referrals_by_status": {"type": "object", "additionalProperties": {"type": "integer"},
                                "description": "Referrals made in the period, by status."},
        "closed_loop_rate": {**_RATE, "description": "Share of sent referrals with a recorded "
                             "outcome (null when none were sent)."},
        "got_help_rate": {**_RATE, "description": "Share of sent referrals with got_help."},
        "median_days_to_outcome": {"type": ["number", "null"]},
        "referrals_installed": {"type": "boolean"},
        "tasks_overdue": {"type": "integer", "description": "Open tasks due before today."},
        "assessments_due": {"type": "integer",
                            "description": "Open re-assessments due within 7 days or overdue."},
        "score_changes": {"type": "object", "properties": {
            "clients_measured": {"type": "integer"},
            "clients_reliably_improved": {"type": "integer"},
            "share_reliably_improved": _RATE}},
    },
}


def casework_paths() -> dict:
    obj = {"type": "object"}
    return {
        "/api/v1/clients/{client_id}/notes": {
            "get": _op("A client's case notes, newest first",
                       {"200": _json({"type": "object", "properties": {"notes": {
                           "type": "array", "items": NOTE_SCHEMA}}}, "Notes")}, params=[CLIENT]),
            "post": _op("Write a case note (structured, free or a contact attempt)",
                        {"201": _json(NOTE_SCHEMA, "The note")}, params=[CLIENT],
                        body={"type": "object", "required": ["kind"], "properties": {
                            "kind": {"enum": ["progress", "free", "contact"]},
                            "discussed": {"type": "string"}, "assessment": {"type": "string"},
                            "plan": {"type": "string"}, "text": {"type": "string"},
                            "method": {"type": "string"}, "outcome": {"type": "string"},
                            "minutes_spent": {"type": "integer"}}}, errors=_WRITE),
        },
        "/api/v1/notes/{note_id}": {
            "patch": _op("Correct a note (its author, within CASE_NOTE_EDIT_MINUTES) or amend it "
                         "(after, with a reason); the earlier text is kept",
                         {"200": _json(NOTE_SCHEMA, "The note")}, params=[NOTE],
                         body={**obj, "properties": {"reason": {"type": "string"}}},
                         errors=_WRITE),
        },
        "/api/v1/clients/{client_id}/care-team": {
            "get": _op("A client's care team", {"200": _json({"type": "object", "properties": {
                "members": {"type": "array", "items": MEMBER_SCHEMA}}}, "Members")},
                       params=[CLIENT]),
            "post": _op("Add a worker, an outside provider or family to the care team",
                        {"201": _json(MEMBER_SCHEMA, "The member")}, params=[CLIENT],
                        body=MEMBER_SCHEMA, errors=_WRITE),
        },
        "/api/v1/care-team/{member_id}": {
            "delete": _op("Take someone off the care team (kept in the record)",
                          {"204": {"description": "Removed"}}, params=[MEMBER]),
        },
        "/api/v1/handouts": {
            "get": _op("The handouts (client education), with their needs and languages",
                       {"200": _json(obj, "Handouts")}),
        },
        "/api/v1/clients/{client_id}/handouts": {
            "post": _op("Record a handout given to the client (in their language by default)",
                        {"201": _json(obj, "Recorded")}, params=[CLIENT],
                        body={"type": "object", "required": ["handout"], "properties": {
                            "handout": {"type": "string"}, "language": {"type": "string"}}},
                        errors=_WRITE),
        },
        "/api/v1/clients/{client_id}/reminder-consent": {
            "put": _op("Record whether the client agrees to reminders by a channel",
                       {"200": _json(obj, "The client's consent per channel")}, params=[CLIENT],
                       body={"type": "object", "required": ["channel", "agreed"], "properties": {
                           "channel": {"enum": ["email", "sms"]}, "agreed": {"type": "boolean"}}},
                       errors=_WRITE),
        },
        "/api/v1/appointments/{appointment_id}/reminders": {
            "post": _op("Send a reminder of the appointment (409 unless the client agreed); "
                        "it leaves after the commit and its outcome is recorded",
                        {"201": _json(obj, "Queued"),
                         "409": {"$ref": "#/components/responses/Conflict"}},
                        params=[APPOINTMENT], body={"type": "object", "properties": {
                            "channel": {"enum": ["email", "sms"], "default": "email"}}},
                        errors=_WRITE),
        },
        "/api/v1/clients/{client_id}/transitions": {
            "post": _op("Start a care transition (hospital_discharge, program_move, "
                        "agency_transfer, case_closure) with its checklist",
                        {"201": _json(TRANSITION_SCHEMA, "The transition")}, params=[CLIENT],
                        body={"type": "object", "required": ["kind"], "properties": {
                            "kind": {"enum": ["hospital_discharge", "program_move",
                                              "agency_transfer", "case_closure"]},
                            "receiving": {"type": "string"}}}, errors=_WRITE),
        },
        "/api/v1/transitions/{transition_id}": {
            "get": _op("A care transition", {"200": _json(TRANSITION_SCHEMA, "The transition")},
                       params=[TRANSITION]),
        },
        "/api/v1/transitions/{transition_id}/checklist/{index}": {
            "post": _op("Tick (or untick) a checklist item",
                        {"200": _json(TRANSITION_SCHEMA, "The transition")},
                        params=[TRANSITION, {"name": "index", "in": "path", "required": True,
                                             "schema": {"type": "integer", "minimum": 0}}],
                        body={"type": "object", "properties": {"done": {"type": "boolean"}}},
                        errors=_WRITE),
        },
        "/api/v1/transitions/{transition_id}/complete": {
            "post": _op("Complete it: a case closure needs a reason and closes the client; open "
                        "tasks are closed or handed over",
                        {"200": _json(TRANSITION_SCHEMA, "The transition"),
                         "409": {"$ref": "#/components/responses/Conflict"}},
                        params=[TRANSITION], body={"type": "object", "properties": {
                            "reason": {"type": "string"},
                            "tasks": {"enum": ["cancelled", "handed_over"]},
                            "hand_over_to": {"type": "integer"}}}, errors=_WRITE),
        },
        "/api/v1/clients/{client_id}/handoff-summary": {
            "get": _op("The handoff summary generated from the record: needs, active goals, "
                       "open referrals, recent scores, medications, contacts, consent",
                       {"200": _json(obj, "The summary")}, params=[CLIENT]),
        },
        "/api/v1/tasks/{task_id}/reminders": {
            "post": _op("Remind the client of a task they do (409 unless they agreed and the "
                        "task is open and theirs)",
                        {"201": _json(obj, "Queued"),
                         "409": {"$ref": "#/components/responses/Conflict"}},
                        params=[TASK], body={"type": "object", "properties": {
                            "channel": {"enum": ["email", "sms"], "default": "email"}}},
                        errors=_WRITE),
        },
        "/api/v1/clients/{client_id}/messages": {
            "get": _op("Reminders sent to the client (what, to whom, outcome)",
                       {"200": _json(obj, "Messages")}, params=[CLIENT]),
        },
    }
