"""What one render of a form knows: values shown, errors, visibility, items, page and keys."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from carebridge import sizes
from carebridge.i18n import _
from carebridge.renderer import plans
from carebridge.renderer.compile import MISSING, CompiledForm, Field, count_kept
from carebridge.renderer.conditions import object_state
from carebridge.renderer.formdata import (
    BRANCH,
    ITEMS,
    OPEN,
    WAS,
    _read,
    branch_name,
    from_form,
    items_name,
    join,
    key_part,
    name_part,
    pointer_to_name,
    reached,
    to_form,
)
from carebridge.whole_numbers import indexes, is_index, whole_number

_HOLE = "\x00"
#: How many parts of a long form's fields are handed to the template in one piece (a few
#: dozen KiB: small enough for the allocator to reuse the memory of the one before).
PIECE = 512
GROUP_KINDS = ("object", "array", "tuple", "alternatives", "multichoice", "boolean", "choice")


_PLAIN_PART = re.compile(r"[A-Za-z0-9_]+\Z")


@lru_cache(maxsize=8192)
def id_text(name: str) -> str:
    """A form name as text safe anywhere in HTML and CSS: in an ``id``, a ``for``, an
    ``aria-describedby`` list and an ``hx-target`` selector alike.

    Property names are a definition author's free text (``k"><img …>`` included), so an id is
    never the name itself: names made of letters, digits and ``_`` keep their readable form
    (``address.zip`` → ``address-zip``); any other name is written ``-`` + each part with every
    character outside ``[A-Za-z0-9]`` as ``_<hex code point>_``. Two names never share an id.
    """
    if not name:
        return "root"
    parts = name.split(".")
    if all(_PLAIN_PART.match(part) for part in parts):
        return "-".join(parts)
    return "-" + "-".join(
        "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}_" for c in part)
        for part in parts
    )


def field_id(name: str) -> str:
    return "f-" + id_text(name)


def group_id(name: str) -> str:
    return "g-" + id_text(name)


# A repeat group's parts that htmx swaps on their own (see renderer/repeat_rows.py): the rows
# container, one row and its tools (by the item's name, which holds its key, not its place),
# the count and the Add button.
def rows_id(name: str) -> str:
    return "r-" + id_text(name)


def row_id(item_name: str) -> str:
    return "i-" + id_text(item_name)


def tools_id(item_name: str) -> str:
    return "t-" + id_text(item_name)


def count_id(name: str) -> str:
    return "n-" + id_text(name)


def add_id(name: str) -> str:
    return "a-" + id_text(name)
class Html:
    """HTML this module wrote (escaped already), as a template's ``{{ }}`` takes it: unlike a
    Markup it is no copy of the text it holds."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __html__(self) -> str:
        return self.text


