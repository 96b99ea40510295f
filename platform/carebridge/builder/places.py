"""Where a question lives in a definition document: its holder, data path, presentation, order.

A question is named by its *path*, the tuple of property names from the root (``("household",
"age")`` is the age of each household member). A top-level question shown only under a condition
lives in the ``then`` of one of the root's ``allOf`` rules, where the renderer reads follow-ups
from; everything here finds it there too.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from carebridge.builder.rules import is_follow_up_rule

Path = tuple[str, ...]

# While an edit is tracked, each copy's memo (old object id → its copy), in order: what every
# part of the document became, so translations can follow their texts (``builder.texts``).
_copies: ContextVar[list[dict] | None] = ContextVar("builder_copies", default=None)


def fresh_copy(document: dict) -> dict:
    """The copy an operation changes (operations never change what they are given)."""
    memos = _copies.get()
    memo: dict = {}
    copied = copy.deepcopy(document, memo)
    if memos is not None:
        memos.append(memo)
    return copied


@contextmanager
def tracking() -> Iterator[list[dict]]:
    memos: list[dict] = []
    token = _copies.set(memos)
    try:
        yield memos
    finally:
        _copies.reset(token)


def follow(memos: list[dict], node: object) -> object | None:
    """What ``node`` of the document before the edit became after it (None: nothing)."""
    for memo in memos:
        node = memo.get(id(node))
        if node is None:
            return None
    return node


def escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def unescape(part: str) -> str:
    return part.replace("~1", "/").replace("~0", "~")


def group_object(schema: dict) -> dict:
    """The object schema whose properties are a group's questions (a repeat group's items)."""
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        return schema["items"]
    return schema


def conditional_holders(obj: dict) -> list[dict]:
    """The ``then`` branches of ``obj``'s ``allOf`` rules that bring in questions."""
    return [rule["then"] for rule in obj.get("allOf") or [] if is_follow_up_rule(rule, obj)]


def holder_in(obj: dict, name: str) -> dict:
    if name in (obj.get("properties") or {}):
        return obj
    for then in conditional_holders(obj):
        if name in then["properties"]:
            return then
    raise KeyError(name)


def holder(document: dict, path: Path) -> dict:
    """The schema object whose ``properties`` (and ``required``) hold the question at ``path``."""
    obj = document["schema"]
    for i, name in enumerate(path):
        found = holder_in(obj, name)
        if i == len(path) - 1:
            return found
        obj = group_object(found["properties"][name])
    raise KeyError(path)


def question(document: dict, path: Path) -> dict:
    return holder(document, path)["properties"][path[-1]]


def parent_object(document: dict, parents: Path) -> dict:
    """The object schema new questions under ``parents`` go into (the root for ``()``)."""
    return group_object(question(document, parents)) if parents else document["schema"]


def data_path(document: dict, path: Path) -> str:
    """The data path of a question, with ``*`` after every repeat group."""
    parts, obj = [], document["schema"]
    for i, name in enumerate(path):
        parts.append(escape(name))
        schema = holder_in(obj, name)["properties"][name]
        if i < len(path) - 1:
            if schema.get("type") == "array":
                parts.append("*")
            obj = group_object(schema)
    return "/" + "/".join(parts)


def ui_fields(document: dict) -> dict:
    return document.get("ui", {}).get("fields", {})


def field_ui(document: dict, path: Path) -> dict:
    return ui_fields(document).get(data_path(document, path), {})


def set_field_ui(document: dict, path: Path, key: str, value: Any) -> None:
    """Set (or with ``None``/``""``, remove) one presentation key; empty blocks are dropped."""
    where = data_path(document, path)
    ui = document.setdefault("ui", {})
    fields = ui.setdefault("fields", {})
    entry = fields.setdefault(where, {})
    if value is None or value == "":
        entry.pop(key, None)
    else:
        entry[key] = value
    if not entry:
        del fields[where]
    if not fields:
        del ui["fields"]


def keys_of(obj: dict) -> list[str]:
    """An object's question names: its properties, then those its rules bring in."""
    keys = list(obj.get("properties") or {})
    for then in conditional_holders(obj):
        keys += [k for k in then["properties"] if k not in keys]
    return keys


def ordered(keys: list[str], order: list | None) -> list[str]:
    if not order:
        return list(keys)
    ranked = [k for k in order if k in keys]
    return ranked + [k for k in keys if k not in ranked]


def layout_of(document: dict) -> str:
    """``pages`` (a wizard), ``sections`` (headed groups) or ``plain``."""
    ui = document.get("ui") or {}
    return "pages" if ui.get("pages") else "sections" if ui.get("sections") else "plain"


def children(document: dict, parents: Path) -> list[str]:
    """The names under ``parents`` in the order they are shown (top level: all of them)."""
    obj = parent_object(document, parents)
    if not parents:
        ui = document.get("ui") or {}
        keys = ordered(keys_of(obj), ui.get("order"))
        layout = layout_of(document)
        if layout != "plain":
            listed = [n for part in ui[layout] for n in part.get("fields", []) if n in keys]
            return listed + [k for k in keys if k not in listed]
        return keys
    return ordered(keys_of(obj), field_ui(document, parents).get("order"))
