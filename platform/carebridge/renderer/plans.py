"""A group's questions kept as HTML parts with slots for answers, errors and nested groups, so a
render copies a list, fills the slots its answers touch and joins once (see docs/renderer.md)."""

from __future__ import annotations

import operator
import sys
from dataclasses import dataclass, field
from typing import Any

from carebridge import sizes
from carebridge.renderer import widgets
from carebridge.renderer.compile import Field, count_kept
from carebridge.renderer.formdata import name_part, was_name

#: Plans kept per group field (one per name, `live` and questions shown); emptied past this.
PLANS_PER_FIELD = 64
#: Whole strings kept per plan, one per URL the form posts to (a kiosk link has its own).
WHOLES_PER_PLAN = 2

LEAF, OBJECT, GROUP = 1, 2, 3  # how a child is drawn: a question, a plain object, another group


@dataclass
class Plan:
    """The HTML of a group's visible children with nothing answered and no errors, in ``parts``.

    ``texts``: (part or -1, name, part of the stored-value input or -1, that input's name) for
    each text box, and for each group of checkboxes (its stored order: no part of its own);
    ``choices``: (name, {option's text: part}, word) for each select or option group;
    ``spans``: name → (first part, end, field, required, cond) of each question with a shell,
    redrawn whole when it has errors; ``calls``: (part, how, field, name, required, cond) for
    what is drawn on every render (nested groups, widgets without a shell); ``actions``: the
    parts where the URL the form posts to goes (a plan serves every client's page of a form);
    ``reads``: every form name whose value fills a slot; ``wholes``: the URL the form posts
    to → (the nested groups' kept strings, the group drawn whole with them and nothing
    answered); ``blank``: the URL → the group drawn whole when the render had no answer and
    no error at all (see :func:`whole`).
    """

    parts: list[str] = field(default_factory=list)
    texts: list[tuple[int, str, int, str]] = field(default_factory=list)
    choices: list[tuple[str, dict, str]] = field(default_factory=list)
    spans: dict[str, tuple[int, int, Field, bool, str]] = field(default_factory=dict)
    calls: list[tuple[int, int, Field, str, bool, str]] = field(default_factory=list)
    actions: list[int] = field(default_factory=list)
    reads: frozenset = frozenset()
    wholes: dict[str, tuple[list[str], str]] = field(default_factory=dict)
    blank: dict[str, str] = field(default_factory=dict)
    size: int = 0  # the bytes it holds (see sizes.held), its whole strings included
    wholes_size: int = 0
    on_fields: int = 0  # the bytes drawing it first kept on its fields (not given back)


def how_drawn(node: Field) -> int:
    """A question (a widget writes it), a plain object (a kept fieldset), or another group."""
    how = node.__dict__.get("_how")
    if how is None:
        if node.leaf:
            how = LEAF
        else:
            how = OBJECT if node.kind == "object" and not node.recursive else GROUP
        node.__dict__["_how"] = how
    return how


def plan_for(st, node: Field, name: str, shown: list[tuple[Field, bool]]) -> Plan:
    """The plan of ``node``'s children ``shown`` (each with whether it is required now), kept
    on the (shared) field per name, the questions shown and how the form is drawn."""
    # Found first by the list itself: the lists a field's conditions give are kept on it, and
    # a tuple of hundreds of questions is hashed anew on every look-up.
    by_list = node.__dict__.get("_plan_of_list")
    if by_list is not None:
        kept = by_list.get((name, st.live, id(shown)))
        if kept is not None and kept[0] is shown:
            return kept[1]
    plans = node.__dict__.get("_plans")
    if plans is None or len(plans) >= PLANS_PER_FIELD:
        if plans:
            count_kept(st.form, -sum(p.size for p in plans.values()))
        plans = node.__dict__["_plans"] = {}
        by_list = None
    if by_list is None or len(by_list) >= PLANS_PER_FIELD:
        by_list = node.__dict__["_plan_of_list"] = {}
    key = (name, st.live, tuple(shown))
    plan = plans.get(key)
    if plan is None:
        # Drawn for a stand-in URL, which becomes a slot: the questions' htmx attributes name
        # the URL the form posts to, and a client's fill page has a URL of its own.
        action, st.action = st.action, ACTION
        try:
            plan = plans[key] = _build(st, node, name, shown)
        finally:
            st.action = action
        plan.size = _bytes(plan)
        count_kept(st.form, plan.size + plan.on_fields)
    by_list[(name, st.live, id(shown))] = (shown, plan)
    return plan


