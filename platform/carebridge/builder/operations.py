"""Edits to a definition document, each a pure function: the document in, a new document out.

The builder's pages call one of these per request; nothing here touches storage, so each is
tested on plain dicts. A refused edit raises ``EditRefused`` with words an admin can read.
"""

from __future__ import annotations

import copy
from typing import Any

from carebridge.builder import layout, places
from carebridge.builder.conditions import forget
from carebridge.builder.places import Path
from carebridge.builder.questions import (
    CHOICE_WIDGETS,
    PRESETS,
    choice_rows,
    code_from_label,
    new_question,
)
from carebridge.builder.refused import EditRefused
from carebridge.builder.scoring_rows import forget_in_needs
from carebridge.i18n import gettext as _

__all__ = ["EditRefused"]

SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"


def blank(title: str, slug: str = "new-form", kind: str = "intake") -> dict:
    """An empty form: a closed object and nothing else."""
    return {"id": slug, "title": title, "kind": kind,
            "schema": {"$schema": SCHEMA_URI, "type": "object", "properties": {},
                       "additionalProperties": False}}


_copy = places.fresh_copy


def set_form(document: dict, key: str, value: str) -> dict:
    """Set the form's ``title``, ``description``, ``kind``, ``id`` or ``ui.submit_label``."""
    doc = _copy(document)
    if key == "submit_label":
        ui = doc.setdefault("ui", {})
        if value:
            ui["submit_label"] = value
        else:
            ui.pop("submit_label", None)
    elif key in ("title", "kind", "id"):
        doc[key] = value
    elif key == "description":
        if value:
            doc["description"] = value
        else:
            doc.pop("description", None)
    else:
        raise EditRefused(_("The form has no setting %(key)s.", key=key))
    return doc


# -- adding -------------------------------------------------------------------------------


def add_question(document: dict, kind: str, label: str, *, parents: Path = (),
                 section: int | None = None, after: str | None = None) -> tuple[dict, Path]:
    """Add a question of ``kind`` under ``parents`` (a group) or at the top level, into
    ``section`` (an index of the pages or sections) or after ``after``; returns its path."""
    doc = _copy(document)
    label = label.strip() or _("Untitled question")
    obj = places.parent_object(doc, parents)
    if obj.get("type") not in ("object", None):
        raise EditRefused(_("Questions can only be added to a group."))
    name = code_from_label(label, places.keys_of(obj))
    schema, ui, required = new_question(kind, label)
    obj.setdefault("properties", {})[name] = schema
    if required:
        obj.setdefault("required", []).append(name)
    path = (*parents, name)
    for key, value in ui.items():
        places.set_field_ui(doc, path, key, value)
    layout.place(doc, path, section=section, after=after)
    return doc, path


# -- changing a question ------------------------------------------------------------------

#: Keys of a question's schema the property panel edits directly.
LIMITS = ("minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems")


def set_property(document: dict, path: Path, key: str, value: Any) -> dict:
    """Change one thing about a question: ``label``, ``help``, ``placeholder``, ``required``,
    ``staff_only`` (who sees it), ``default``, ``widget``, ``add_label``, a limit
    (``minimum``…), ``pattern`` (a preset key or ``""``), ``rows``."""
    doc = _copy(document)
    schema = places.question(doc, path)
    ui = places.field_ui(doc, path)
    if key == "label":
        if not str(value).strip():
            raise EditRefused(_("A question needs a label."))
        if "label" in ui:
            places.set_field_ui(doc, path, "label", str(value).strip())
        else:
            schema["title"] = str(value).strip()
            if schema.get("type") == "array" and isinstance(schema.get("items"), dict) \
                    and schema["items"].get("type") == "object" and "title" not in ui:
                schema["items"].setdefault("title", str(value).strip())
    elif key == "help":
        if "help" in ui:
            places.set_field_ui(doc, path, "help", str(value))
        elif str(value).strip() or schema.get("type") == "null":
            schema["description"] = str(value).strip()
        else:
            schema.pop("description", None)
    elif key in ("placeholder", "add_label", "autocomplete"):
        places.set_field_ui(doc, path, key, str(value).strip())
    elif key == "rows":
        places.set_field_ui(doc, path, "rows", int(value) if value not in (None, "") else None)
    elif key == "widget":
        if value not in CHOICE_WIDGETS and value not in ("textarea", "text", "checkboxes"):
            raise EditRefused(_("Unknown control %(name)s.", name=value))
        places.set_field_ui(doc, path, "widget", value or None)  # None: chosen by count
    elif key == "required":
        if value and ui.get("staff_only"):
            raise EditRefused(_("A question only staff see cannot be required: a client on a "
                                "kiosk could never send the form."))
        _set_required(doc, path, bool(value))
    elif key == "staff_only":
        if len(path) != 1:
            raise EditRefused(_("Only a question outside groups can be for staff only."))
        if value and path[-1] in places.holder(doc, path).get("required", []):
            raise EditRefused(_("A required question cannot be for staff only: a client on a "
                                "kiosk could never send the form."))
        places.set_field_ui(doc, path, "staff_only", True if value else None)
    elif key == "default":
        _set_default(schema, value)
    elif key in LIMITS:
        _set_limit(schema, key, value)
        _check_limits(schema)
    elif key == "pattern":
        _set_pattern(schema, value)
    else:
        raise EditRefused(_("A question has no setting %(key)s.", key=key))
    return doc


