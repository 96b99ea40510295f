"""Stored answers as a person reads them: question and answer pairs, by the form's own words.

A submission stores codes (``"wages"``, ``2``, ``true``) and UTC instants; a reader wants
"Where does your income come from? — Wages from a job" and the time where the agency is.
``answers(document, data, time_zone)`` walks the definition's schema beside the data and
returns ``Answer``s; the submission page, the print view and the client file draw them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from carebridge.forms.definitions import resolve_local_ref
from carebridge.i18n import _


@dataclass
class Answer:
    """One question and its answer; a group (an object or a list) has ``parts`` instead."""

    question: str
    text: str = ""  # the answer as words ("" for a group)
    pointer: str = ""  # where it is in the data (a JSON Pointer)
    parts: list[Answer] = field(default_factory=list)
    chosen: list[str] = field(default_factory=list)  # the titles of the choices picked

    @property
    def is_group(self) -> bool:
        return bool(self.parts)


def answers(document: dict, data: Any, time_zone: str) -> list[Answer]:
    """The answers in ``data`` to the form ``document``, in the form's order."""
    schema = document.get("schema") if isinstance(document.get("schema"), dict) else document
    reader = _Reader(schema, ZoneInfo(time_zone))
    if not isinstance(data, dict):
        return [Answer(document.get("title") or _("Answer"), reader.text(schema, data, ""), "")]
    return reader.object(schema, data, "")


_WORDS = re.compile(r"[_\-]+")


def _humanize(key: str) -> str:
    words = _WORDS.sub(" ", re.sub(r"(?<=[a-z])(?=[A-Z])", " ", key)).strip()
    return words[:1].upper() + words[1:] if words else key


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


class _Reader:
    def __init__(self, root: dict, zone: ZoneInfo) -> None:
        self.root = root
        self.zone = zone

    def resolve(self, schema: Any, depth: int = 0) -> dict:
        """The schema with local ``$ref``s followed and ``allOf`` parts merged in."""
        if not isinstance(schema, dict):
            return {}
        if "$ref" in schema and depth < 20:
            target = resolve_local_ref(self.root, schema["$ref"])
            if isinstance(target, dict):
                rest = {k: v for k, v in schema.items() if k != "$ref"}
                schema = {**self.resolve(target, depth + 1), **rest}
        merged = dict(schema)
        for part in schema.get("allOf") or []:
            part = self.resolve(part, depth + 1)
            merged["properties"] = {**(part.get("properties") or {}),
                                    **(merged.get("properties") or {})}
            for key, value in part.items():
                merged.setdefault(key, value)
        return merged

    def properties(self, schema: dict) -> dict:
        """Every property the schema can ask, its branches' included (for their titles)."""
        props = dict(schema.get("properties") or {})
        for key in ("oneOf", "anyOf"):
            for branch in schema.get(key) or []:
                for name, sub in (self.resolve(branch).get("properties") or {}).items():
                    props.setdefault(name, sub)
        for part in ("then", "else"):
            for name, sub in (self.resolve(schema.get(part)).get("properties") or {}).items():
                props.setdefault(name, sub)
        return props

    def object(self, schema: dict, data: dict, pointer: str) -> list[Answer]:
        schema = self.resolve(schema)
        props = self.properties(schema)
        ordered = [k for k in props if k in data] + [k for k in data if k not in props]
        return [self.answer(k, self.resolve(props.get(k)), data[k], f"{pointer}/{_escape(k)}")
                for k in ordered]

    def answer(self, key: str, schema: dict, value: Any, pointer: str) -> Answer:
        question = schema.get("title") if isinstance(schema.get("title"), str) else ""
        question = question or _humanize(key)
        if isinstance(value, dict):
            return Answer(question, "", pointer, self.object(schema, value, pointer))
        if isinstance(value, list):
            items = self.resolve(schema.get("items"))
            if value and all(not isinstance(v, dict | list) for v in value):
                chosen = [self.text(items, v, pointer) for v in value]
                return Answer(question, ", ".join(chosen), pointer, chosen=chosen)
            item_title = items.get("title") if isinstance(items.get("title"), str) else ""
            parts = [
                self.answer(str(i), {**items, "title": f"{item_title or question} {i + 1}"},
                            v, f"{pointer}/{i}")
                for i, v in enumerate(value)
            ]
            return Answer(question, "" if parts else _("None"), pointer, parts)
        text = self.text(schema, value, pointer)
        chosen = [text] if self.choices(schema) or isinstance(value, bool) else []
        return Answer(question, text, pointer, chosen=chosen)

    def choices(self, schema: dict) -> list[tuple[Any, str]]:
        for key in ("oneOf", "anyOf"):
            options = schema.get(key)
            if isinstance(options, list) and options and all(
                    isinstance(o, dict) and "const" in o for o in options):
                return [(o["const"], o.get("title") or str(o["const"])) for o in options]
        if isinstance(schema.get("enum"), list):
            return [(v, str(v)) for v in schema["enum"]]
        return []

    def text(self, schema: dict, value: Any, pointer: str) -> str:
        schema = self.resolve(schema)
        for option, title in self.choices(schema):
            if option == value and type(option) is type(value):
                return title
        if value is True:
            return _("Yes")
        if value is False:
            return _("No")
        if value is None:
            return "—"
        if isinstance(value, str) and schema.get("format") == "date-time":
            return self.moment(value)
        if isinstance(value, str) and schema.get("format") == "date":
            return _day(value)
        if isinstance(value, dict | list):
            return json.dumps(value, ensure_ascii=False)
        return str(value)

    def moment(self, value: str) -> str:
        try:
            instant = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        if instant.tzinfo is None:
            return instant.strftime("%Y-%m-%d %H:%M")
        return local_time(instant, self.zone)


def _day(value: str) -> str:
    try:
        return date.fromisoformat(value).strftime("%Y-%m-%d")
    except ValueError:
        return value


def local_time(instant: datetime, zone: ZoneInfo | str) -> str:
    """An instant as the agency reads it: ``2024-05-01 14:05 PDT``."""
    zone = ZoneInfo(zone) if isinstance(zone, str) else zone
    return instant.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")
