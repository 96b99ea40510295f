"""A plugin written as an outside one would be, for the plugin tests."""

from flask import Blueprint

from carebridge.plugin_api import hookimpl

bp = Blueprint("sample", __name__)
created = []


@bp.get("/sample")
def sample():
    return "sample plugin page"


@hookimpl
def register_blueprints(app):
    return [bp]


@hookimpl
def register_openapi_paths():
    return {"/api/v1/sample": {"get": {"summary": "Sample", "responses": {"200": {
        "description": "OK"}}}}}


@hookimpl
def submission_created(submission, session):
    created.append(submission.id)