def _set_required(doc: dict, path: Path, on: bool) -> None:
    owner = places.holder(doc, path)
    required = owner.setdefault("required", [])
    name = path[-1]
    if on and name not in required:
        required.append(name)
    elif not on and name in required:
        required.remove(name)
    if not required:
        del owner["required"]


def _number(value: Any, whole: bool) -> int | float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise EditRefused(_("Enter a number.")) from None
    if whole or number.is_integer():
        return int(number)
    return number


def _set_limit(schema: dict, key: str, value: Any) -> None:
    if value in (None, ""):
        schema.pop(key, None)
        return
    whole = key in ("minLength", "maxLength", "minItems", "maxItems") or \
        schema.get("type") == "integer"
    number = _number(value, whole)
    if number < 0 and key not in ("minimum", "maximum"):
        raise EditRefused(_("A length cannot be negative."))
    schema[key] = number


def _check_limits(schema: dict) -> None:
    for lower, upper in (("minLength", "maxLength"), ("minimum", "maximum"),
                         ("minItems", "maxItems")):
        if lower in schema and upper in schema and schema[lower] > schema[upper]:
            raise EditRefused(_("The smallest allowed is more than the largest."))


def set_limits(document: dict, path: Path, limits: dict[str, Any]) -> dict:
    """Change several limits at once (raising both ends of a range is one change)."""
    doc = _copy(document)
    schema = places.question(doc, path)
    for key, value in limits.items():
        if key not in LIMITS:
            raise EditRefused(_("A question has no setting %(key)s.", key=key))
        _set_limit(schema, key, value)
    _check_limits(schema)
    return doc


def _set_pattern(schema: dict, preset: str) -> None:
    old = next((p for p in PRESETS.values() if p.pattern == schema.get("pattern")), None)
    if old is not None and schema.get("description") == str(old.description):
        schema.pop("description")
    if not preset:
        schema.pop("pattern", None)
        return
    if preset not in PRESETS:
        raise EditRefused(_("Unknown pattern %(name)s.", name=preset))
    schema["pattern"] = PRESETS[preset].pattern
    schema.setdefault("description", str(PRESETS[preset].description))


def _set_default(schema: dict, value: Any) -> None:
    if value in (None, ""):
        schema.pop("default", None)
        return
    kind = schema.get("type")
    if kind in ("integer", "number"):
        value = _number(value, kind == "integer")
    elif kind == "boolean":
        value = str(value).lower() in ("true", "yes", "on", "1")
    rows = choice_rows(schema)
    if rows is not None and schema.get("type") != "array":
        codes = [r["const"] for r in rows]
        if value not in codes:
            raise EditRefused(_("The default must be one of the choices."))
    schema["default"] = value


def set_choices(document: dict, path: Path, rows: list[tuple[str, str]]) -> dict:
    """Replace a choice question's choices with ``rows`` of ``(code, label)``.

    An empty code is made from its label. A choice is its code: a row with a code the question
    has keeps that choice (and whatever else it holds) with the new label; renaming a code
    published versions store is ``rename_code``'s to refuse, and removing one is warned about
    when publishing (``builder.changes``).
    """
    doc = _copy(document)
    schema = places.question(doc, path)
    old = choice_rows(schema)
    if old is None:
        raise EditRefused(_("This question has no choices."))
    new: list[dict] = []
    for code, label in rows:
        label = label.strip()
        if not label:
            continue
        code = code.strip() or code_from_label(label, [r["const"] for r in new])
        if any(r["const"] == code for r in new):
            raise EditRefused(_("Two choices have the code %(code)s.", code=code))
        was = next((r for r in old if str(r["const"]) == code), None)
        row = was if was is not None else {"const": _typed(schema, code)}
        if not (was is not None and "title" not in was and label == str(was["const"])):
            row["title"] = label  # (a choice shown by its code keeps having no title)
        new.append(row)
    if not new:
        raise EditRefused(_("A choice question needs at least one choice."))
    old[:] = new
    return doc


