"""The agency's forms as pages: the list a worker starts from and a submission's read view."""

from __future__ import annotations

from flask import Blueprint, current_app, g, render_template

from carebridge.agencies import agency_time_zone
from carebridge.auth.access import current_user, requires
from carebridge.db import get_session
from carebridge.forms import readable, service

bp = Blueprint("forms", __name__, url_prefix="/forms")


@bp.get("/")
@requires("forms.read")
def index():
    forms = service.list_definitions(get_session())
    # The renderer blueprint provides the fill page; without it the list is read-only.
    fill_endpoint = "renderer.fill" if "renderer.fill" in current_app.view_functions else None
    return render_template("forms/index.html", forms=forms, fill_endpoint=fill_endpoint)


@bp.get("/submissions/<submission_id>")
@requires("submissions.read")
def submission(submission_id: str):
    db = get_session()
    user = current_user()
    found = service.get_submission(db, submission_id, user_id=user.id, via=g.via)
    zone = agency_time_zone(db, user.agency_id, current_app.config["TIME_ZONE"])
    return render_template(
        "forms/submission.html", submission=found,
        answers=readable.answers(found.form_version.document, found.data, zone),
        submitted_at=readable.local_time(found.created_at, zone))
