"""The JSON API (``/api/v1``): bearer-token authentication, JSON errors, one blueprint."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from carebridge import jsontext
from carebridge.errors import CarebridgeError, Problem

bp = Blueprint("api", __name__, url_prefix="/api/v1")

JSON_TYPES = ("application/json",)


class BadBody(CarebridgeError):
    status = 400


class UnsupportedMediaType(CarebridgeError):
    status = 415


def json_body() -> dict:
    """The request's JSON object, or a clear 4xx error (never a half-parsed body)."""
    if request.mimetype not in JSON_TYPES and not request.mimetype.endswith("+json"):
        raise UnsupportedMediaType(
            f"Send JSON with 'Content-Type: application/json' (got '{request.mimetype or 'none'}')."
        )
    raw = _body_bytes()
    try:
        body = jsontext.loads(raw, int(current_app.config["MAX_JSON_DEPTH"]))
    except jsontext.UnreadableJson as exc:
        where = [Problem(exc.pointer, exc.message)] if exc.pointer is not None else []
        raise BadBody(exc.message, where) from None
    if not isinstance(body, dict):
        raise BadBody("The body must be a JSON object.")
    return body


def _body_bytes() -> bytes:
    raw = request.get_data(cache=True)
    limit = request.max_content_length
    # A chunked body has no Content-Length: werkzeug stops reading at the limit and hands over
    # what it has, which would then read as malformed JSON (400). One more byte tells.
    if (limit is not None and request.content_length is None and len(raw) >= limit
            and request.environ.get("wsgi.input_terminated")
            and request.environ["wsgi.input"].read(1)):
        raise RequestEntityTooLarge()
    return raw


def error_response(status: int, message: str, problems=()):
    response = jsonify(
        {"message": message, "errors": [p.as_dict() for p in problems]}
    )
    response.status_code = status
    return response


def init_app(app: Flask) -> None:
    from carebridge.api import forms, openapi  # noqa: F401  (routes register on import)

    app.register_blueprint(bp)

    @app.errorhandler(CarebridgeError)
    def domain_error(exc: CarebridgeError):
        if request.path.startswith(bp.url_prefix):
            return error_response(exc.status, exc.message, exc.problems)
        return render_template("error.html", title=exc.message, message=None), exc.status

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if request.path.startswith(bp.url_prefix):
            return http_error_response(exc)
        return exc


def http_error_response(exc: HTTPException):
    response = error_response(exc.code or 500, _http_message(exc))
    if exc.code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="carebridge"'
    return response


def _http_message(exc: HTTPException) -> str:
    messages = {
        401: "Authenticate with 'Authorization: Bearer <token>'.",
        403: "Your role does not allow this.",
        404: "Not found.",
        405: "That method is not allowed here.",
        413: "The body is larger than the limit.",
    }
    return messages.get(exc.code, exc.description or exc.name)
