"""HTML form data ↔ JSON: names like ``household.0.age``, types, empty values, times and zones."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from carebridge.renderer.compile import MISSING, Field, html_value
from carebridge.renderer.schema_match import matches
from carebridge.renderer.switched import object_state
from carebridge.whole_numbers import whole_number

ITEMS = "__items"
BRANCH = "__branch"
OPEN = "__open"  # names of recursive parts a person opened (they have no answers yet)
WAS = "__was"  # a stored date-time or time the input cannot show exactly (another offset),
# a stored null shown as a blank box (NULL_SHOWN), or the stored order of ticked choices
NULL_SHOWN = "null"


def name_part(key: Any) -> str:
    """A property name as one part of a form name: parts are joined with ".", so a "." in a
    name is written "~1" and a "~" "~0" (``address.zip`` is the key ``zip`` of ``address``;
    ``a~1b`` is the key ``a.b``)."""
    text = str(key)
    if "." in text or "~" in text:
        return text.replace("~", "~0").replace(".", "~1")
    return text


def key_part(part: str) -> str:
    """The property name one part of a form name stands for (see ``name_part``)."""
    if "~" in part:
        return part.replace("~1", ".").replace("~0", "~")
    return part


def join(prefix: str, key: Any) -> str:
    return f"{prefix}.{name_part(key)}" if prefix else name_part(key)


def items_name(prefix: str) -> str:
    return join(prefix, ITEMS)


def branch_name(prefix: str) -> str:
    return f"{BRANCH}.{prefix}" if prefix else BRANCH


def was_name(name: str) -> str:
    return f"{WAS}.{name}"


def reached(form, name: str) -> bool:
    """Whether the form holds anything at or under ``name``, or a person opened it."""
    prefix = name + "."
    return (name in form.getlist(OPEN)
            or any(k == name or k.startswith(prefix) for k in form.keys()))


def pointer_to_name(pointer: str) -> str:
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
    return ".".join(map(name_part, parts))


def name_to_pointer(name: str) -> str:
    if not name:
        return ""
    return "/" + "/".join(key_part(p).replace("~", "~0").replace("/", "~1")
                          for p in name.split("."))


# -- form → JSON ---------------------------------------------------------------------------


def from_form(
    root: Field, form, time_zone: str = "America/Los_Angeles", branches: dict | None = None
) -> dict:
    """The JSON a person meant by ``form`` (a MultiDict); empty answers are left out.

    Array items are renumbered in the order the form lists them; ``branches``, when given,
    collects the alternative each oneOf/anyOf was switched to, under the renumbered names.
    """
    value = _read(root, form, "", "", ZoneInfo(time_zone), {} if branches is None else branches)
    return value if isinstance(value, dict) else {}


def _read(node: Field, form, name: str, out_name: str, tz: ZoneInfo, branches: dict) -> Any:
    """The value the form's inputs under ``name`` mean, read by the node's kind."""
    return _READERS.get(node.kind, _read_leaf)(node, form, name, out_name, tz, branches)


def _read_object(node: Field, form, name: str, out_name: str, tz: ZoneInfo,
                 branches: dict) -> Any:
    if node.recursive and not reached(form, name):
        return MISSING  # a $ref into itself: as deep as the answers go, no deeper
    out = {}
    for child in node.children:
        v = _read(child, form, join(name, child.key), join(out_name, child.key), tz, branches)
        if v is not MISSING:
            out[child.key] = v
    _settle(node, form, name, out)
    return out if out or not name else MISSING


def _settle(node: Field, form, name: str, out: dict) -> None:
    """What a person means by leaving questions of the object alone, for the questions
    required now and the others.

    An optional group whose answers are only what the page sends untouched (a switch left
    off, a fixed value, a blank group: see ``untouched``) is no answer; the fixed values of
    an answered group are part of its answer. A required group of
    questions left blank is an empty object, and a required question that allows null,
    left blank, is null: the answers the schema allows for "nothing to say".
    """
    if node.rules:
        active, required = object_state(node, out)
    else:
        active, required = (), {c.key for c in node.children if c.required}
    for child in node.children:
        key = child.key
        if child.conditional and key not in active:
            continue
        if key in out:
            if (key not in required and child.kind in _GROUPS
                    and untouched(child, out[key], form, join(name, key))):
                del out[key]
        elif key in required:
            if child.kind == "object" and not child.recursive:
                out[key] = {}
            elif child.nullable and child.kind in _BOXES:
                out[key] = None


_GROUPS = frozenset({"object", "alternatives", "array"})
#: Questions answered by typing into a box: left blank, a box sends "".
_BOXES = frozenset({"string", "textarea", "number", "integer"})


def untouched(node: Field, value: Any, form, name: str) -> bool:
    """Whether ``value`` is what the page sends for ``node`` when a person leaves it alone:
    a switch left off (its "No"), a fixed value other than an agreement, a blank box read as
    null because it is required (not a stored null: the page marks that), and a group or
    list of those only (a list no longer than the rows it starts with)."""
    kind = node.kind
    if kind == "boolean":
        return node.widget == "toggle" and value is False
    if kind == "null":
        return True
    if kind == "const":
        return not (node.choices[0].value is True and not node.discriminator)  # an agreement
    if kind in _BOXES:
        return value is None and form.get(was_name(name)) != NULL_SHOWN
    if kind == "object" and isinstance(value, dict):
        return all(untouched(c, value[c.key], form, join(name, c.key))
                   for c in node.children if c.key in value)
    if kind == "alternatives" and isinstance(value, dict) and node.branches:
        index = whole_number(form.get(branch_name(name))) or 0
        branch = node.branches[index if index < len(node.branches) else 0]
        return untouched(branch, value, form, name)
    if kind == "array" and isinstance(value, list) and node.item is not None:
        if len(value) > node.min_items:
            return False
        if node.item.kind not in ("object", "alternatives"):
            return not value  # a blank row of a box is no item at all
        keys = [k for k in form.getlist(items_name(name)) if k != ""]
        return all(untouched(node.item, v, form, join(name, k))
                   for v, k in zip(value, keys, strict=False))
    return False


def _read_alternatives(node: Field, form, name: str, out_name: str, tz: ZoneInfo,
                       branches: dict) -> Any:
    if not node.branches:
        return MISSING
    picked = form.get(branch_name(name))
    index = whole_number(picked) or 0
    index = index if index < len(node.branches) else 0
    branches[out_name] = index
    return _read(node.branches[index], form, name, out_name, tz, branches)


def _read_array(node: Field, form, name: str, out_name: str, tz: ZoneInfo,
                branches: dict) -> Any:
    result = []
    answered = False
    for index in form.getlist(items_name(name)):
        if index == "":
            continue  # the marker that says "this list was shown", even when empty
        position = join(out_name, len(result))
        v = _read(node.item, form, join(name, index), position, tz, branches)
        if v is MISSING:
            if node.item.kind in ("object", "alternatives"):
                result.append({})
            continue
        answered = answered or not untouched(node.item, v, form, join(name, index))
        result.append(v)
    if not answered and not node.required and len(result) <= node.min_items:
        # The minItems rows a page starts with, left blank, in an optional list are no
        # answer: sent as [{}], their required questions were asked for.
        return MISSING
    return result if result else MISSING


def _read_tuple(node: Field, form, name: str, out_name: str, tz: ZoneInfo,
                branches: dict) -> Any:
    values = [
        _read(c, form, join(name, c.key), join(out_name, c.key), tz, branches)
        for c in node.children
    ]
    while values and values[-1] is MISSING:
        values.pop()
    return [None if v is MISSING else v for v in values] if values else MISSING


def _read_multichoice(node: Field, form, name: str, out_name: str, tz: ZoneInfo,
                      branches: dict) -> Any:
    ticked = [raw for raw in form.getlist(name) if raw != ""]
    order = _stored_order(form.get(was_name(name)))
    if order:
        # The boxes post in the order the form lists them: the stored order is kept, and a
        # choice ticked now goes after the stored ones.
        kept = [t for t in order if t in ticked]
        ticked = kept + [t for t in ticked if t not in kept]
    chosen = [_choice(node, raw) for raw in ticked]
    return chosen if chosen else MISSING


def _stored_order(text: str | None) -> list[str]:
    """The texts of stored choices in their stored order, as ``_write_multichoice`` put them."""
    try:
        order = json.loads(text) if text else []
    except ValueError:
        return []
    return order if isinstance(order, list) and all(isinstance(t, str) for t in order) else []


def _read_leaf(node: Field, form, name: str, out_name: str, tz: ZoneInfo,
               branches: dict) -> Any:
    """One input's value: the last one posted (a toggle sends "false" then, when ticked,
    "true"), converted by the leaf's kind."""
    raw = form.getlist(name)
    if not raw:
        return MISSING
    text = raw[-1]
    if node.kind in ("choice", "boolean", "const"):
        return MISSING if text == "" else _choice(node, text)
    if node.kind == "null":
        return None
    if text.strip() == "":
        # A blank box that showed a stored null is that null, sent back unchanged.
        return None if node.nullable and form.get(was_name(name)) == NULL_SHOWN else MISSING
    return _LEAF_READERS.get(node.kind, _read_text)(node, form, name, text, tz)


