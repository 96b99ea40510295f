"""A posted builder edit turned into one operation on the document (no storage, no Flask).

Every builder form posts an ``op`` and its fields; ``apply`` reads them from any mapping with
``get``/``getlist`` (werkzeug's ``MultiDict``) and returns the new document, the question to
select and the element to focus after the change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from carebridge.builder import conditions, layout, places, texts
from carebridge.builder import operations as ops
from carebridge.builder import scoring_rows as scoring
from carebridge.builder.places import Path
from carebridge.builder.questions import code_from_label, preset_of
from carebridge.builder.refused import EditRefused
from carebridge.builder.rules import Row
from carebridge.builder.view import read
from carebridge.i18n import gettext as _

#: Property-panel fields, in the order they are applied.
PANEL_KEYS = ("label", "help", "placeholder", "staff_only", "required", "default", "widget",
              "add_label", "minLength", "maxLength", "minimum", "maximum", "minItems",
              "maxItems", "pattern", "rows")


@dataclass
class Outcome:
    document: dict
    selected: Path | None = None
    focus: str = ""
    message: str = ""


def path_of(text: str | None) -> Path:
    return tuple(places.unescape(p) for p in (text or "").split("/") if p)


def path_text(path: Path) -> str:
    return "/".join(places.escape(p) for p in path)


def item_id(path: Path) -> str:
    """An HTML id for a question's card (stable while it keeps its name)."""
    return "q-" + "--".join("".join(c if c.isalnum() or c in "_-" else "_" for c in p)
                            for p in path)


def _int(value: Any, default: int | None = None) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default


def _number(value: Any) -> int | float | None:
    if value in (None, ""):
        return None
    try:
        number = float(str(value))
    except ValueError:
        raise EditRefused(_("Enter a number.")) from None
    return int(number) if number.is_integer() else number


def _when(value: str) -> tuple[str, Any, str]:
    """A condition choice posted as JSON ``[field, value]`` (value null: "is answered"), or
    ``[field, null, "at_least"|"at_most"]`` for a number compared with the row's number."""
    try:
        parts = json.loads(value)
        field, answer = parts[0], parts[1]
        op = parts[2] if len(parts) > 2 else ""
    except (TypeError, ValueError, IndexError, KeyError):
        raise EditRefused(_("Choose what the condition looks at.")) from None
    if op not in ("", "at_least", "at_most"):
        raise EditRefused(_("Choose what the condition looks at."))
    return str(field), answer, op


def condition_rows(form) -> list[Row]:
    rows = []
    numbers = form.getlist("number")
    for n, (when, negate) in enumerate(zip(form.getlist("when"), form.getlist("negate"),
                                          strict=False)):
        if not when:
            continue
        field, answer, op = _when(when)
        if op:
            number = _number(numbers[n] if n < len(numbers) else "")
            if number is None:
                raise EditRefused(_("Enter the number to compare with."))
            rows.append(Row(field, op, number))
        elif answer is None:
            rows.append(Row(field, "answered"))
        else:
            rows.append(Row(field, "is_not" if negate == "1" else "is", answer))
    return rows


def need_rows(form) -> list[Row]:
    rows = []
    for when, low in zip(form.getlist("when"), form.getlist("at_least"), strict=False):
        if not when:
            continue
        field, answer, _op = _when(when)
        if field.startswith("score:"):
            number = _number(low)
            if number is None:
                raise EditRefused(_("Say how high the score must be."))
            rows.append(Row(field, "at_least", number))
        else:
            rows.append(Row(field, "is", answer))
    return rows


def apply(document: dict, form, *, locked: dict[str, set[str]] | None = None) -> Outcome:
    """Apply the edit ``form`` describes to ``document``; raises ``EditRefused``."""
    op = form.get("op", "")
    path = path_of(form.get("path"))
    handler = _HANDLERS.get(op)
    if handler is None:
        raise EditRefused(_("Unknown change."))
    with places.tracking() as memos:
        outcome = handler(document, form, path, locked or {})
    if op != "json":  # JSON edited by hand says itself where its translations are
        texts.carry(document, outcome.document, memos)
    return outcome


def _form(document, form, path, locked):
    doc = document
    for key in ("title", "description", "kind", "id", "submit_label"):
        if key in form and form.get(key) != _form_value(doc, key):
            doc = ops.set_form(doc, key, form.get(key, "").strip())
    return Outcome(doc, focus="form-settings")


