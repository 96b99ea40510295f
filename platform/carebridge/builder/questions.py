"""Question types the builder offers: each a small JSON Schema fragment and its presentation.

The fragments are plain draft 2020-12 JSON Schema written the way the shipped instruments are
(choices as ``oneOf`` of ``{const, title}``, a consent box as ``const: true``), so a form made in
the builder reads like one written by hand and any other JSON Schema tool understands it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from carebridge.builder.rules import is_follow_up_rule
from carebridge.i18n import lazy_gettext as _l


@dataclass(frozen=True)
class Preset:
    """A pattern with the words people read instead of the regular expression."""

    key: str
    pattern: str
    description: object


PRESETS: dict[str, Preset] = {
    p.key: p for p in (
        Preset("us_phone", r"^\(?[0-9]{3}\)?[ .-]?[0-9]{3}[ .-]?[0-9]{4}$",
               _l("A US phone number: 10 digits, such as (650) 555-0100.")),
        Preset("zip", r"^[0-9]{5}(?:-[0-9]{4})?$",
               _l("A US ZIP code: 5 digits, or ZIP+4 such as 94063-1234.")),
        Preset("digits", r"^[0-9]+$", _l("Digits only.")),
    )
}

#: The types an admin picks from, in the order the "Add a question" list shows them.
TYPES: dict[str, object] = {
    "short_text": _l("Short text"),
    "long_text": _l("Long text"),
    "whole_number": _l("Number (whole)"),
    "decimal_number": _l("Number (decimal)"),
    "date": _l("Date"),
    "time": _l("Time"),
    "yes_no": _l("Yes / no"),
    "single_choice": _l("Single choice"),
    "scored_choice": _l("Scored choice (0, 1, 2, 3)"),
    "multiple_choice": _l("Multiple choice"),
    "email": _l("Email address"),
    "phone": _l("Phone number"),
    "zip": _l("ZIP code"),
    "address": _l("Address block"),
    "consent": _l("\"I agree\" box"),
    "info": _l("Information text"),
    "group": _l("Group of questions"),
    "repeat": _l("Repeat group (add another…)"),
}

#: Single-choice widgets by hand; ``""`` lets the number of choices decide.
CHOICE_WIDGETS = ("", "radio", "select", "searchable-select")


def code_from_label(label: str, taken: object = ()) -> str:
    """A stored code made from a label: ``"Often true"`` → ``often_true``, unique in ``taken``."""
    text = unicodedata.normalize("NFKD", str(label)).encode("ascii", "ignore").decode()
    code = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:40].strip("_") or "item"
    if code[0].isdigit():
        code = "n" + code
    taken = set(taken)
    found, n = code, 2
    while found in taken:
        found, n = f"{code}_{n}", n + 1
    return found


def choices(labels: list[str]) -> list[dict]:
    """``oneOf`` rows for ``labels``, each with a code made from its label."""
    rows: list[dict] = []
    for label in labels:
        rows.append({"const": code_from_label(label, [r["const"] for r in rows]),
                     "title": label})
    return rows


def new_question(kind: str, label: str) -> tuple[dict, dict, bool]:
    """The schema, the ``ui.fields`` entry and whether it is required, for a new question."""
    ui: dict = {}
    if kind in ("short_text", "long_text"):
        schema: dict = {"type": "string", "title": label}
        if kind == "long_text":
            ui = {"widget": "textarea"}
    elif kind == "whole_number":
        schema = {"type": "integer", "title": label}
    elif kind == "decimal_number":
        schema = {"type": "number", "title": label}
    elif kind in ("date", "time", "email"):
        schema = {"type": "string", "format": kind, "title": label}
    elif kind == "yes_no":
        schema = {"type": "boolean", "title": label}
    elif kind == "single_choice":
        rows = choices([str(_l("Yes")), str(_l("No"))])
        # No widget: the renderer picks radios, a dropdown or a searchable list by the number
        # of choices, until the admin picks one by hand.
        schema = {"type": "string", "title": label, "oneOf": rows}
    elif kind == "scored_choice":
        labels = [_l("Not at all"), _l("Several days"), _l("More than half the days"),
                  _l("Nearly every day")]
        schema = {"type": "integer", "title": label,
                  "oneOf": [{"const": n, "title": str(t)} for n, t in enumerate(labels)]}
        ui = {"widget": "radio"}
    elif kind == "multiple_choice":
        rows = choices([str(_l("First choice")), str(_l("Second choice"))])
        schema = {"type": "array", "title": label, "uniqueItems": True,
                  "items": {"type": "string", "oneOf": rows}}
        ui = {"widget": "checkboxes"}
    elif kind in ("phone", "zip"):
        preset = PRESETS["us_phone" if kind == "phone" else "zip"]
        schema = {"type": "string", "title": label, "pattern": preset.pattern,
                  "description": str(preset.description)}
        ui = {"autocomplete": "tel" if kind == "phone" else "postal-code"}
    elif kind == "address":
        schema = {"type": "object", "title": label, "properties": {
            "street": {"type": "string", "title": str(_l("Street address")), "maxLength": 200},
            "city": {"type": "string", "title": str(_l("City")), "maxLength": 100},
            "state": {"type": "string", "title": str(_l("State")), "maxLength": 2},
            "zip": {"type": "string", "title": str(_l("ZIP code")),
                    "pattern": PRESETS["zip"].pattern,
                    "description": str(PRESETS["zip"].description)},
        }, "additionalProperties": False}
    elif kind == "consent":
        return {"type": "boolean", "const": True, "title": label}, {}, True
    elif kind == "info":
        # Nothing to answer: a null that is always valid, shown as its title and description.
        schema = {"type": "null", "title": label, "description": ""}
        ui = {"widget": "info"}
    elif kind == "group":
        schema = {"type": "object", "title": label, "properties": {},
                  "additionalProperties": False}
    elif kind == "repeat":
        schema = {"type": "array", "title": label, "items": {
            "type": "object", "title": label, "properties": {}, "additionalProperties": False}}
        ui = {"add_label": str(_l("Add another"))}
    else:
        raise ValueError(f"unknown question type {kind!r}")
    return schema, ui, False


def kind_of(schema: object, ui: dict | None = None) -> str:
    """Which builder type a property schema is, or ``advanced`` when the builder cannot show it
    as a question (alternatives of objects, a schema that is only a ``$ref``, …)."""
    ui = ui or {}
    if not isinstance(schema, dict):
        return "advanced"
    if "$ref" in schema or any(k in schema for k in ("anyOf", "not", "if")):
        return "advanced"
    if "allOf" in schema and not (schema.get("type") == "object" and isinstance(
            schema["allOf"], list) and all(is_follow_up_rule(r, schema)
                                           for r in schema["allOf"])):
        return "advanced"  # a group's own rules are the builder's only when they show follow-ups
    kind = schema.get("type")
    if schema.get("const") is True and kind == "boolean":
        return "consent"
    if "const" in schema or "enum" in schema:
        return "advanced"
    if "oneOf" in schema:
        return "single_choice" if _labelled(schema["oneOf"]) and kind in (
            "string", "integer", "number", None) else "advanced"
    if kind == "string":
        fmt = schema.get("format")
        if fmt in ("date", "time", "email"):
            return fmt
        if fmt:
            return "advanced"
        pattern = schema.get("pattern")
        if pattern == PRESETS["us_phone"].pattern or ui.get("autocomplete") == "tel":
            return "phone"
        if pattern == PRESETS["zip"].pattern:
            return "zip"
        return "long_text" if ui.get("widget") == "textarea" else "short_text"
    if kind == "integer":
        return "whole_number"
    if kind == "number":
        return "decimal_number"
    if kind == "boolean":
        return "yes_no"
    if kind == "null":
        return "info"
    if kind == "object" and isinstance(schema.get("properties"), dict):
        return "group"
    if kind == "array":
        items = schema.get("items")
        if isinstance(items, dict) and "oneOf" in items and _labelled(items["oneOf"]):
            return "multiple_choice"
        if isinstance(items, dict) and kind_of(items) == "group":
            return "repeat"
    return "advanced"


def _labelled(rows: object) -> bool:
    return isinstance(rows, list) and bool(rows) and all(
        isinstance(r, dict) and "const" in r and set(r) <= {"const", "title", "description"}
        for r in rows)


def choice_rows(schema: dict) -> list[dict] | None:
    """The ``oneOf`` list a choice question stores its choices in (the items' for multiple)."""
    if isinstance(schema.get("oneOf"), list):
        return schema["oneOf"]
    items = schema.get("items")
    if isinstance(items, dict) and isinstance(items.get("oneOf"), list):
        return items["oneOf"]
    return None


def preset_of(pattern: object) -> str:
    return next((p.key for p in PRESETS.values() if p.pattern == pattern), "")