def _read_number(node: Field, form, name: str, text: str, tz: ZoneInfo) -> Any:
    return _number(text, node.kind)


def _read_json(node: Field, form, name: str, text: str, tz: ZoneInfo) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _read_text(node: Field, form, name: str, text: str, tz: ZoneInfo) -> Any:
    if node.format == "date-time":
        was = form.get(was_name(name))
        if was is not None and _datetime_for_input(was, tz) == text:
            return was  # shown unchanged: the stored instant keeps its own offset
        return _datetime_from_input(text, tz)
    if node.format == "time":
        was = form.get(was_name(name))
        if was is not None and _time_for_input(was) == text:
            return was
        return _time_from_input(text, tz)
    # A browser sends every line break as CRLF: read back as the "\n" it was shown as.
    return text.replace("\r\n", "\n") if "\r" in text else text


#: How each kind of field is read from the posted form (leaves not listed: ``_read_leaf``).
_READERS = {
    "object": _read_object,
    "alternatives": _read_alternatives,
    "array": _read_array,
    "tuple": _read_tuple,
    "multichoice": _read_multichoice,
}
#: How a leaf's non-empty text becomes its value, by kind (strings: ``_read_text``).
_LEAF_READERS = {
    "number": _read_number,
    "integer": _read_number,
    "unsupported": _read_json,
}


