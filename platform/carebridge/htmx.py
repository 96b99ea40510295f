"""htmx in one place: detect ``HX-Request`` once and mark responses that vary on it."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_htmx import HTMX

htmx = HTMX()


def init_app(app: Flask) -> None:
    htmx.init_app(app)

    @app.after_request
    def vary_on_htmx(response: Response) -> Response:
        # Pages render a fragment for htmx and a whole page otherwise: caches must tell apart.
        if request.method == "GET" and response.mimetype == "text/html":
            response.vary.add("HX-Request")
        return response


def is_htmx() -> bool:
    """An htmx request that wants a fragment; restoring history after a cache miss wants the
    whole page, although htmx sends ``HX-Request`` with it too."""
    return bool(htmx) and not htmx.history_restore_request