#: The stand-in for the URL a form posts to while a plan is drawn (no URL holds it).
ACTION = "\x02"


def _build(st, node: Field, name: str, shown: list[tuple[Field, bool]]) -> Plan:
    plan = Plan()
    parts = plan.parts
    cond = st.gid(name) if node.rules else ""
    prefix = name + "." if name else ""
    for child, required in shown:
        child_name = prefix + name_part(child.key)
        child_cond = cond if child.trigger else ""
        kept = child.__dict__
        before = sys.getsizeof(kept), "_static" in kept
        how = how_drawn(child)
        drawn = None
        if how == LEAF:
            drawn = widgets.shell(child, child_name, st, required, child_cond, child.label)
        # What drawing it kept on the field itself (its shells are counted as they are kept).
        plan.on_fields += sys.getsizeof(kept) - before[0]
        if not before[1] and "_static" in kept:
            plan.on_fields += sizes.held(kept["_static"])
        if drawn is None:
            plan.calls.append((len(parts), how, child, child_name, required, child_cond))
            parts.append("")
            continue
        start = len(parts)
        at = []  # where each of the shell's parts went
        for part in drawn.parts:
            for i, piece in enumerate(part.split(ACTION)):
                if i:
                    plan.actions.append(len(parts))
                    parts.append("")
                parts.append(piece)
            at.append(len(parts) - 1)
        plan.spans[child_name] = (start, len(parts), child, required, child_cond)
        if drawn.value_at >= 0:
            was_at = at[drawn.was_at] if drawn.was_at >= 0 else -1
            plan.texts.append((at[drawn.value_at], child_name, was_at, was_name(child_name)))
        if drawn.flags is not None:
            plan.choices.append((child_name, {html: at[i] for html, i in drawn.flags.items()},
                                 drawn.word))
            if drawn.was_at >= 0:  # a text slot that holds only the stored value
                plan.texts.append((-1, child_name, at[drawn.was_at], was_name(child_name)))
    plan.reads = frozenset([t[1] for t in plan.texts] + [t[3] for t in plan.texts if t[2] >= 0]
                           + [c[0] for c in plan.choices])
    return plan


def _bytes(plan: Plan) -> int:
    """The bytes a new plan holds, as ``sizes.held`` would count them, in C loops: a plan of a
    long section has thousands of parts (the empty slots are one shared string)."""
    size = sys.getsizeof
    parts, texts, spans, choices, calls = (plan.parts, plan.texts, plan.spans, plan.choices,
                                           plan.calls)
    empty = size("")
    total = size(plan) + size(plan.__dict__) + size(parts) + sum(map(size, parts))
    total -= parts.count("") * empty
    total += size(texts) + len(texts) * size((0, "", 0, "")) + sum(map(size, spans))
    total += sum(size(was) for _, _, at, was in texts if at >= 0)
    total += size(spans) + len(spans) * size((0, 0, None, False, ""))
    total += size(choices) + sum(size(flags) + size((None, None, None)) for _, flags, _ in choices)
    total += size(calls) + len(calls) * size((0, 0, None, "", False, "")) + sum(
        size(call[3]) for call in calls)
    total += size(plan.actions) + size(plan.reads) + size(plan.wholes) + size(plan.blank)
    return total