def _choice(node: Field, text: str) -> Any:
    for choice in node.choices:
        if choice.html == text:
            return choice.value
    return text  # not one of the choices: kept, and the validator says so


def _number(text: str, kind: str) -> Any:
    text = text.strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        return text  # kept as typed; validation explains what is wrong
    return int(number) if kind == "integer" and number.is_integer() else number


def _datetime_from_input(text: str, tz: ZoneInfo) -> str:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    if moment.utcoffset() % timedelta(minutes=1):
        # Local mean time (Los Angeles before 1883 was -07:52:58): RFC 3339 has no seconds
        # in an offset, so the same instant is written in UTC.
        try:
            moment = moment.astimezone(UTC)
        except OverflowError:
            pass
    return moment.isoformat(timespec="seconds")


def _time_from_input(text: str, tz: ZoneInfo) -> str:
    try:
        clock = time.fromisoformat(text)
    except ValueError:
        return text
    if clock.tzinfo is not None:
        return clock.isoformat(timespec="seconds")
    # A time has no date; today's offset in the agency's zone is the sensible reading.
    offset = datetime.combine(date.today(), clock, tz).isoformat(timespec="seconds")[19:]
    return clock.isoformat(timespec="seconds") + offset


def selected_branch(node: Field, branches: dict | None, name: str, data: Any) -> int:
    """The branch a person picked, or the one the data fits best."""
    picked = (branches or {}).get(name)
    if isinstance(picked, int) and picked < len(node.branches):
        return picked
    if isinstance(data, dict):
        return best_branch(node, data)
    return 0


def best_branch(node: Field, data: dict) -> int:
    for i, branch in enumerate(node.branches):
        if matches(branch.schema, data):
            return i
    scores = [len(set(data) & {c.key for c in b.children}) for b in node.branches]
    return scores.index(max(scores)) if scores else 0


# -- JSON → form ---------------------------------------------------------------------------


def to_form(
    root: Field, data: Any, time_zone: str = "America/Los_Angeles", branches: dict | None = None
) -> dict[str, list]:
    """The form values that show ``data``: the inverse of :func:`from_form`."""
    values: dict[str, list] = {}
    _write(root, data if isinstance(data, dict) else {}, "", values, ZoneInfo(time_zone),
           branches or {})
    return values


def _write(node: Field, value: Any, name: str, out: dict, tz: ZoneInfo, branches: dict) -> None:
    """Put ``value`` into ``out`` as the inputs under ``name`` would post it, by kind."""
    if value is not MISSING:
        _WRITERS.get(node.kind, _write_text)(node, value, name, out, tz, branches)


def _write_object(node: Field, value: Any, name: str, out: dict, tz: ZoneInfo,
                  branches: dict) -> None:
    if isinstance(value, dict) and value:  # an empty one writes nothing: no question visited
        for child in node.children:
            if child.key in value:
                _write(child, value[child.key], join(name, child.key), out, tz, branches)


def _write_alternatives(node: Field, value: Any, name: str, out: dict, tz: ZoneInfo,
                        branches: dict) -> None:
    branch = selected_branch(node, branches, name, value)
    out[branch_name(name)] = [str(branch)]
    if node.branches:
        _write(node.branches[branch], value, name, out, tz, branches)


