"""A NUL character in a request's path, query or form fields is refused at the door (400).

No person types U+0000, and PostgreSQL cannot store it in text or compare text with it, so one
in a search box (``?q=a%00``), an id in a path or a form field was a 500 there; SQLite kept it
as an invisible name. JSON bodies are checked where they are read (``carebridge.jsontext``).
"""

from __future__ import annotations

from flask import Flask, request

from carebridge.errors import CarebridgeError
from carebridge.forms import messages

#: Methods whose form fields are read; a GET's form is never parsed.
_FORM_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


class NulCharacter(CarebridgeError):
    status = 400


def refuse_nul_characters() -> None:
    """Before every view: the raw path and query (string tests), then a form's names and
    values (uploaded files may hold any bytes: an importer judges them)."""
    asked = request._get_current_object()  # the proxy once (~8 K instructions a look-up)
    environ = asked.environ
    if "\x00" in environ.get("PATH_INFO", "") or "%00" in environ.get("QUERY_STRING", ""):
        raise NulCharacter(messages.nul_character())
    if asked.method in _FORM_METHODS and asked.mimetype in _FORM_TYPES:
        for name, value in asked.form.items(multi=True):
            if "\x00" in name or "\x00" in value:
                raise NulCharacter(messages.nul_character())


def init_app(app: Flask) -> None:
    app.before_request(refuse_nul_characters)
