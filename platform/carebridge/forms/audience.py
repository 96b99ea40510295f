"""Who a question is for: everyone, or staff only (never shown on a kiosk, where clients fill a
form themselves). Marked in the presentation, ``ui.fields["/name"].staff_only``: the schema, and
so what a valid submission is, stays the same wherever the form is filled."""

from __future__ import annotations

import copy

from carebridge.errors import Problem
from carebridge.forms.validation import pointer
from carebridge.i18n import gettext as _


def _unescape(part: str) -> str:
    return part.replace("~1", "/").replace("~0", "~")


def staff_only(document: dict) -> list[str]:
    """The top-level questions only staff see."""
    fields = (document.get("ui") or {}).get("fields") or {}
    return [_unescape(path[1:]) for path, ui in fields.items()
            if isinstance(ui, dict) and ui.get("staff_only") and path.count("/") == 1]


def _required_anywhere(schema: dict) -> set[str]:
    required = set(schema.get("required") or [])
    for rule in schema.get("allOf") or []:
        for branch in ("then", "else"):
            part = rule.get(branch) if isinstance(rule, dict) else None
            if isinstance(part, dict):
                required |= set(part.get("required") or [])
    return required


def problems(document: dict) -> list[Problem]:
    """Staff-only marks publishing refuses: below the top level, or on a required question
    (a client on a kiosk could never send the form)."""
    fields = (document.get("ui") or {}).get("fields") or {}
    required = _required_anywhere(document.get("schema") or {})
    found = []
    for path, ui in fields.items():
        if not (isinstance(ui, dict) and ui.get("staff_only")):
            continue
        at = pointer(["ui", "fields", path, "staff_only"])
        if path.count("/") != 1:
            found.append(Problem(at, _("Only a top-level question can be for staff only.")))
        elif _unescape(path[1:]) in required:
            found.append(Problem(at, _("A question for staff only cannot be required: a client "
                                       "on a kiosk could never send the form.")))
    return found


def kiosk_document(document: dict) -> dict:
    """The definition as a kiosk shows it: without the questions only staff see."""
    hidden = set(staff_only(document))
    if not hidden:
        return document
    doc = copy.deepcopy(document)
    schema = doc["schema"]
    holders = [schema] + [r["then"] for r in schema.get("allOf") or []
                          if isinstance(r, dict) and isinstance(r.get("then"), dict)]
    for holder in holders:
        for name in hidden & set(holder.get("properties") or {}):
            del holder["properties"][name]
    ui = doc.get("ui") or {}
    if "order" in ui:
        ui["order"] = [n for n in ui["order"] if n not in hidden]
    for layout in ("sections", "pages"):
        if layout in ui:
            for part in ui[layout]:
                part["fields"] = [n for n in part["fields"] if n not in hidden]
            ui[layout] = [p for p in ui[layout] if p["fields"]]
            if not ui[layout]:
                del ui[layout]
    fields = ui.get("fields") or {}
    for path in list(fields):
        head = _unescape(path[1:].split("/", 1)[0])
        if head in hidden:
            del fields[path]
    return doc