def _form_value(document: dict, key: str) -> str:
    if key == "submit_label":
        return (document.get("ui") or {}).get("submit_label", "")
    return str(document.get(key, ""))


def _add(document, form, path, locked):
    section = _int(form.get("section"))
    doc, new = ops.add_question(document, form.get("kind", "short_text"),
                                form.get("label", ""), parents=path, section=section)
    return Outcome(doc, new, focus="f-label", message=_("Question added."))


def _panel(document, form, path, locked):
    item = read(document).find(path)
    if item is None:
        raise EditRefused(_("There is no such question."))
    current = {"label": item.label, "help": item.help, "required": item.required,
               "default": item.schema.get("default", ""), **item.ui, **item.schema}
    changes: list[tuple[str, Any]] = []
    for key in PANEL_KEYS:
        if key in ("required", "staff_only"):
            wanted: Any = form.get(key) == "1"
            now = item.required if key == "required" else bool(item.ui.get("staff_only"))
            if f"{key}_shown" not in form or wanted == now:
                continue
        elif key not in form:
            continue
        else:
            wanted = form.get(key, "")
            now = preset_of(item.schema.get("pattern")) if key == "pattern" \
                else current.get(key, "")
            if str(now) == wanted or (now is None and wanted == ""):
                continue
        changes.append((key, wanted))
    # Switches turned off first: "required" and "staff only" exclude each other. Limits
    # change together, so a range can move up or down in one save.
    doc = document
    limits = {k: v for k, v in changes if k in ops.LIMITS}
    for key, wanted in sorted(changes, key=lambda change: change[1] is True):
        if key not in ops.LIMITS:
            doc = ops.set_property(doc, path, key, wanted)
    if limits:
        doc = ops.set_limits(doc, path, limits)
    return Outcome(doc, path, focus=form.get("focus") or "f-label", message=_("Saved."))


def _choices(document, form, path, locked):
    rows = list(zip(form.getlist("code"), form.getlist("choice"), strict=False))
    doc = ops.set_choices(document, path, rows)
    if form.get("new_choice", "").strip():
        doc = ops.add_choice(doc, path, form["new_choice"])
    return Outcome(doc, path, focus="f-new-choice", message=_("Choices saved."))


def _rename(document, form, path, locked):
    doc = ops.rename_code(document, path, form.get("old", ""), form.get("new", "").strip(),
                          locked=locked.get(places.data_path(document, path), set()))
    return Outcome(doc, path, focus="f-new-choice")


def _move(document, form, path, locked, step: str = ""):
    step = step or ("up" if form.get("step") == "up" else "down")
    doc = layout.move(document, path, -1 if step == "up" else 1)
    return Outcome(doc, path, focus=f"{item_id(path)}-{step}", message=_("Moved."))


def _move_up(document, form, path, locked):
    return _move(document, form, path, locked, "up")


def _move_down(document, form, path, locked):
    return _move(document, form, path, locked, "down")


def _move_to(document, form, path, locked):
    doc = layout.move_to(document, path, _int(form.get("section"), -1))
    return Outcome(doc, path, focus=f"{item_id(path)}-section", message=_("Moved."))


def _reorder(document, form, path, locked):
    names = [n for n in form.get("names", "").split(",") if n]
    section = _int(form.get("section"))
    doc = document
    if section is not None and len(path) == 1 and places.layout_of(doc) != "plain":
        parts = doc["ui"][places.layout_of(doc)]
        if 0 <= section < len(parts) and path[0] not in parts[section]["fields"]:
            doc = layout.move_to(doc, path, section)
    doc = layout.reorder(doc, path, [places.unescape(n) for n in names])
    return Outcome(doc, path, focus=f"{item_id(path)}-handle", message=_("Moved."))


def _duplicate(document, form, path, locked):
    doc, new = ops.duplicate(document, path)
    return Outcome(doc, new, focus="f-label", message=_("Question copied."))


def _delete(document, form, path, locked):
    doc = ops.delete(document, path)
    label = str(places.question(document, path).get("title") or path[-1])
    return Outcome(doc, None, focus="undo",
                   message=_("Deleted “%(label)s”.", label=label))