@dataclass
class FormState:
    """A form's current answers as the browser holds them (a flat name → values map)."""

    form: CompiledForm
    values: MultiDict
    time_zone: str = "America/Los_Angeles"
    errors: dict[str, list[str]] = field(default_factory=dict)
    page: int = 0
    key: str = ""
    draft_id: str = ""
    checked: bool = False  # errors were looked for (a submit or a Next), so say so at the top
    action: str = ""  # where the form posts (and where htmx asks for fragments)
    live: bool = True  # htmx attributes on (off in the editor's preview and the print view)
    printed: bool = False  # the print view of a submission: answers only, no tools
    source: dict | None = None  # the JSON these values were made from, while unchanged
    planned: bool = True  # draw groups from their kept plans (False: each question in turn)
    words: dict = field(default_factory=dict, repr=False, compare=False)  # see widgets._words
    _drawing_shell: Field | None = None
    # visible() per (field, name) while the values are unchanged: a page of sections asks for
    # the top level once per section, and reading the answers costs the whole form each time.
    _visible: dict = field(default_factory=dict, repr=False, compare=False)

    fid = staticmethod(lambda name: field_id(name))
    gid = staticmethod(lambda name: group_id(name))
    rows_id = staticmethod(rows_id)
    row_id = staticmethod(row_id)
    tools_id = staticmethod(tools_id)
    count_id = staticmethod(count_id)
    add_id = staticmethod(add_id)
    join = staticmethod(lambda prefix, key: join(prefix, key))
    items_name = staticmethod(lambda name: items_name(name))
    branch_name = staticmethod(lambda name: branch_name(name))

    @classmethod
    def from_data(cls, form: CompiledForm, data: dict, **kwargs) -> FormState:
        tz = kwargs.get("time_zone", "America/Los_Angeles")
        # name → values already: a MultiDict takes the lists as they are (no pair per value).
        return cls(form, MultiDict(to_form(form.root, data, tz)), source=data, **kwargs)

    # -- the JSON behind the values ---------------------------------------------------------
    def data(self, branches: dict | None = None) -> dict:
        return from_form(self.form.root, self.values, self.time_zone, branches)

    # -- what templates ask -----------------------------------------------------------------
    # A MultiDict is a dict of lists: reading that list directly skips a copy per question.
    def value(self, name: str) -> str:
        values = dict.get(self.values, name)
        return values[-1] if values else ""

    def chosen(self, name: str) -> list[str]:
        return dict.get(self.values, name) or []

    def errors_for(self, name: str) -> list[str]:
        return self.errors.get(name, ())

    def visible(self, node: Field, name: str) -> list[tuple[Field, bool]]:
        """The children to draw now, each with whether it is required now."""
        key = (id(node), name)
        kept = self._visible.get(key)
        if kept is not None and kept[0] is node and kept[1] is self.values:
            return kept[2]
        shown = self._visible_now(node, name)
        self._visible[key] = (node, self.values, shown, {})
        return shown

    def _positions(self, node: Field, name: str) -> dict:
        """Each visible child's key → its place in ``visible(node, name)``, kept alongside."""
        self.visible(node, name)
        at = self._visible[(id(node), name)][3]
        if not at:
            at.update((c.key, i) for i, (c, _) in enumerate(self._visible[(id(node), name)][2]))
        return at

    def _visible_now(self, node: Field, name: str) -> list[tuple[Field, bool]]:
        if not node.rules:
            shown = node.__dict__.get("_shown_always")
            if shown is None or len(shown) != len(node.children):
                shown = node.__dict__["_shown_always"] = [(c, c.required) for c in node.children]
            return shown
        if self.source is not None:
            answers = _lookup(self.source, name)
        else:
            answers = _read(node, self.values, name, name, ZoneInfo(self.time_zone), {})
        if isinstance(answers, dict) and answers:
            active, required = object_state(node, answers)
        else:
            # Nothing answered here (a section not reached yet): the same verdict every time.
            unanswered = node.__dict__.get("_unanswered")
            if unanswered is None:
                unanswered = node.__dict__["_unanswered"] = object_state(node, {})
            active, required = unanswered
        # The same answers' conditions give the same list: kept on the (shared) field, so a
        # plan is found by the list it was drawn for.
        kept = node.__dict__.get("_shown")
        if kept is None or len(kept) >= 64:
            kept = node.__dict__["_shown"] = {}
        shown = kept.get((active, required))
        if shown is None:
            shown = kept[(active, required)] = [
                (c, c.key in required)
                for c in node.children
                if not c.conditional or c.key in active
            ]
        return shown

    def items(self, node: Field, name: str) -> list[str]:
        marker = items_name(name)
        if marker in self.values:
            # An item's index is its name in the form: a strange one is no item at all.
            return indexes(self.values.getlist(marker))
        return [str(i) for i in range(node.min_items)]

    def item_label(self, node: Field, name: str, n: int) -> Markup:
        """The label of the item at place ``n`` (from 1) of the repeat group ``node`` at
        ``name``: "Household member 3", its number in a span that renderer.js renumbers when
        a Remove moves the rows below up (the server does not send them again)."""
        return Markup('{} <span class="item-n" data-n-of="{}">{}</span>').format(
            (node.item.label if node.item is not None else "") or node.label, rows_id(name), n)

    def reaches(self, name: str) -> bool:
        """Whether a recursive part should be drawn: answers reach it, a person opened it, or
        it is shallow. Deeper down it is an Add button, so the form ends where the answers do."""
        return name.count(".") < 2 or reached(self.values, name)

    def opened(self, name: str) -> bool:
        return name in self.values.getlist(OPEN)

    def open(self, node: Field, name: str) -> None:
        self.source = None
        self._visible.clear()
        if node.kind == "object" and not self.opened(name):
            self.values.add(OPEN, name)

    def branch(self, node: Field, name: str) -> int:
        picked = self.values.get(branch_name(name))
        index = whole_number(picked)
        if index is not None and index < len(node.branches):
            return index
        return 0

    def carried(self, page_fields: list[str]) -> list[tuple[str, str]]:
        """Answers on other pages of a wizard, carried along as hidden inputs."""
        keep = set(page_fields)
        out = []
        for name, value in self.values.items(multi=True):
            if name == OPEN:
                if key_part(value.split(".")[0]) not in keep:
                    out.append((name, value))
                continue
            bookkeeping = name.startswith((BRANCH, WAS + "."))
            if name.startswith("_") and not bookkeeping or name == "csrf_token":
                continue
            top = name.removeprefix(BRANCH + ".").removeprefix(WAS + ".").split(".")[0]
            if name == BRANCH or key_part(top) not in keep:
                out.append((name, value))
        return out

    def leaf(self, node: Field, name: str, required: bool, cond: str, label) -> Markup:
        return Markup(node.write(node, name, self, required, cond, label or node.label))

    def children_html(self, node: Field, name: str, group_macro, only=None) -> Markup:
        """The visible children of an object: questions written here, groups by the template."""
        if self._drawing_shell is node:
            return Markup(_HOLE)
        return Markup("".join(self._children(node, name, group_macro, only)))

    def children_parts(self, node: Field, name: str, group_macro, only=None) -> Iterator[Html]:
        """``children_html`` in pieces of ``PIECE`` parts, for the template to join:
        a long form's page is then copied as a whole only by the template (a megabyte joined
        here, made Markup and copied into the page again cost a fresh megabyte each; a page
        nothing touches is one kept string, handed over as it is)."""
        out = self._children(node, name, group_macro, only)
        for start in range(0, len(out), PIECE):
            yield Html("".join(out[start:start + PIECE]))

    def _children(self, node: Field, name: str, group_macro, only=None) -> list[str]:
        shown = self.visible(node, name)
        if only is not None:
            shown = self._only(node, name, shown, only)
        if not self.planned:
            return self._children_one_by_one(node, name, group_macro, shown)
        return plans.fill(plans.plan_for(self, node, name, shown), self, group_macro)

    def _only(self, node: Field, name: str, shown: list, only: list) -> list:
        """The named children of ``shown``, in the form's order: found by key, not by a scan of
        every child per section (which grew with sections × questions). Kept on the (shared)
        field per list shown and list of names (a section's or a page's, themselves kept), so
        the same section finds the same list and with it its plan."""
        subsets = node.__dict__.get("_subsets")
        if subsets is None or len(subsets) >= 256:
            subsets = node.__dict__["_subsets"] = {}
        key = (name, id(shown), id(only))
        kept = subsets.get(key)
        if kept is not None and kept[0] is shown and kept[1] is only:
            return kept[2]
        at = self._positions(node, name)
        subset = [shown[i] for i in sorted({at[k] for k in only if k in at})]
        subsets[key] = (shown, only, subset)
        return subset

    def _children_one_by_one(self, node: Field, name: str, group_macro,
                             shown: list[tuple[Field, bool]]) -> list[str]:
        """Each child drawn in turn, without a plan: what a plan must reproduce exactly."""
        cond = self.gid(name) if node.rules else ""
        prefix = name + "." if name else ""
        parts = []
        for child, required in shown:
            child_name = prefix + name_part(child.key)
            child_cond = cond if child.trigger else ""
            how = plans.how_drawn(child)
            if how == plans.LEAF:
                parts.append(child.write(child, child_name, self, required, child_cond,
                                         child.label))
            elif how == plans.OBJECT:
                parts.append(self.object_html(child, child_name, required, child_cond,
                                              group_macro))
            else:
                parts.append(str(group_macro(child, child_name, self, required, child_cond)))
        return parts

    def item_html(self, node: Field, name: str, label: str, group_macro) -> Markup:
        """One item of a repeat group: an object's kept fieldset, or whatever the item is."""
        if node.kind == "object" and not node.recursive:
            return Markup(self.object_html(node, name, False, "", group_macro, label))
        return group_macro(node, name, self, False, "", label)

    def object_html(self, node: Field, name: str, required: bool, cond: str,
                    group_macro, label: str | None = None) -> str:
        """A nested object: the template's fieldset around its children."""
        parts = self.object_parts(node, name, required, cond, group_macro, label)
        if parts is None:
            return str(group_macro(node, name, self, required, cond, label))
        return "".join(parts)

    def object_parts(self, node: Field, name: str, required: bool, cond: str,
                     group_macro, label: str | None = None) -> list[str] | None:
        """A nested object's HTML in parts: its kept fieldset around its children's parts.

        The fieldset (legend, help, htmx attributes) only changes with its errors, so it is drawn
        by the template once per field and name and kept, with a hole for the children. None
        when it is drawn whole by the template (it has errors, or an override draws it so)."""
        if self.errors_for(name):
            return None
        shell = self._object_shell(node, name, required, cond, group_macro, label)
        if shell is None:
            return None
        children = self._children(node, name, group_macro)
        children.insert(0, shell[0])
        children.append(shell[1])
        return children

    def object_whole(self, node: Field, name: str, required: bool, cond: str,
                     group_macro) -> tuple[str, str, str] | None:
        """A nested object nothing in this render touches: its kept fieldset's two halves and
        its children as one kept string (see ``plans.whole``); None when something does."""
        if self.errors_for(name):
            return None
        shell = self._object_shell(node, name, required, cond, group_macro, None)
        if shell is None:
            return None
        inner = plans.whole(plans.plan_for(self, node, name, self.visible(node, name)), self,
                            group_macro)
        if inner is None:
            return None
        return shell[0], inner, shell[1]

    def _object_shell(self, node: Field, name: str, required: bool, cond: str, group_macro,
                      label: str | None) -> tuple[str, str] | None:
        """The fieldset around a nested object's children without errors, before and after them,
        kept per field and name; None when an override does not draw the children once."""
        shells = node.__dict__.get("_shells")
        if shells is None:
            shells = node.__dict__["_shells"] = {}
        key = (name, required, cond, self.live, self.action, label)
        shell = shells.get(key)
        if shell is None:
            self._drawing_shell = node
            try:
                parts = str(group_macro(node, name, self, required, cond, label)).split(_HOLE)
            finally:
                self._drawing_shell = None
            if len(parts) != 2:  # an override drew the children twice, or not at all
                return None
            if len(shells) >= 256:
                count_kept(self.form, -sizes.held(shells))
                shells.clear()
            shell = shells[key] = tuple(parts)
            count_kept(self.form, sizes.held(key, shell))
        return shell

    def unplaced(self, node: Field, placed: list) -> list:
        """The children no section places, kept on the (shared) field for the sections' list:
        a page of sections asks on every render, and the answer walked every question."""
        placed = tuple(placed)
        kept = node.__dict__.get("_unplaced")
        if kept is None or kept[0] != placed or kept[1] != len(node.children):
            keys = set(placed)
            kept = node.__dict__["_unplaced"] = (
                placed, len(node.children), [c.key for c in node.children if c.key not in keys])
        return kept[2]

    # -- changes a person asks for ----------------------------------------------------------
    def add_item(self, node: Field, name: str) -> str | None:
        """Add an item after the others under a new key (one more than the largest); none
        once the group has ``maxItems`` (a page drawn before that still offers Add)."""
        current = self.items(node, name)
        if node.max_items is not None and len(current) >= node.max_items:
            return None
        self.source = None
        self._visible.clear()
        new = str(max(map(int, current), default=-1) + 1)
        self.values.setlist(items_name(name), current + [new])
        return new

    def remove_item(self, node: Field, name: str, index: str) -> bool:
        """Take the item ``index`` out of the list (its answers are no longer read); not below
        ``minItems``."""
        current = self.items(node, name)
        if index not in current or len(current) <= node.min_items:
            return False
        self.source = None
        self._visible.clear()
        self.values.setlist(items_name(name), [i for i in current if i != index])
        return True

    def move_item(self, node: Field, name: str, index: str, step: int) -> bool:
        """Swap the item ``index`` with its neighbour ``step`` places away, if it has one."""
        current = self.items(node, name)
        if index not in current:
            return False
        at = current.index(index)
        to = at + step
        if not 0 <= to < len(current):
            return False
        self.source = None
        self._visible.clear()
        current[at], current[to] = current[to], current[at]
        self.values.setlist(items_name(name), current)
        return True

    def set_problems(self, problems) -> None:
        errors: dict[str, list[str]] = {}
        kept: dict[str, list[str]] = {}
        for problem in problems:
            errors.setdefault(self.form_name(problem.pointer, kept), []).append(problem.message)
        self.errors = errors

    def form_name(self, pointer: str, kept: dict | None = None) -> str:
        """The form name of a JSON Pointer into the answers. A place in a repeat group is the
        key of the item at that place (``/household/0`` is ``household.3`` once the first
        three rows went): keys stay put when rows move or go. ``kept`` keeps each group's
        keys between calls."""
        kept = {} if kept is None else kept
        node: Field | None = self.form.root
        name = ""
        for part in pointer_to_name(pointer).split(".") if pointer else ():
            while node is not None and node.kind == "alternatives":
                node = node.branches[self.branch(node, name)] if node.branches else None
            key: Any = key_part(part)
            if node is None:
                pass
            elif node.kind == "array" and node.item is not None and is_index(part):
                if name not in kept:
                    kept[name] = self._keys_in_answers(node, name)
                keys = kept[name]
                key = keys[int(part)] if int(part) < len(keys) else part
                node = node.item
            elif node.kind in ("object", "tuple"):
                node = child_by_key(node, int(part) if node.kind == "tuple" and is_index(part)
                                    else key)
            else:
                node = None
            name = join(name, key)
        return name

    def _keys_in_answers(self, node: Field, name: str) -> list[str]:
        """The keys of a repeat group's items in the order the answers list them: as posted,
        less empty questions (an object or a branch is kept empty; see ``_read_array``)."""
        keys = [k for k in self.values.getlist(items_name(name)) if k != ""]
        if node.item.kind in ("object", "alternatives"):
            return keys
        tz = ZoneInfo(self.time_zone)
        return [k for k in keys
                if _read(node.item, self.values, join(name, k), join(name, k), tz, {})
                is not MISSING]

    def error_links(self) -> list[tuple[str, str, str]]:
        """(href, label, message) for the summary at the top of the form."""
        links = []
        for name, messages in self.errors.items():
            node = locate(self.form.root, name, self)
            label = node.label if node is not None and node.label else _("This form")
            href = "#" + (field_id(name) if node is None or node.kind not in GROUP_KINDS
                          else group_id(name))
            if node is not None and node.kind in ("boolean", "choice", "multichoice"):
                href = "#" + field_id(name)
            links.extend((href, label, m) for m in messages)
        return links


