"""Friendly HTML error pages (the API answers JSON instead; see ``carebridge.api``)."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError

TITLES = {
    400: "Something in that request was not right",
    403: "You do not have access to this page",
    404: "Page not found",
    405: "That action is not allowed here",
    413: "That upload is too large",
}


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        message = "The page was open too long or was sent twice. Reload it and try again."
        if request.path.startswith("/api/"):
            return {"message": exc.description, "errors": []}, 400
        return render_template("error.html", title="Please try again", message=message), 400

    for status, title in TITLES.items():
        app.register_error_handler(status, _page(status, title))


def _page(status: int, title: str):
    def handler(exc):
        if request.path.startswith("/api/"):
            from carebridge.api import http_error_response

            return http_error_response(exc)
        return render_template("error.html", title=title, message=None), status

    return handler
