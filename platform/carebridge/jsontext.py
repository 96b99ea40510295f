"""JSON from outside, read at the door: exact numbers, bounded nesting, only real characters.

Python's ``json`` accepts things nothing after it can handle: nesting deep enough to exhaust the
interpreter's stack (in the parser, the validator or the serializer), ``"\\ud800"`` (half a
UTF-16 pair: a ``str`` that cannot be encoded as UTF-8, so it is accepted and then breaks every
page, print view and export that shows it), and ``1e999`` (read as infinity, which JSON cannot
write back). ``loads`` refuses each with a sentence saying what and where, and reads every
fraction as a ``JsonFloat``: a float that remembers the digits it was written with, so
validation can compare 123456789012345678901234567.891 with ``multipleOf: 0.01`` exactly.
``check_value`` applies the same rules to values that arrive another way (an HTML form).
"""

from __future__ import annotations

import json
import math
from decimal import Decimal

from carebridge.forms import messages
from carebridge.i18n import _

#: Digits a fraction may be written with (JSON numbers people type are far shorter).
MAX_NUMBER_TEXT = 100


class UnreadableJson(ValueError):
    """The text is not JSON Carebridge can store; ``pointer`` says where, when known."""

    def __init__(self, message: str, pointer: str | None = None):
        super().__init__(message)
        self.message = message
        self.pointer = pointer


class JsonFloat(float):
    """A JSON number with a fraction or exponent, as a float that keeps its written ``text``."""

    __slots__ = ("text",)

    def __new__(cls, text: str) -> JsonFloat:
        value = float.__new__(cls, text)
        written = Decimal(text)
        if (len(text) > MAX_NUMBER_TEXT or not math.isfinite(value)
                or (value == 0 and written != 0)):
            raise UnreadableJson(messages.number_out_of_range(text))
        value.text = text
        return value

    def __reduce__(self):
        return (JsonFloat, (self.text,))


def number(text: str) -> int | JsonFloat:
    """A number typed as text (an HTML input), read as JSON reads it."""
    try:
        return int(text)
    except ValueError:
        return JsonFloat(text)


def loads(raw: bytes | str, max_depth: int) -> object:
    """The JSON value in ``raw``; ``UnreadableJson`` for anything ``check_value`` refuses."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise UnreadableJson(_("The body is not UTF-8 encoded JSON.")) from None
    try:
        value = json.loads(raw, parse_float=JsonFloat, parse_constant=_reject_constant)
    except RecursionError:
        raise UnreadableJson(messages.too_deep(max_depth)) from None
    except json.JSONDecodeError as exc:
        raise UnreadableJson(_("Malformed JSON at line %(line)d, column %(column)d: %(reason)s.",
                               line=exc.lineno, column=exc.colno, reason=exc.msg)) from None
    except UnreadableJson:
        raise
    except ValueError as exc:  # an integer of more digits than Python converts
        raise UnreadableJson(str(exc)) from None
    # Cheap tests first: nesting needs brackets; a lone surrogate needs a \u escape.
    brackets = raw.count("[") + raw.count("{")
    check_value(value, max_depth, depth=brackets > max_depth, text="\\u" in raw)
    return value


def _reject_constant(name: str):
    raise UnreadableJson(_("%(name)s is not a JSON number.", name=name))


def check_value(value: object, max_depth: int, *, depth: bool = True, text: bool = True) -> None:
    """Refuse objects and arrays nested deeper than ``max_depth``, and strings (or names) holding
    a lone surrogate.

    ``depth``/``text`` False skip a test the caller knows cannot fail.
    """
    if not depth and not text:
        return
    stack: list[tuple[object, int, str]] = [(value, 1, "")]
    while stack:
        node, level, where = stack.pop()
        if depth and level > max_depth and isinstance(node, dict | list):
            raise UnreadableJson(messages.too_deep(max_depth), where)
        if isinstance(node, str):
            if text and has_lone_surrogate(node):
                raise UnreadableJson(messages.lone_surrogate(), where)
        elif isinstance(node, dict):
            for key, item in node.items():
                path = f"{where}/{_escape(key)}"
                if text and has_lone_surrogate(key):
                    raise UnreadableJson(messages.lone_surrogate(), path)
                stack.append((item, level + 1, path))
        elif isinstance(node, list):
            stack.extend((item, level + 1, f"{where}/{i}") for i, item in enumerate(node))


def nul_pointer(value: object) -> str | None:
    """Where a string (or name) holding a NUL character is, or None. Form answers may
    hold one (stored as JSON, as the JSON-Schema-Test-Suite expects); the API's other bodies
    are written to text columns, where PostgreSQL cannot store it."""
    stack: list[tuple[object, str]] = [(value, "")]
    while stack:
        node, where = stack.pop()
        if isinstance(node, str):
            if "\x00" in node:
                return where
        elif isinstance(node, dict):
            for key, item in node.items():
                path = f"{where}/{_escape(key)}"
                if "\x00" in key:
                    return path
                stack.append((item, path))
        elif isinstance(node, list):
            stack.extend((item, f"{where}/{i}") for i, item in enumerate(node))
    return None


def has_lone_surrogate(text: str) -> bool:
    """Whether ``text`` holds half a UTF-16 pair (no character; UTF-8 cannot encode it)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _escape(key: object) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")