def child_by_key(node: Field, key: Any) -> Field | None:
    """A child of an object or tuple by its key, through an index kept on the (shared) field."""
    index = node.__dict__.get("_by_key")
    if index is None or len(index) != len(node.children):
        index = {}
        for c in node.children:
            index.setdefault(c.key, c)
        node.__dict__["_by_key"] = index
    return index.get(key)


def _lookup(data: Any, name: str) -> Any:
    for part in name.split(".") if name else ():
        if isinstance(data, dict):
            data = data.get(key_part(part))
        elif isinstance(data, list) and is_index(part) and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data


def locate(root: Field, name: str, state: FormState | None = None) -> Field | None:
    """The field a form name refers to (array indexes and chosen branches followed)."""
    node: Field | None = root
    prefix = ""
    for part in [p for p in name.split(".") if p] if name else []:
        while node is not None and node.kind == "alternatives":
            index = state.branch(node, prefix) if state is not None else 0
            node = node.branches[index] if node.branches else None
        if node is None:
            return None
        if node.kind == "array" and part not in (ITEMS,):
            node = node.item
        elif node.kind in ("object", "tuple"):
            key: Any = int(part) if node.kind == "tuple" and is_index(part) else key_part(part)
            node = child_by_key(node, key)
        else:
            return None
        prefix = f"{prefix}.{part}" if prefix else part
    return node
