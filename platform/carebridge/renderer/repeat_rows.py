"""Add, Remove and Move in a repeat group: the change to its items, and for htmx an answer that
carries only the rows that changed and the parts that depend on the count, never the group.

Items keep the key they were added with: ``household.3.age`` stays ``household.3.age`` when the
rows above it move or go, and the hidden ``household.__items`` inputs list the keys in the
order shown, which is the order the answers are read in (``formdata._read_array``; stored JSON
is a plain array, as before). So a row's HTML depends on its key, its answers and its place,
and a change redraws at most two rows, whatever the group's size.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template

from carebridge.renderer.compile import Field
from carebridge.renderer.state import FormState, locate

#: The buttons of a repeat group (``add:<group>``, ``remove:<item>``, ``up:…``, ``down:…``).
ROW_VERBS = ("add", "remove", "up", "down")


@dataclass
class RowChange:
    """What one Add, Remove or Move did to the items of the repeat group at ``name``."""

    node: Field
    name: str
    verb: str
    key: str  # the item added, removed or moved ("" when Add was refused at maxItems)
    before: list[str]
    after: list[str]

    @property
    def done(self) -> bool:
        return self.before != self.after

    def place(self, key: str) -> int:
        """Where ``key`` is now, counted from 1."""
        return self.after.index(key) + 1

    @property
    def drawn(self) -> list[str]:
        """The rows the answer draws whole, in order: they replace the row whose button was
        pressed (htmx ``outerHTML``), or for Add go after the last row (``beforeend``)."""
        if self.verb == "add":
            return [self.key] if self.done else []
        if self.verb in ("up", "down") and self.done:
            at = self.after.index(self.key)
            other = self.after.index(self.neighbour)
            return self.after[min(at, other):max(at, other) + 1]
        # A removed row is drawn as nothing; one that could not be removed or moved as itself.
        return [self.key] if self.key in self.after else []

    @property
    def neighbour(self) -> str:
        """The row a move swapped places with ("" for anything else): its old place goes."""
        if self.verb not in ("up", "down") or not self.done:
            return ""
        return self.before[self.after.index(self.key)]

    @property
    def retooled(self) -> list[str]:
        """Rows not drawn whole that became, or stopped being, the first or the last: their
        Move up / Move down buttons change (sent on their own, out of band). Only the ends
        before and after can be such rows, so this looks at four keys, not at every row."""
        drawn = set(self.drawn) | {self.neighbour}
        ends = dict.fromkeys(self.before[:1] + self.before[-1:] + self.after[:1] + self.after[-1:])
        return [k for k in ends if k in self.after and k not in drawn
                and _ends(k, self.before) != _ends(k, self.after)]


def _ends(key: str, keys: list[str]) -> tuple[bool, bool]:
    """Whether ``key`` is the first of ``keys``, and whether it is the last."""
    return bool(keys) and key == keys[0], bool(keys) and key == keys[-1]


def change_rows(st: FormState, verb: str, target: str) -> RowChange | None:
    """Apply ``verb`` to the repeat group ``target`` (Add) or its item ``target`` (the others);
    None when no repeat group has that name."""
    if verb == "add":
        name, key = target, ""
    else:
        name, _, key = target.rpartition(".")
    node = locate(st.form.root, name, st)
    if node is None or node.kind != "array":
        return None
    before = st.items(node, name)
    if verb == "add":
        key = st.add_item(node, name) or ""
    elif verb == "remove":
        st.remove_item(node, name, key)
    else:
        st.move_item(node, name, key, -1 if verb == "up" else 1)
    return RowChange(node, name, verb, key, before, st.items(node, name))


def rows_html(st: FormState, change: RowChange) -> str:
    """htmx's answer to ``change``: the rows drawn whole, then the out-of-band parts."""
    return render_template("renderer/_rows.html", st=st, change=change)
