"""Where questions are shown: sections or wizard pages, and the order within them.

Top-level questions are ordered by their section's (or page's) ``fields``, or ``ui.order`` on
a plain form; a group's questions by its ``ui.fields`` entry's ``order``. Pure functions over
the definition document, as ``operations`` are.
"""

from __future__ import annotations

from carebridge.builder import places
from carebridge.builder.places import Path
from carebridge.builder.questions import code_from_label
from carebridge.builder.refused import EditRefused
from carebridge.i18n import gettext as _


def place(doc: dict, path: Path, *, section: int | None, after: str | None) -> None:
    """Put a new name into the lists that order it (a section's, ``ui.order``, a group's)."""
    name, parents = path[-1], path[:-1]
    if parents:
        order = places.field_ui(doc, parents).get("order")
        if order is not None:
            _insert(order, name, after)
        return
    layout = places.layout_of(doc)
    ui = doc.setdefault("ui", {})
    if layout != "plain":
        parts = ui[layout]
        if after is not None:
            index = next((i for i, p in enumerate(parts) if after in p["fields"]), None)
            section = index if index is not None else section
        target = parts[section if section is not None and 0 <= section < len(parts) else -1]
        _insert(target["fields"], name, after)
    elif ui.get("order") is not None:
        _insert(ui["order"], name, after)
    if not ui:
        doc.pop("ui")


def _insert(names: list, name: str, after: str | None) -> None:
    if name in names:
        names.remove(name)
    names.insert(names.index(after) + 1 if after in names else len(names), name)


def add_section(document: dict, title: str, *, first: str | None = None) -> dict:
    """A new section (or, in a wizard, page) at the end; ``first`` moves that question into it.

    Sections need a question, so a form's first section takes every question not yet in one.
    """
    doc = places.fresh_copy(document)
    layout = places.layout_of(doc)
    layout = "sections" if layout == "plain" else layout
    ui = doc.setdefault("ui", {})
    parts = ui.setdefault(layout, [])
    part: dict = {"title": title.strip() or _("New section"), "fields": []}
    if layout == "pages":
        taken = {p["id"] for p in parts}
        part = {"id": code_from_label(part["title"], taken).replace("_", "-")[:100], **part}
    if not parts:
        part["fields"] = places.children(doc, ())
        ui.pop("order", None)
    parts.append(part)
    if first is not None:
        for other in parts[:-1]:
            if first in other["fields"]:
                other["fields"].remove(first)
        _insert(part["fields"], first, None)
    return doc


def set_section(document: dict, index: int, key: str, value: str) -> dict:
    doc = places.fresh_copy(document)
    layout = places.layout_of(doc)
    if layout == "plain" or not 0 <= index < len(doc["ui"][layout]):
        raise EditRefused(_("There is no such section."))
    part = doc["ui"][layout][index]
    if key == "title" and value.strip():
        part["title"] = value.strip()
    elif key == "description":
        if value.strip():
            part["description"] = value.strip()
        else:
            part.pop("description", None)
    else:
        raise EditRefused(_("A section needs a title."))
    return doc


def remove_section(document: dict, index: int) -> dict:
    """Remove a section's heading; its questions join the section before (or after) it."""
    doc = places.fresh_copy(document)
    layout = places.layout_of(doc)
    if layout == "plain" or not 0 <= index < len(doc["ui"][layout]):
        raise EditRefused(_("There is no such section."))
    parts = doc["ui"][layout]
    gone = parts.pop(index)
    if parts:
        parts[max(index - 1, 0)]["fields"].extend(gone["fields"])
    else:
        del doc["ui"][layout]
    return doc


def use_pages(document: dict, on: bool) -> dict:
    """Show the sections as wizard pages (``on``) or pages as sections on one page."""
    doc = places.fresh_copy(document)
    ui = doc.get("ui") or {}
    source, target = ("sections", "pages") if on else ("pages", "sections")
    if source not in ui:
        return doc
    taken: set[str] = set()
    converted = ui.pop(source)
    for part in converted:  # changed in place, so their translations follow them
        rest = {k: v for k, v in part.items() if k != "id"}
        part.clear()
        if on:
            page_id = code_from_label(rest["title"], taken).replace("_", "-")[:100]
            taken.add(page_id)
            part["id"] = page_id
        part.update(rest)
    ui[target] = converted
    return doc