def _write_array(node: Field, value: Any, name: str, out: dict, tz: ZoneInfo,
                 branches: dict) -> None:
    if isinstance(value, list):
        out[items_name(name)] = [str(i) for i in range(len(value))]
        for i, v in enumerate(value):
            _write(node.item, v, join(name, i), out, tz, branches)


def _write_tuple(node: Field, value: Any, name: str, out: dict, tz: ZoneInfo,
                 branches: dict) -> None:
    if isinstance(value, list):
        for child, v in zip(node.children, value, strict=False):
            _write(child, v, join(name, child.key), out, tz, branches)


def _write_multichoice(node: Field, value: Any, name: str, out: dict, tz: ZoneInfo,
                       branches: dict) -> None:
    if isinstance(value, list):
        out[name] = texts = [_choice_text(node, v) for v in value]
        listed = {c.html: i for i, c in enumerate(node.choices)}
        places = [listed.get(t, -1) for t in texts]
        if places != sorted(places):  # not the order the boxes post in: carried beside them
            out[was_name(name)] = [json.dumps(texts)]


def _write_choice(node: Field, value: Any, name: str, out: dict, tz: ZoneInfo,
                  branches: dict) -> None:
    out[name] = [_choice_text(node, value)]


def _choice_text(node: Field, value: Any) -> str:
    """What the option showing ``value`` sends (see ``compile.choice_texts``)."""
    for choice in node.choices:
        if choice.value == value and isinstance(choice.value, bool) == isinstance(value, bool):
            return choice.html
    return html_value(value)  # not one of the choices: shown as it is, for the validator


def _write_json(node: Field, value: Any, name: str, out: dict, tz: ZoneInfo,
                branches: dict) -> None:
    out[name] = [value if isinstance(value, str) else json.dumps(value, indent=2)]


def _write_text(node: Field, value: Any, name: str, out: dict, tz: ZoneInfo,
                branches: dict) -> None:
    if value is None:
        out[name] = [""]  # an empty box (it used to show the text "null", sent back as text)
        if node.nullable:
            out[was_name(name)] = [NULL_SHOWN]  # ...which, sent back blank, is null again
        return
    if node.format in ("date-time", "time") and isinstance(value, str):
        # The input shows wall-clock time in the agency's zone; a value stored with another
        # offset (a time saved in winter, a date-time from another zone) rides along unchanged,
        # so what is shown and submitted unchanged stays exactly what was stored.
        if node.format == "date-time":
            shown = _datetime_for_input(value, tz)
            again = _datetime_from_input(shown, tz)
        else:
            shown = _time_for_input(value)
            again = _time_from_input(shown, tz)
        if again != value:
            out[was_name(name)] = [value]
        value = shown
    if isinstance(value, str):
        out[name] = [value]
    elif type(value) is int:
        out[name] = [str(value)]
    elif type(value) is float and math.isfinite(value):
        out[name] = [repr(value)]  # what json.dumps writes for a finite float
    else:
        out[name] = [json.dumps(value)]


#: How each kind of field is written into form inputs (text-like leaves: ``_write_text``).
_WRITERS = {
    "object": _write_object,
    "alternatives": _write_alternatives,
    "array": _write_array,
    "tuple": _write_tuple,
    "multichoice": _write_multichoice,
    "choice": _write_choice,
    "boolean": _write_choice,
    "const": _write_choice,
    "null": _write_choice,
    "unsupported": _write_json,
}


def _datetime_for_input(text: str, tz: ZoneInfo) -> str:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone(tz)
        except OverflowError:
            pass  # at the calendar's very edge: shown at its own offset, carried by __was
    # Not strftime: its %Y writes the year 999 as "999", which no date input takes.
    return moment.replace(tzinfo=None, microsecond=0).isoformat(
        timespec="seconds" if moment.second else "minutes")


def _time_for_input(text: str) -> str:
    try:
        clock = time.fromisoformat(text)
    except ValueError:
        return text
    return clock.strftime("%H:%M:%S" if clock.second else "%H:%M")


def defaults_of(root: Field) -> dict:
    """The data a blank form starts with: every ``default`` the schema gives."""
    value = _defaults(root)
    return value if isinstance(value, dict) else {}


def _defaults(node: Field) -> Any:
    if node.default is not MISSING:
        return node.default
    if node.kind == "object" and not node.recursive:
        out = {}
        for child in node.children:
            if child.conditional:
                continue
            v = _defaults(child)
            if v is not MISSING:
                out[child.key] = v
        return out or MISSING
    return MISSING
