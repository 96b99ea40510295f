"""The builder's view of a definition: questions in sections, rules in words, and the rest kept.

``read(document)`` turns any definition into items the pages show; whatever the builder cannot
represent (a hand-written ``oneOf`` of objects, a ``$ref`` it cannot follow, keywords it does
not edit, rules it cannot word) stays exactly as it was, as an "advanced" block shown and edited
as JSON. ``write(view)`` puts the document back together from the items and the kept parts, so
loading and saving a definition unchanged gives the identical canonical JSON.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from carebridge.builder import places
from carebridge.builder.conditions import dependent_words, describe
from carebridge.builder.places import Path
from carebridge.builder.questions import choice_rows, kind_of
from carebridge.builder.rules import Row, is_follow_up_rule, parse_condition
from carebridge.builder.scoring_rows import parse_need

#: Keywords the property panel edits, by builder type (anything else is an advanced keyword).
_COMMON = {"type", "title", "description", "default"}
_EDITED = {
    "short_text": {"minLength", "maxLength", "pattern"},
    "long_text": {"minLength", "maxLength"},
    "phone": {"pattern", "minLength", "maxLength"},
    "zip": {"pattern"},
    "email": {"format", "maxLength"},
    "date": {"format"},
    "time": {"format"},
    "whole_number": {"minimum", "maximum"},
    "decimal_number": {"minimum", "maximum"},
    "yes_no": set(),
    "consent": {"const"},
    "info": set(),
    "single_choice": {"oneOf"},
    "multiple_choice": {"items", "uniqueItems", "minItems", "maxItems"},
    "group": {"properties", "required", "additionalProperties", "unevaluatedProperties",
              "allOf"},
    "repeat": {"items", "minItems", "maxItems"},
}
_ROOT_OWNED = {"$schema", "type", "title", "description", "properties", "required",
               "additionalProperties", "unevaluatedProperties", "allOf"}


@dataclass
class Item:
    path: Path
    kind: str
    schema: dict
    ui: dict
    pointer: str
    data_path: str
    required: bool = False
    children: list[Item] = field(default_factory=list)
    condition: tuple[list[Row], str] | None = None
    condition_words: str = ""
    shared: str = ""

    @property
    def name(self) -> str:
        return self.path[-1]

    @property
    def label(self) -> str:
        return str(self.ui.get("label") or self._shown().get("title") or self.name)

    @property
    def help(self) -> str:
        return str(self.ui.get("help") or self._shown().get("description") or "")

    @property
    def choices(self) -> list[dict]:
        return choice_rows(self._shown()) or []

    @property
    def advanced(self) -> dict:
        """Keywords of this question the builder does not edit, kept exactly."""
        if self.kind == "advanced":
            return dict(self.schema)
        owned = _COMMON | _EDITED.get(self.kind, set()) | ({"$ref"} if self.shared else set())
        return {k: v for k, v in self.schema.items() if k not in owned}

    def _shown(self) -> dict:
        return self.resolved if self.shared else self.schema

    resolved: dict = field(default_factory=dict)


@dataclass
class Part:
    """A section or a wizard page (``index`` into ``ui.sections``/``ui.pages``), or the
    questions in none (``index`` None)."""

    index: int | None
    title: str
    description: str
    items: list[Item]


@dataclass
class Advanced:
    """A part of the document the builder keeps and shows as JSON, at a JSON Pointer; ``words``
    say what it does when the builder can (a simple ``dependentSchemas``)."""

    pointer: str
    value: Any
    words: list[str] = field(default_factory=list)


@dataclass
class NeedRow:
    index: int
    rule: dict
    rows: list[Row] | None
    join: str


@dataclass
class BuilderView:
    """Everything ``write`` needs: the document minus the root's properties, and the items."""

    kept: dict
    property_names: list[str] | None
    layout: str
    parts: list[Part]
    advanced: list[Advanced]
    needs: list[NeedRow]
    items_by_name: dict[str, Item] = field(default_factory=dict)

    @property
    def items(self) -> list[Item]:
        return [i for part in self.parts for i in part.items]

    def find(self, path: Path) -> Item | None:
        found = self.items_by_name.get(path[0])
        for name in path[1:]:
            found = next((c for c in found.children if c.name == name), None) if found else None
        return found

    def all_items(self) -> list[Item]:
        out: list[Item] = []

        def walk(items: list[Item]) -> None:
            for item in items:
                out.append(item)
                walk(item.children)

        walk(self.items)
        return out


