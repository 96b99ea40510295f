"""The JSON API's blueprint (``/api/v1``) and how it reads a request body."""

from __future__ import annotations

from flask import Blueprint, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

from carebridge import jsontext
from carebridge.errors import CarebridgeError, Problem
from carebridge.forms import messages
from carebridge.i18n import _

bp = Blueprint("api", __name__, url_prefix="/api/v1")

JSON_TYPES = ("application/json",)


class BadBody(CarebridgeError):
    status = 400


class UnsupportedMediaType(CarebridgeError):
    status = 415


def json_body(*, nul_allowed: bool = False) -> dict:
    """The request's JSON object, or a clear 4xx error (never a half-parsed body).

    A NUL character is refused (400) unless ``nul_allowed``: form answers and definitions are
    stored as JSON and may hold one; everything else lands in text columns."""
    asked = request._get_current_object()  # the proxy once (~8 K instructions a look-up)
    if asked.mimetype not in JSON_TYPES and not asked.mimetype.endswith("+json"):
        raise UnsupportedMediaType(
            _("Send JSON with 'Content-Type: application/json' (got '%(type)s').",
              type=asked.mimetype or "none")
        )
    raw = _body_bytes(asked)
    try:
        depth = int(current_app._get_current_object().config["MAX_JSON_DEPTH"])
        body = jsontext.loads(raw, depth)
    except jsontext.UnreadableJson as exc:
        where = [Problem(exc.pointer, exc.message)] if exc.pointer is not None else []
        raise BadBody(exc.message, where) from None
    if not isinstance(body, dict):
        raise BadBody(_("The body must be a JSON object."))
    if not nul_allowed and b"\\u0000" in raw:
        pointer = jsontext.nul_pointer(body)
        if pointer is not None:
            raise BadBody(messages.nul_character(), [Problem(pointer, messages.nul_character())])
    return body


def _body_bytes(asked) -> bytes:
    raw = asked.get_data(cache=True)
    limit = asked.max_content_length
    # A chunked body has no Content-Length: werkzeug stops reading at the limit and hands over
    # what it has, which would then read as malformed JSON (400). One more byte tells.
    if (limit is not None and asked.content_length is None and len(raw) >= limit
            and asked.environ.get("wsgi.input_terminated")
            and asked.environ["wsgi.input"].read(1)):
        raise RequestEntityTooLarge()
    return raw
