"""What a browser without JavaScript sends when a form is submitted as it was drawn.

Follows the HTML standard's parsing, value sanitization and form submission closely enough to
catch what would change an answer: line breaks normalized (parsing reads CR and CRLF as LF,
one newline right after ``<textarea>`` is dropped, a submission sends every line break as
CRLF), line breaks stripped from single-line inputs, an input's value dropped when it is not
valid for its type (a number, a date…), a select without a selected option sending its first
option, disabled controls and unticked boxes sending nothing.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

_SINGLE_LINE = {"text", "search", "tel", "url", "email", "password"}
_BUTTONS = {"submit", "button", "image", "reset"}
_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_DATE = re.compile(r"([0-9]{4,})-([0-9]{2})-([0-9]{2})\Z")
_TIME = re.compile(r"([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,3}))?)?\Z")


def _valid_date(text: str) -> bool:
    found = _DATE.match(text)
    if not found:
        return False
    year = int(found[1])
    try:  # a year past 9999 is valid too: its leap years as one 400 years earlier
        date(year if year <= 9999 else 2000 + year % 400, int(found[2]), int(found[3]))
    except ValueError:
        return False
    return year > 0


def _valid_time(text: str) -> bool:
    found = _TIME.match(text)
    return bool(found) and int(found[1]) < 24 and int(found[2]) < 60 and int(
        found[3] or 0) < 60


def _normalized_local(text: str) -> str:
    """A datetime-local input's value as the browser keeps it ("" when not valid)."""
    day, sep, clock = text.replace(" ", "T").partition("T")
    if not sep or not _valid_date(day) or not _valid_time(clock):
        return ""
    hours_minutes, _, rest = clock[:5], "", clock[6:]
    seconds, _, fraction = rest.partition(".")
    fraction = fraction.rstrip("0")
    if fraction:
        return f"{day}T{hours_minutes}:{seconds}.{fraction}"
    if seconds and seconds != "00":
        return f"{day}T{hours_minutes}:{seconds}"
    return f"{day}T{hours_minutes}"


def sanitized(kind: str, value: str) -> str:
    """An ``<input type=kind>``'s value after the standard's value sanitization."""
    if kind in _SINGLE_LINE:
        value = value.replace("\r", "").replace("\n", "")
        return value.strip(" \t\n\f\r") if kind in ("email", "url") else value
    if kind == "number":
        return value if _NUMBER.match(value) else ""
    if kind == "date":
        return value if _valid_date(value) else ""
    if kind == "time":
        return value if _valid_time(value) else ""
    if kind == "datetime-local":
        return _normalized_local(value)
    return value


class _Form(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.depth = 0  # >0 inside the form
        self.pairs: list[tuple[str, str]] = []
        self.controls: list[dict] = []  # every control drawn, for the label checks
        self.labels: set[str] = set()
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.depth = 1
            return
        if tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        if not self.depth:
            return
        if tag == "input":
            self.controls.append({"tag": tag, **a})
            kind = (a.get("type") or "text").lower()
            name = a.get("name")
            if not name or "disabled" in a or kind in _BUTTONS:
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.pairs.append((name, a.get("value", "on")))
                return
            self.pairs.append((name, sanitized(kind, a.get("value") or "")))
        elif tag == "select":
            self.controls.append({"tag": tag, **a})
            self._select = {**a, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {**a, "text": ""}
            self._select["options"].append(self._option)
        elif tag == "textarea":
            self.controls.append({"tag": tag, **a})
            self._textarea = {**a, "text": ""}

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data
        elif self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.depth:
            self.depth = 0
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            select, self._select = self._select, None
            options = select["options"]
            if select.get("name") and "disabled" not in select and options:
                chosen = next((o for o in options if "selected" in o), options[0])
                value = chosen.get("value")
                if value is None:
                    value = " ".join(chosen["text"].split())
                self.pairs.append((select["name"], value))
        elif tag == "textarea" and self._textarea is not None:
            area, self._textarea = self._textarea, None
            text = area["text"]
            if text.startswith("\n"):
                text = text[1:]  # the parser drops a newline right after the start tag
            if area.get("name") and "disabled" not in area:
                self.pairs.append((area["name"], text))


def read_form(html: str, form_id: str = "cb-form") -> _Form:
    parser = _Form(form_id)
    parser.feed(html.replace("\r\n", "\n").replace("\r", "\n"))  # the input stream's newlines
    parser.close()
    return parser


def submitted(html: str, form_id: str = "cb-form") -> list[tuple[str, str]]:
    """The (name, value) pairs the form sends, every line break as CRLF."""
    return [(name, _crlf(value)) for name, value in read_form(html, form_id).pairs]


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def unlabelled(html: str, form_id: str = "cb-form") -> list[dict]:
    """Visible controls of the form no ``<label for>`` names."""
    parser = read_form(html, form_id)
    return [c for c in parser.controls
            if (c.get("type") or "text") not in ("hidden", *_BUTTONS)
            and c.get("id") not in parser.labels]