def read(document: dict) -> BuilderView:
    doc = copy.deepcopy(document)
    schema = doc.get("schema") if isinstance(doc.get("schema"), dict) else {}
    root = schema
    props = root.get("properties") if isinstance(root.get("properties"), dict) else None
    items: dict[str, Item] = {}
    for name in places.keys_of(root) if props is not None or root.get("allOf") else []:
        items[name] = _item(doc, (name,))
    layout = places.layout_of(doc)
    ui = doc.get("ui") or {}
    parts: list[Part] = []
    placed: set[str] = set()
    if layout != "plain":
        for i, part in enumerate(ui[layout]):
            names = [n for n in part.get("fields", []) if n in items and n not in placed]
            placed.update(names)
            parts.append(Part(i, part.get("title", ""), part.get("description", ""),
                              [items[n] for n in names]))
    rest = [n for n in places.children(doc, ()) if n in items and n not in placed] \
        if items else []
    if rest or not parts:
        parts.append(Part(None, "", "", [items[n] for n in rest]))
    kept = {k: v for k, v in doc.items() if k != "schema"}
    if "schema" in doc:
        kept["schema"] = {k: v for k, v in root.items() if k != "properties"}
    return BuilderView(kept, list(props) if props is not None else None, layout, parts,
                       _advanced(doc), _needs(doc), items)


def _item(doc: dict, path: Path) -> Item:
    owner = places.holder(doc, path)
    schema = owner["properties"][path[-1]]
    ui = places.field_ui(doc, path)
    pointer = _pointer_of(doc, path)
    shared, resolved = "", {}
    if isinstance(schema, dict) and isinstance(schema.get("$ref"), str) \
            and set(schema) <= {"$ref", "title", "description"}:
        target = _resolve(doc, schema["$ref"])
        if target is not None and kind_of(target, ui) not in ("advanced", "group", "repeat"):
            shared, resolved = schema["$ref"], {**target, **{k: v for k, v in schema.items()
                                                             if k != "$ref"}}
    kind = kind_of(resolved or schema, ui)
    item = Item(path, kind, schema, ui, pointer, places.data_path(doc, path),
                required=path[-1] in owner.get("required", []), shared=shared,
                resolved=resolved)
    if kind in ("group", "repeat"):
        obj = places.group_object(schema)
        known = places.keys_of(obj)
        item.children = [_item(doc, (*path, n)) for n in places.children(doc, path)
                         if n in known]
    parent = places.parent_object(doc, path[:-1])
    if owner is not parent:
        for rule in parent.get("allOf") or []:
            if is_follow_up_rule(rule, parent) and rule["then"] is owner:
                item.condition = parse_condition(rule["if"])
                item.condition_words = describe(doc, *item.condition, parents=path[:-1])
    return item


def _pointer_of(doc: dict, path: Path) -> str:
    parts, obj, where = [], doc["schema"], "/schema"
    for i, name in enumerate(path):
        owner = places.holder_in(obj, name)
        if owner is not obj:
            index = next(n for n, r in enumerate(obj["allOf"]) if r.get("then") is owner)
            where += f"/allOf/{index}/then"
        where += "/properties/" + places.escape(name)
        schema = owner["properties"][name]
        if i < len(path) - 1 and schema.get("type") == "array":
            where += "/items"
        obj = places.group_object(schema)
        parts.append(name)
    return where


def _resolve(doc: dict, ref: str) -> dict | None:
    if not ref.startswith("#/"):
        return None
    node: Any = doc["schema"]
    for part in ref[2:].split("/"):
        part = places.unescape(part)
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node if isinstance(node, dict) else None


def _advanced(doc: dict) -> list[Advanced]:
    """The root keywords and rules the builder keeps without showing them as questions."""
    root = doc.get("schema") if isinstance(doc.get("schema"), dict) else {}
    found = [Advanced(f"/schema/{places.escape(k)}", v,
                      dependent_words(doc, v) if k == "dependentSchemas" else [])
             for k, v in root.items() if k not in _ROOT_OWNED]
    for i, rule in enumerate(root.get("allOf") or []):
        if not is_follow_up_rule(rule, root):
            found.append(Advanced(f"/schema/allOf/{i}", rule))
    scoring = doc.get("scoring")
    if isinstance(scoring, dict) and "method" in scoring:
        found.append(Advanced("/scoring", scoring))
    for key in ("translations", "source"):
        if key in doc:
            found.append(Advanced(f"/{key}", doc[key]))
    return found


def _needs(doc: dict) -> list[NeedRow]:
    rows = []
    for i, rule in enumerate(doc.get("needs") or []):
        parsed = parse_need(rule) if isinstance(rule, dict) else None
        rows.append(NeedRow(i, rule, parsed[0] if parsed else None,
                            parsed[1] if parsed else "or"))
    return rows


def write(view: BuilderView) -> dict:
    """The document the view holds: the kept parts with the root questions put back."""
    doc = copy.deepcopy(view.kept)
    if "schema" in doc and view.property_names is not None:
        root_items = {i.name: i for i in view.items_by_name.values()
                      if i.pointer == "/schema/properties/" + places.escape(i.name)}
        names = view.property_names + [n for n in root_items if n not in view.property_names]
        doc["schema"]["properties"] = {n: copy.deepcopy(root_items[n].schema) for n in names
                                       if n in root_items}
    return doc
