"""A plugin that records the after-commit hooks it hears, with what the database held then."""

from flask import Blueprint, request
from sqlalchemy import create_engine, text

from carebridge.plugin_api import (
    Conflict,
    app_state,
    csrf,
    current_user,
    get_session,
    get_version,
    hookimpl,
    requires,
)

bp = Blueprint("recording", __name__, url_prefix="/api/recording")
heard: list[tuple] = []


@bp.post("/submit")
@requires("submissions.create")
def submit_then_maybe_fail():
    """Stores a submission through the service, then refuses the request if asked to."""
    from carebridge.forms import service

    db = get_session()
    version = get_version(db, request.args["form"])
    submission = service.submit(db, version, {}, user_id=current_user().id)
    if request.args.get("fail"):
        raise Conflict("refused after the submission was added")
    return {"id": submission.id}


@hookimpl
def register_blueprints(app):
    csrf.exempt(bp)  # a token-authenticated API, as the core's is
    return [bp]


@hookimpl
def submission_created(submission, session):
    # Seen from another connection: only a committed submission is there.
    engine = create_engine(app_state().config["DATABASE_URL"])
    with engine.connect() as other:
        stored = other.execute(text("SELECT count(*) FROM submissions WHERE id = :id"),
                               {"id": submission.id}).scalar()
    engine.dispose()
    heard.append(("submission_created", submission.id, stored))


@hookimpl
def directory_changed(service_ids, session):
    heard.append(("directory_changed", service_ids))
