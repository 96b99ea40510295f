"""Errors become answers here: JSON for the API, a friendly page for the browser; all logged.

Services raise ``carebridge.errors`` domain errors (``NotFound``, ``InvalidInput``…); a view that
can show the problems inline catches ``InvalidInput`` itself, everything else reaches these
handlers. Logs name the error and the status, never the message (it may quote input).
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, make_response, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from carebridge.errors import CarebridgeError, Problem
from carebridge.http import is_api_request

log = logging.getLogger(__name__)

TITLES = {
    400: "Something in that request was not right",
    403: "You do not have access to this page",
    404: "Page not found",
    405: "That action is not allowed here",
    413: "That is too much to send at once",
    429: "Too many attempts: wait a minute, then try again",
}

API_MESSAGES = {
    401: "Authenticate with 'Authorization: Bearer <token>'.",
    403: "Your role does not allow this.",
    404: "Not found.",
    405: "That method is not allowed here.",
    413: "The body is larger than the limit.",
    429: "Too many requests: wait, then try again.",
}


def json_error(status: int, message: str, problems: list[Problem] | tuple = ()) -> Response:
    """The API's error body: ``{"message": …, "errors": [{"pointer", "message"}…]}``."""
    response = jsonify({"message": message, "errors": [p.as_dict() for p in problems]})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="carebridge"'
    return response


def init_app(app: Flask) -> None:
    app.register_error_handler(CarebridgeError, domain_error)
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(HTTPException, http_error)


def domain_error(exc: CarebridgeError):
    log.info("domain error", extra={"error": type(exc).__name__, "status": exc.status,
                                    "problems": len(exc.problems)})
    if is_api_request():
        return json_error(exc.status, exc.message, exc.problems)
    return render_template("error.html", title=exc.message, message=None), exc.status


def csrf_error(exc: CSRFError):
    log.info("csrf refused", extra={"status": 400})
    if is_api_request():
        return json_error(400, exc.description)
    message = "The page was open too long or was sent twice. Reload it and try again."
    response = make_response(render_template("error.html", title="Please try again",
                                             message=message), 400)
    # Mostly a session that ended while a page stayed open: a form's script then keeps the
    # answers on the device and asks the person to log in again (renderer.js).
    response.headers["X-Login-Required"] = "1"
    return response


def http_error(exc: HTTPException):
    status = exc.code or 500
    if status >= 500:
        # The exception itself was logged with its traceback by Flask (logger "carebridge").
        log.error("server error", extra={"status": status})
    else:
        log.info("http error", extra={"status": status})
    if is_api_request():
        response = json_error(status, API_MESSAGES.get(status, exc.description or exc.name))
    elif status in TITLES:
        response = make_response(render_template("error.html", title=TITLES[status],
                                                 message=None), status)
    else:
        return exc
    if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
        # RFC 9110: a 405 says which methods the resource does allow.
        response.headers["Allow"] = ", ".join(exc.valid_methods)
    return response
