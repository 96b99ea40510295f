"""The JSON API's blueprint (``/api/v1``) and how it reads a request body."""

from __future__ import annotations

import json

from flask import Blueprint, request

from carebridge.errors import CarebridgeError

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
    raw = request.get_data(cache=True)
    try:
        body = json.loads(raw, parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise BadBody("The body is not UTF-8 encoded JSON.") from None
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise BadBody(f"Malformed JSON at {where}: {exc.msg}.") from None
    except ValueError as exc:
        raise BadBody(str(exc)) from None
    if not isinstance(body, dict):
        raise BadBody("The body must be a JSON object.")
    return body


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a JSON number.")
