"""What changed between two versions of a form, in words, and which removed answers are stored.

Publishing shows the summary ("added *Packs per day*; reworded *Do you smoke?*; removed the
choice *I used to*") and warns when a removed choice code is still in stored submissions: those
answers would no longer have a label to show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from carebridge.builder import view
from carebridge.forms.definitions import canonical_json


@dataclass
class ChoiceChange:
    label: str
    added: list[str] = field(default_factory=list)
    removed: list[tuple[Any, str]] = field(default_factory=list)  # (code, label)
    relabelled: list[tuple[str, str]] = field(default_factory=list)  # (old, new)


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    reworded: list[tuple[str, str]] = field(default_factory=list)  # (old label, new label)
    choices: dict[str, ChoiceChange] = field(default_factory=dict)  # by data path
    other: bool = False  # something else changed (help, limits, rules, layout…)
    removed_choices: dict[str, list] = field(default_factory=dict)  # codes of removed questions

    @property
    def nothing(self) -> bool:
        return not (self.added or self.removed or self.reworded or self.choices or self.other)

    def removed_codes(self) -> dict[str, list]:
        """Choice codes, by data path, the new version no longer offers (removed choices and
        the choices of removed questions)."""
        found = {p: [code for code, _ in c.removed] for p, c in self.choices.items()
                 if c.removed}
        return {**found, **self.removed_choices}


def _questions(document: dict | None) -> dict[str, view.Item]:
    if not document:
        return {}
    return {i.data_path: i for i in view.read(document).all_items()}


def compare(old: dict | None, new: dict) -> Changes:
    """The changes from ``old`` (None: nothing published yet) to ``new``."""
    before, after = _questions(old), _questions(new)
    found = Changes()
    found.added = [after[p].label for p in after if p not in before]
    found.removed = [before[p].label for p in before if p not in after]
    found.removed_choices = {p: [r["const"] for r in before[p].choices] for p in before
                             if p not in after and before[p].choices}
    for path in (p for p in after if p in before):
        was, now = before[path], after[path]
        if was.label != now.label:
            found.reworded.append((was.label, now.label))
        old_rows = {str(r["const"]): r for r in was.choices}
        new_rows = {str(r["const"]): r for r in now.choices}
        change = ChoiceChange(now.label)
        change.added = [str(r.get("title", k)) for k, r in new_rows.items() if k not in old_rows]
        change.removed = [(r["const"], str(r.get("title", k))) for k, r in old_rows.items()
                          if k not in new_rows]
        change.relabelled = [(str(old_rows[k].get("title", k)), str(r.get("title", k)))
                             for k, r in new_rows.items()
                             if k in old_rows and old_rows[k].get("title") != r.get("title")]
        if change.added or change.removed or change.relabelled:
            found.choices[path] = change
    if old is not None and not (found.added or found.removed or found.reworded
                                or found.choices):
        found.other = canonical_json(old) != canonical_json(new)
    return found


def values_at(data: Any, data_path: str) -> Iterable[Any]:
    """Every value stored at ``data_path`` in one submission (``*`` runs over arrays; the
    values of a multiple choice are each yielded)."""
    parts = [p.replace("~1", "/").replace("~0", "~") for p in data_path.split("/")[1:]]

    def walk(node: Any, rest: list[str]):
        if not rest:
            if isinstance(node, list):
                yield from node
            else:
                yield node
            return
        head, tail = rest[0], rest[1:]
        if head == "*":
            for value in node if isinstance(node, list) else []:
                yield from walk(value, tail)
        elif isinstance(node, dict) and head in node:
            yield from walk(node[head], tail)

    yield from walk(data, parts)


def codes_in_use(submissions: Iterable[dict], removed: dict[str, list]) -> dict[str, list]:
    """Of the ``removed`` codes (by data path), those some stored submission holds."""
    wanted = {p: {repr(c) for c in codes} for p, codes in removed.items()}
    found: dict[str, set] = {p: set() for p in removed}
    for data in submissions:
        for path, codes in wanted.items():
            for value in values_at(data, path):
                if repr(value) in codes:
                    found[path].add(repr(value))
    return {p: [c for c in removed[p] if repr(c) in found[p]] for p in removed if found[p]}