def _order_list(doc: dict, path: Path) -> list:
    """The list that orders ``path`` among its siblings, made explicit if it was implicit."""
    name, parents = path[-1], path[:-1]
    if parents:
        where = places.data_path(doc, parents)
        fields = doc.setdefault("ui", {}).setdefault("fields", {})
        entry = fields.setdefault(where, {})
        entry.setdefault("order", places.children(doc, parents))
        return entry["order"]
    layout = places.layout_of(doc)
    if layout != "plain":
        for part in doc["ui"][layout]:
            if name in part["fields"]:
                return part["fields"]
        raise EditRefused(_("Put the question in a section first."))
    ui = doc.setdefault("ui", {})
    ui["order"] = places.children(doc, ())
    return ui["order"]


def move(document: dict, path: Path, step: int) -> dict:
    """Move a question up (``-1``) or down (``1``); past a section's edge it joins the next."""
    doc = places.fresh_copy(document)
    names = _order_list(doc, path)
    i = names.index(path[-1])
    j = i + step
    if 0 <= j < len(names):
        names[i], names[j] = names[j], names[i]
        return doc
    layout = places.layout_of(doc)
    if len(path) == 1 and layout != "plain":
        parts = doc["ui"][layout]
        k = next(n for n, p in enumerate(parts) if p["fields"] is names) + step
        if 0 <= k < len(parts) and len(names) > 1:
            names.remove(path[-1])
            parts[k]["fields"].insert(len(parts[k]["fields"]) if step < 0 else 0, path[-1])
    return doc


def move_to(document: dict, path: Path, section: int, before: str | None = None) -> dict:
    """Move a top-level question into another section (before ``before``, or at its end)."""
    doc = places.fresh_copy(document)
    layout = places.layout_of(doc)
    if layout == "plain" or len(path) != 1:
        raise EditRefused(_("There is no such section."))
    parts = doc["ui"][layout]
    if not 0 <= section < len(parts):
        raise EditRefused(_("There is no such section."))
    name = path[0]
    for part in parts:
        if name in part["fields"]:
            part["fields"].remove(name)
    target = parts[section]["fields"]
    target.insert(target.index(before) if before in target else len(target), name)
    emptied = next((p["title"] for p in parts if not p["fields"]), None)
    if emptied is not None:
        raise EditRefused(_("%(title)s would be left empty; remove the section instead.",
                            title=emptied))
    return doc


def reorder(document: dict, path: Path, names: list[str]) -> dict:
    """Put siblings in the order a drag and drop left them (names not given keep their place
    at the end)."""
    doc = places.fresh_copy(document)
    current = _order_list(doc, path)
    ranked = [n for n in names if n in current]
    current[:] = ranked + [n for n in current if n not in ranked]
    return doc


def place_copy(doc: dict, path: Path, name: str) -> None:
    """Show the copy ``name`` right after the question at ``path``."""
    parents = path[:-1]
    if parents:
        order = places.field_ui(doc, parents).get("order")
        if order is not None:
            _insert(order, name, path[-1])
        return
    layout = places.layout_of(doc)
    if layout != "plain":
        for part in doc["ui"][layout]:
            if path[-1] in part["fields"]:
                _insert(part["fields"], name, path[-1])
    elif (doc.get("ui") or {}).get("order") is not None:
        _insert(doc["ui"]["order"], name, path[-1])


def forget(doc: dict, name: str) -> None:
    """Take a deleted top-level question out of the order and its section (in place); a
    section left empty goes too."""
    ui = doc.get("ui") or {}
    if name in ui.get("order", []):
        ui["order"].remove(name)
    layout = places.layout_of(doc)
    if layout != "plain":
        for part in ui[layout]:
            if name in part["fields"]:
                part["fields"].remove(name)
        ui[layout] = [p for p in ui[layout] if p["fields"]]
        if not ui[layout]:
            del ui[layout]
    if doc.get("ui") == {}:
        del doc["ui"]