def whole(plan: Plan, st, group_macro) -> str | None:
    """The group drawn as one kept string when this render touches none of it: no answer or
    error of its questions, and each nested group a plain object as untouched (the sections
    a person has not reached yet, a blank page). None when something does.

    Kept per URL the form posts to, with the nested groups' strings it was joined from: it is
    joined again when one of them is not the very string it was (another plan shown, another
    fieldset). What fills a slot is known to the plan (``reads``, ``spans``), so a string is
    never kept past an answer or an error that would change it. With no answer and no error
    at all, the string kept for that case (``blank``) is returned without a look below.
    """
    values, errors = st.values, st.errors
    if not values and not errors:
        # A blank page: what every nested group shows is then fixed (no answer decides a
        # condition), so the string kept for a blank page is the page, without a look below.
        html = plan.blank.get(st.action)
        if html is not None:
            return html
    elif values and not dict.keys(values).isdisjoint(plan.reads):
        return None
    elif errors and not plan.spans.keys().isdisjoint(errors.keys()):
        return None
    pieces: list[str] = []
    for _at, how, child, name, required, cond in plan.calls:
        if how != OBJECT:
            return None
        drawn = st.object_whole(child, name, required, cond, group_macro)
        if drawn is None:
            return None
        pieces += drawn
    kept = plan.wholes.get(st.action)
    if kept is not None and all(map(operator.is_, kept[0], pieces)):
        return kept[1]
    out = _with_action(plan, st)
    for i, (at, *_) in enumerate(plan.calls):
        out[at] = "".join(pieces[3 * i:3 * i + 3])
    if len(plan.wholes) >= WHOLES_PER_PLAN:
        plan.wholes.clear()
        plan.blank.clear()
    html = "".join(out)
    plan.wholes[st.action] = (pieces, html)
    if not values and not errors:
        plan.blank[st.action] = html
    _count_wholes(st, plan)
    return html


def _count_wholes(st, plan: Plan) -> None:
    """Count the plan's kept whole strings with the form's bytes (their nested pieces are
    the nested groups' own strings; a blank one is usually also the URL's whole one)."""
    size = sys.getsizeof
    now = sum(size(pieces) + size(html) for pieces, html in plan.wholes.values())
    now += sum(size(html) for action, html in plan.blank.items()
               if action not in plan.wholes or plan.wholes[action][1] is not html)
    if now != plan.wholes_size:
        count_kept(st.form, now - plan.wholes_size)
        plan.size += now - plan.wholes_size
        plan.wholes_size = now


def fill(plan: Plan, st, group_macro) -> list[str]:
    """The plan's parts with this render's answers, errors and nested groups in their slots;
    one kept string when nothing touches them (see :func:`whole`)."""
    html = whole(plan, st, group_macro)
    if html is not None:
        return [html]
    out = _with_action(plan, st)
    values = st.values
    get = dict.get  # a MultiDict is a dict of lists: read them without a copy
    escape = widgets.escape
    for at, name, was_at, was in plan.texts:
        got = get(values, name) if at >= 0 else None
        if got:
            out[at] = escape(got[-1])
        if was_at >= 0:
            stored = get(values, was)
            if stored:
                out[was_at] = widgets.was_input(name, stored[0])
    for name, flags, word in plan.choices:
        chosen = get(values, name)
        if chosen:
            for html in chosen:
                at = flags.get(html)
                if at is not None:
                    out[at] = word
    errors = st.errors
    if errors:
        for name in plan.spans.keys() & errors.keys():
            start, end, child, required, cond = plan.spans[name]
            if errors[name]:
                out[start:end] = [child.write(child, name, st, required, cond, child.label)] + [
                    ""] * (end - start - 1)
    nested = []  # plain objects' parts, spliced in below rather than joined into a string
    for at, how, child, name, required, cond in plan.calls:
        if how == OBJECT:
            drawn = st.object_parts(child, name, required, cond, group_macro)
            if drawn is not None:
                nested.append((at, drawn))
                continue
        out[at] = _drawn(st, how, child, name, required, cond, group_macro)
    if not nested:
        return out
    spliced: list[str] = []
    done = 0
    for at, drawn in nested:
        spliced += out[done:at]
        spliced += drawn
        done = at + 1
    spliced += out[done:]
    return spliced


def _with_action(plan: Plan, st) -> list[str]:
    """A copy of the plan's parts with the URL the form posts to in its slots."""
    out = plan.parts.copy()
    if plan.actions:
        action = widgets.escape(st.action)
        for at in plan.actions:
            out[at] = action
    return out


def _drawn(st, how: int, child: Field, name: str, required: bool, cond: str,
           group_macro) -> Any:
    if how == LEAF:
        return child.write(child, name, st, required, cond, child.label)
    if how == OBJECT:
        return st.object_html(child, name, required, cond, group_macro)
    return str(group_macro(child, name, st, required, cond))
