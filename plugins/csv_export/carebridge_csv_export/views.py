"""The Exports page and the CSV download, for people who may read submissions."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, g, make_response, render_template, request

from carebridge.plugin_api import (
    InvalidInput,
    current_user,
    get_definition,
    get_session,
    list_definitions,
    requires,
)
from carebridge_csv_export.export import Range, export_csv, submission_counts

bp = Blueprint("csv_export", __name__, url_prefix="/exports", template_folder="templates")


@bp.get("/")
@requires("submissions.read")
def index():
    db = get_session()
    return render_template("csv_export/index.html", forms=list_definitions(db),
                           counts=submission_counts(db), problems=[])


@bp.get("/<slug>.csv")
@requires("submissions.read")
def download(slug: str):
    db = get_session()
    definition = get_definition(db, slug)  # NotFound: the app's 404 page
    try:
        within = Range.parse(request.args.get("since"), request.args.get("until"))
    except InvalidInput as error:
        page = render_template("csv_export/index.html", forms=list_definitions(db),
                               counts=submission_counts(db), problems=error.problems)
        return page, 400
    text, _ = export_csv(
        db, definition, within=within, labels=request.args.get("answers") != "codes",
        time_zone=current_app.config.get("TIME_ZONE", "America/Los_Angeles"),
        user_id=current_user().id, via=g.via,
    )
    response = make_response(text)
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    filename = f"{slug}-submissions-{date.today().isoformat()}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"  # client answers stay off shared caches
    return response
