"""API routes for form definitions, their versions, submissions and drafts."""

from __future__ import annotations

from flask import g, jsonify, request

from carebridge.api.blueprint import BadBody, bp, json_body
from carebridge.assessments.scoring import score
from carebridge.auth.access import caller, current_user, requires
from carebridge.auth.roles import can
from carebridge.db import get_session
from carebridge.errors import Conflict, Problem
from carebridge.forms import service
from carebridge.forms.models import Draft, FormDefinition, FormVersion, Submission
from carebridge.i18n import _


def _form_json(form: FormDefinition, version: FormVersion) -> dict:
    return {
        "id": form.slug,
        "title": form.title,
        "kind": form.kind,
        "version": version.number,
        "latest_version": form.latest_version,
        "created_at": version.created_at.isoformat(),
        "definition": version.document,
    }


def _submission_json(submission: Submission) -> dict:
    return {
        "id": submission.id,
        "form_id": submission.form_version.definition.slug,
        "form_version": submission.form_version.number,
        "data": submission.data,
        "created_at": submission.created_at.isoformat(),
        "created_by": submission.created_by.email if submission.created_by else None,
        **_results_json(submission),
    }


def _results_json(submission: Submission) -> dict:
    """Whose answers these are and what the version's scoring made of them."""
    return {"client_id": submission.client_id, "scores": list(submission.scores or []),
            "flags": list(submission.flags or [])}


def _client_id(body: dict) -> str | None:
    client_id = body.get("client_id")
    if client_id is not None and not isinstance(client_id, str):
        raise BadBody(_("'client_id' must be a client's id."),
                      [Problem("/client_id", _("Not text."))])
    return client_id


def _draft_json(draft: Draft) -> dict:
    return {
        "id": draft.id,
        "form_id": draft.definition.slug,
        "form_version": draft.form_version.number,
        "data": draft.data,
        "created_at": draft.created_at.isoformat(),
        "updated_at": draft.updated_at.isoformat(),
        "submission_id": draft.submission_id,
        "client_id": draft.client_id,
        # What the answers so far would score (a preview: nothing is stored with the draft).
        "preview": score(draft.form_version.document, draft.data).as_json(),
    }


def _data(body: dict) -> object:
    if "data" not in body:
        raise BadBody(_("The body needs a 'data' member holding the answers."),
                      [Problem("/data", _("Missing."))])
    return body["data"]


@bp.get("/forms")
@requires("forms.read")
def list_forms():
    forms = service.list_definitions(get_session())
    return {
        "forms": [
            {"id": f.slug, "title": f.title, "kind": f.kind, "version": f.latest_version}
            for f in forms
        ]
    }


@bp.post("/forms")
@requires("forms.manage")
def create_form():
    db = get_session()
    document = json_body(nul_allowed=True)
    definition = service.check_definition(document, db)
    if service.find_definition(db, definition.slug) is not None:
        raise Conflict(
            _("A form '%(form)s' exists; PUT /api/v1/forms/%(form)s publishes a new version "
              "of it.", form=definition.slug)
        )
    form, version, _created = service.publish(db, document, user_id=caller().id)
    return jsonify({"id": form.slug, "version": version.number}), 201


@bp.get("/forms/<slug>")
@requires("forms.read")
def get_form(slug: str):
    version = service.get_version(get_session(), slug)
    return _form_json(version.definition, version)


@bp.get("/forms/<slug>/versions/<int:number>")
@requires("forms.read")
def get_form_version(slug: str, number: int):
    version = service.get_version(get_session(), slug, number)
    return _form_json(version.definition, version)


@bp.put("/forms/<slug>")
@requires("forms.manage")
def update_form(slug: str):
    db = get_session()
    service.get_definition(db, slug)  # 404 for an unknown (or another agency's) form
    document = json_body(nul_allowed=True)
    form, version, _created = service.publish(db, document, user_id=caller().id, slug=slug)
    return {"id": form.slug, "version": version.number}


@bp.post("/forms/<slug>/submissions")
@requires("submissions.create")
def create_submission(slug: str):
    db = get_session()
    body = json_body(nul_allowed=True)
    number = body.get("version")
    if number is not None and (not isinstance(number, int) or isinstance(number, bool)):
        raise BadBody(_("'version' must be a version number."),
                      [Problem("/version", _("Not a number."))])
    version = service.version_to_submit(db, slug, number)
    # From the environ: werkzeug's headers raise and catch an exception for a missing one.
    key = request._get_current_object().environ.get("HTTP_IDEMPOTENCY_KEY") or None
    if key is not None and len(key) > service.MAX_IDEMPOTENCY_KEY:
        raise BadBody(_("The Idempotency-Key header is too long."),
                      [Problem("/Idempotency-Key", _("Use at most %(n)d characters.",
                                                     n=service.MAX_IDEMPOTENCY_KEY))])
    submission, made = service.submit_once(db, version, _data(body), user_id=caller().id,
                                           idempotency_key=key, via=g.via,
                                           client_id=_client_id(body))
    return jsonify({"id": submission.id, **_results_json(submission)}), 201 if made else 200


@bp.get("/submissions/<submission_id>")
@requires("submissions.read")
def get_submission(submission_id: str):
    db = get_session()
    submission = service.get_submission(db, submission_id, user_id=caller().id, via=g.via)
    return _submission_json(submission)


@bp.post("/forms/<slug>/drafts")
@requires("drafts.manage")
def create_draft(slug: str):
    db = get_session()
    body = json_body(nul_allowed=True)
    draft = service.save_draft(db, slug, _data(body), user_id=caller().id, via=g.via,
                               client_id=_client_id(body))
    return jsonify({"id": draft.id, "client_id": draft.client_id}), 201


@bp.put("/forms/<slug>/drafts/<draft_id>")
@requires("drafts.manage")
def update_draft(slug: str, draft_id: str):
    db = get_session()
    answers = _data(json_body(nul_allowed=True))
    draft = service.save_draft(db, slug, answers, user_id=caller().id, draft_id=draft_id,
                               via=g.via)
    return {"id": draft.id}


@bp.get("/forms/<slug>/drafts/<draft_id>")
@requires("drafts.manage")
def get_draft(slug: str, draft_id: str):
    db = get_session()
    user = current_user()
    draft = service.get_draft_of(db, slug, draft_id, user_id=user.id, via=g.via,
                                 may_read_submissions=can(user.role, "submissions.read"))
    return _draft_json(draft)


@bp.post("/forms/<slug>/drafts/<draft_id>/submit")
@requires("submissions.create")
def submit_draft(slug: str, draft_id: str):
    db = get_session()
    body = json_body(nul_allowed=True) if request.get_data() else {}
    service.get_draft(db, draft_id, user_id=caller().id)  # the author's own, or 404
    submission = service.complete_draft(db, draft_id, user_id=caller().id,
                                        data=body.get("data"), via=g.via)
    return jsonify({"id": submission.id, **_results_json(submission)}), 201
