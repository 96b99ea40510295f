"""Submissions as a table: one column per answer, in the form's order, headed by its questions."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from carebridge.plugin_api import CompiledForm, Field, best_branch, plain_cell

SEPARATOR = " › "
UNKNOWN = 10**9  # answers the form does not ask (kept from an API client) sort after the rest


@dataclass(frozen=True)
class Cell:
    pointer: str  # where the answer is in the submission's JSON
    order: tuple  # where its question is in the form
    label: str  # the question, with the groups around it
    text: str


def cells(form: CompiledForm, data: dict, *, labels: bool = True) -> list[Cell]:
    """Every answer of ``data`` as a cell; ``labels`` writes choices as they were shown."""
    out: list[Cell] = []
    _walk(form.root, data, "", (), [], out, labels)
    return out


def _walk(node: Field, value: Any, pointer: str, order: tuple, names: list[str],
          out: list[Cell], labels: bool) -> None:
    kind = node.kind
    if kind == "object" and isinstance(value, dict):
        children = {c.key: (i, c) for i, c in enumerate(node.children)}
        for key, answer in value.items():
            place = children.get(key)
            where = f"{pointer}/{_escape(key)}"
            if place is None:
                out.append(Cell(where, (*order, UNKNOWN, key), SEPARATOR.join([*names, key]),
                                _text(answer)))
                continue
            index, child = place
            _walk(child, answer, where, (*order, index), [*names, child.label or key], out,
                  labels)
        return
    if kind == "alternatives" and isinstance(value, dict) and node.branches:
        branch = best_branch(node, value)
        _walk(node.branches[branch], value, pointer, (*order, branch), names, out, labels)
        return
    if kind == "array" and isinstance(value, list) and node.item is not None:
        item_label = node.item.label or node.label
        for index, answer in enumerate(value):
            _walk(node.item, answer, f"{pointer}/{index}", (*order, index),
                  [*names[:-1], f"{item_label} {index + 1}"], out, labels)
        return
    if kind == "tuple" and isinstance(value, list):
        for index, answer in enumerate(value):
            child = node.children[index] if index < len(node.children) else None
            name = (child.label if child is not None else "") or str(index + 1)
            if child is None:
                out.append(Cell(f"{pointer}/{index}", (*order, UNKNOWN, index),
                                SEPARATOR.join([*names, name]), _text(answer)))
            else:
                _walk(child, answer, f"{pointer}/{index}", (*order, index), [*names, name], out,
                      labels)
        return
    if kind == "multichoice" and isinstance(value, list):
        text = "; ".join(_choice_text(node, v, labels) for v in value)
    elif node.choices and not isinstance(value, dict | list):
        text = _choice_text(node, value, labels)
    else:
        text = _text(value)
    out.append(Cell(pointer, order, SEPARATOR.join(names), text))


def _choice_text(node: Field, value: Any, labels: bool) -> str:
    if labels:
        for choice in node.choices:
            if choice.value == value and type(choice.value) is type(value):
                return choice.label
    return _text(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return json.dumps(value)
    return json.dumps(value, ensure_ascii=False)


def _escape(key: Any) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def safe(text: str) -> str:
    """Text a spreadsheet would run as a formula, made plain (a leading apostrophe)."""
    return plain_cell(text)


@dataclass
class Table:
    """Rows (leading fields, answer cells, form version) and the answer columns they need.

    A column is placed and headed as the newest form version that has it asks the question.
    """

    leading: list[str]
    rows: list[tuple[list[str], list[Cell], int]]

    def header_and_rows(self) -> tuple[list[str], Iterable[list[str]]]:
        columns: dict[str, tuple[int, tuple, str]] = {}
        for _, row, version in self.rows:
            for cell in row:
                known = columns.get(cell.pointer)
                if known is None or version > known[0]:
                    columns[cell.pointer] = (version, cell.order, cell.label)
        pointers = sorted(columns, key=lambda p: _sortable(columns[p][1]))
        labels = [columns[p][2] or p for p in pointers]
        seen: dict[str, int] = {}
        for label in labels:
            seen[label] = seen.get(label, 0) + 1
        header = self.leading + [
            f"{label} ({pointer})" if seen[label] > 1 else label
            for label, pointer in zip(labels, pointers, strict=True)
        ]

        def rows() -> Iterable[list[str]]:
            for lead, row, _ in self.rows:
                by_pointer = {cell.pointer: cell.text for cell in row}
                yield [safe(v) for v in lead] + [safe(by_pointer.get(p, "")) for p in pointers]

        return header, rows()


def _sortable(order: tuple) -> tuple:
    """Orders compare position by position; a name (an unknown key) sorts as text after numbers."""
    return tuple((0, part, "") if isinstance(part, int) else (1, 0, str(part)) for part in order)