def _condition(document, form, path, locked):
    doc = conditions.set_condition(document, path, condition_rows(form),
                                   "or" if form.get("join") == "or" else "and")
    return Outcome(doc, path, focus="f-condition", message=_("Condition saved."))


def _section_add(document, form, path, locked):
    doc = layout.add_section(document, form.get("title", ""))
    return Outcome(doc, None, focus=f"section-{len(doc['ui'][places.layout_of(doc)]) - 1}",
                   message=_("Section added."))


def _section_set(document, form, path, locked):
    index = _int(form.get("index"), -1)
    doc = document
    for key in ("title", "description"):
        if key in form:
            doc = layout.set_section(doc, index, key, form.get(key, ""))
    return Outcome(doc, None, focus=f"section-{index}", message=_("Saved."))


def _section_remove(document, form, path, locked):
    return Outcome(layout.remove_section(document, _int(form.get("index"), -1)), None,
                   focus="undo", message=_("Section removed."))


def _pages(document, form, path, locked):
    return Outcome(layout.use_pages(document, form.get("on") == "1"), None, focus="layout")


def _score(document, form, path, locked):
    bands = []
    for low, high, label in zip(form.getlist("band_min"), form.getlist("band_max"),
                                form.getlist("band_label"), strict=False):
        if label.strip() or low or high:
            if _number(low) is None or _number(high) is None or not label.strip():
                raise EditRefused(_("A band needs a lowest and highest score and a label."))
            bands.append(scoring.Band(_number(low), _number(high), label.strip()))
    name = form.get("name", "").strip()
    if not name:
        raise EditRefused(_("A score needs a name."))
    doc = scoring.set_score(document, code_from_label(name), label=form.get("label", ""),
                            method=form.get("method", "sum"), items=form.getlist("items"),
                            bands=bands)
    return Outcome(doc, None, focus="scoring", message=_("Score saved."))


def _score_remove(document, form, path, locked):
    return Outcome(scoring.remove_score(document, form.get("name", "")), None, focus="undo",
                   message=_("Score removed."))


def _flag(document, form, path, locked):
    watched = form.get("watch", "")
    doc = scoring.set_flag(
        document, _int(form.get("index")), message=form.get("message", ""),
        path=watched if watched.startswith("/") else "",
        score=watched.removeprefix("score:") if watched.startswith("score:") else "",
        low=_number(form.get("min")), high=_number(form.get("max")),
        severity=form.get("severity", "warning"), label=form.get("label", ""))
    return Outcome(doc, None, focus="scoring", message=_("Flag saved."))


def _flag_remove(document, form, path, locked):
    return Outcome(scoring.remove_flag(document, _int(form.get("index"), -1)), None,
                   focus="undo", message=_("Flag removed."))


def _need(document, form, path, locked):
    doc = scoring.set_need_rule(document, _int(form.get("index")), need=form.get("need", ""),
                                label=form.get("label", ""), rows=need_rows(form),
                                join="and" if form.get("join") == "and" else "or",
                                description=form.get("description", ""))
    return Outcome(doc, None, focus="needs", message=_("Need rule saved."))


def _need_remove(document, form, path, locked):
    return Outcome(scoring.remove_need_rule(document, _int(form.get("index"), -1)), None,
                   focus="undo", message=_("Need rule removed."))


def _json(document, form, path, locked):
    text = form.get("value", "")
    try:
        value = json.loads(text) if text.strip() else None
    except json.JSONDecodeError as error:
        raise EditRefused(_("Not valid JSON at line %(line)s, column %(column)s: %(msg)s.",
                            line=error.lineno, column=error.colno, msg=error.msg)) from None
    pointer = form.get("pointer", "")
    doc = ops.set_json(document, pointer, value)
    return Outcome(doc, path or None, focus="json" if not pointer else "advanced",
                   message=_("JSON saved."))


_HANDLERS = {
    "form": _form, "add": _add, "panel": _panel, "choices": _choices, "rename_code": _rename,
    "move": _move, "move_up": _move_up, "move_down": _move_down, "move_to": _move_to,
    "reorder": _reorder, "duplicate": _duplicate,
    "delete": _delete, "condition": _condition, "section_add": _section_add,
    "section_set": _section_set, "section_remove": _section_remove, "pages": _pages,
    "score": _score, "score_remove": _score_remove, "flag": _flag,
    "flag_remove": _flag_remove, "need": _need, "need_remove": _need_remove, "json": _json,
}
