"""Translations follow their texts through every builder edit.

A translation is keyed by the JSON Pointer of the text it translates, and an edit moves texts:
a follow-up question moves into a rule's ``then``, a section is removed and those after it move
up, a choice is removed and the others renumber. Operations copy the document once and then move
its parts, so each text's object can be followed from before the edit to after it (``places.
tracking``); its translations are re-keyed to where it now is, and dropped with a deleted text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from carebridge.builder import places
from carebridge.forms import translations


def _nodes(node: Any, where: str = "") -> Iterator[tuple[int, str]]:
    yield id(node), where
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, dict | list):
                yield from _nodes(value, f"{where}/{places.escape(str(key))}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, dict | list):
                yield from _nodes(value, f"{where}/{index}")


def _parent(document: Any, pointer: str) -> tuple[Any, str] | None:
    *parents, last = [places.unescape(p) for p in pointer.split("/")[1:]] or [""]
    node = document
    for part in parents:
        try:
            node = node[int(part)] if isinstance(node, list) else node[part]
        except (KeyError, IndexError, ValueError, TypeError):
            return None
    return node, last


def carry(before: dict, after: dict, memos: list[dict]) -> dict:
    """``after`` with its translations keyed where their texts now are (in place)."""
    blocks = after.get("translations")
    if not isinstance(blocks, dict) or not memos:
        return after
    where_now = dict(_nodes(after))
    texts_now = translations.texts({k: v for k, v in after.items() if k != "translations"})
    for tag, block in blocks.items():
        if not isinstance(block, dict):
            continue
        kept = {}
        for pointer, text in block.items():
            found = _parent(before, pointer)
            if found is None:
                kept[pointer] = text  # it named nothing before either: publishing says so
                continue
            parent, key = found
            moved = places.follow(memos, parent)
            if moved is None or id(moved) not in where_now:
                continue  # its text was deleted
            new_pointer = f"{where_now[id(moved)]}/{places.escape(key)}"
            if new_pointer in texts_now:
                kept[new_pointer] = text
        blocks[tag] = kept
    return after