def _typed(schema: dict, code: str) -> Any:
    kind = (schema.get("items") or {}).get("type") if schema.get("type") == "array" \
        else schema.get("type")
    if kind in ("integer", "number"):
        return _number(code, kind == "integer")
    return code


def rename_code(document: dict, path: Path, old: str, new: str, *,
                locked: frozenset | set = frozenset()) -> dict:
    """Change a choice's stored code, unless a published version already stores it."""
    if old in {str(c) for c in locked}:
        raise EditRefused(_("%(code)s is in a published version; stored answers use it.",
                            code=old))
    doc = _copy(document)
    rows = choice_rows(places.question(doc, path)) or []
    if any(str(r["const"]) == new for r in rows):
        raise EditRefused(_("Two choices have the code %(code)s.", code=new))
    for row in rows:
        if str(row["const"]) == old:
            row["const"] = _typed(places.question(doc, path), new)
    return doc


def add_choice(document: dict, path: Path, label: str) -> dict:
    doc = _copy(document)
    rows = choice_rows(places.question(doc, path))
    if rows is None:
        raise EditRefused(_("This question has no choices."))
    consts = [r["const"] for r in rows]
    if consts and all(isinstance(c, int) and not isinstance(c, bool) for c in consts):
        code: Any = max(consts) + 1  # a scored scale: the next value up
    else:
        code = code_from_label(label, [str(c) for c in consts])
    rows.append({"const": code, "title": label.strip() or str(code)})
    return doc


# -- copying, deleting -------------------------------------------------------------------


def duplicate(document: dict, path: Path) -> tuple[dict, Path]:
    """A copy of a question (and its presentation) right after it, named and labelled anew."""
    doc = _copy(document)
    owner = places.holder(doc, path)
    original = owner["properties"][path[-1]]
    taken = places.keys_of(places.parent_object(doc, path[:-1]))
    name = code_from_label(path[-1] + "_copy", taken)
    clone = copy.deepcopy(original)
    if "title" in clone:
        clone["title"] = _("%(label)s (copy)", label=clone["title"])
    owner["properties"][name] = clone
    if path[-1] in owner.get("required", []):
        owner["required"].append(name)
    new_path = (*path[:-1], name)
    prefix = places.data_path(doc, path)
    fields = places.ui_fields(doc)
    for key, value in list(fields.items()):
        if key == prefix or key.startswith(prefix + "/"):
            fields[places.data_path(doc, new_path) + key[len(prefix):]] = copy.deepcopy(value)
    layout.place_copy(doc, path, name)
    return doc, new_path


def delete(document: dict, path: Path) -> dict:
    """Remove a question with its presentation, its place in sections and order lists, and
    the scoring items and conditions that name it (undo brings all of it back)."""
    doc = _copy(document)
    owner = places.holder(doc, path)
    dp = places.data_path(doc, path)
    name = path[-1]
    del owner["properties"][name]
    if name in owner.get("required", []):
        owner["required"].remove(name)
        if not owner["required"]:
            del owner["required"]
    ui = doc.get("ui") or {}
    fields = ui.get("fields") or {}
    for key in [k for k in fields if k == dp or k.startswith(dp + "/")]:
        del fields[key]
    if "fields" in ui and not fields:
        del ui["fields"]
    if len(path) == 1:
        layout.forget(doc, name)
    else:
        order = places.field_ui(doc, path[:-1]).get("order")
        if order is not None and name in order:
            order.remove(name)
    forget(places.parent_object(doc, path[:-1]), name)
    _forget_in_scoring(doc, dp)
    if len(path) == 1:
        forget_in_needs(doc, lambda row: row.field == name)
    return doc


def _forget_in_scoring(doc: dict, dp: str) -> None:
    scoring = doc.get("scoring")
    if not isinstance(scoring, dict):
        return
    for score in scoring.get("scores", []):
        for key in ("items", "reverse"):
            if key in score:
                score[key] = [p for p in score[key] if p != dp and not p.startswith(dp + "/")]
    if "flags" in scoring:
        scoring["flags"] = [f for f in scoring["flags"] if f.get("path") != dp]
        if not scoring["flags"]:
            del scoring["flags"]


def set_json(document: dict, pointer: str, value: Any) -> dict:
    """Replace the part of the document at JSON Pointer ``pointer`` (an "advanced" block)."""
    doc = _copy(document)
    parts = [places.unescape(p) for p in pointer.split("/")[1:]]
    if not parts:
        if not isinstance(value, dict):
            raise EditRefused(_("A definition is a JSON object."))
        return value
    node: Any = doc
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    last = parts[-1]
    if isinstance(node, list):
        node[int(last)] = value
    elif value is None:
        node.pop(last, None)
    else:
        node[last] = value
    return doc
