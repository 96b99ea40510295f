"""A group's questions kept as HTML parts with slots for answers, errors and nested groups, so a
render copies a list, fills the slots its answers touch and joins once (see docs/renderer.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from carebridge.renderer import widgets
from carebridge.renderer.compile import Field
from carebridge.renderer.formdata import was_name

#: Plans kept per group field (one per name, `live` and questions shown); emptied past this.
PLANS_PER_FIELD = 64

LEAF, OBJECT, GROUP = 1, 2, 3  # how a child is drawn: a question, a plain object, another group


@dataclass
class Plan:
    """The HTML of a group's visible children with nothing answered and no errors, in ``parts``.

    ``texts``: (part, name, part of the stored-value input or -1, that input's name) for each
    text box;
    ``choices``: (name, {option's text: part}, word) for each select or option group;
    ``spans``: name → (first part, end, field, required, cond) of each question with a shell,
    redrawn whole when it has errors; ``calls``: (part, how, field, name, required, cond) for
    what is drawn on every render (nested groups, widgets without a shell); ``actions``: the
    parts where the URL the form posts to goes (a plan serves every client's page of a form).
    """

    parts: list[str] = field(default_factory=list)
    texts: list[tuple[int, str, int, str]] = field(default_factory=list)
    choices: list[tuple[str, dict, str]] = field(default_factory=list)
    spans: dict[str, tuple[int, int, Field, bool, str]] = field(default_factory=dict)
    calls: list[tuple[int, int, Field, str, bool, str]] = field(default_factory=list)
    actions: list[int] = field(default_factory=list)
    blank: tuple[str, str] = ("", "")  # (URL, the HTML with nothing answered) last drawn


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
    plans = node.__dict__.get("_plans")
    if plans is None or len(plans) >= PLANS_PER_FIELD:
        plans = node.__dict__["_plans"] = {}
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
    return plan


#: The stand-in for the URL a form posts to while a plan is drawn (no URL holds it).
ACTION = "\x02"


def _build(st, node: Field, name: str, shown: list[tuple[Field, bool]]) -> Plan:
    plan = Plan()
    parts = plan.parts
    cond = st.gid(name) if node.rules else ""
    prefix = name + "." if name else ""
    for child, required in shown:
        child_name = prefix + str(child.key)
        child_cond = cond if child.trigger else ""
        how = how_drawn(child)
        drawn = None
        if how == LEAF:
            drawn = widgets.shell(child, child_name, st, required, child_cond, child.label)
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
    return plan


def fill(plan: Plan, st, group_macro) -> list[str]:
    """The plan's parts with this render's answers, errors and nested groups in their slots.

    A group nothing touches (no answer, no error, no nested group) is one kept string: the
    sections a person has not reached yet cost a lookup each."""
    values, errors = st.values, st.errors
    texts = [t for t in plan.texts if t[1] in values or t[2] >= 0 and t[3] in values]
    choices = [c for c in plan.choices if c[0] in values]
    errored = plan.spans.keys() & errors.keys() if errors else ()
    if not texts and not choices and not errored and not plan.calls:
        if plan.blank[0] != st.action:
            plan.blank = (st.action, "".join(_with_action(plan, st)))
        return [plan.blank[1]]
    out = _with_action(plan, st)
    get = dict.get  # a MultiDict is a dict of lists: read them without a copy
    escape = widgets.escape
    for at, name, was_at, was in texts:
        got = get(values, name)
        if got:
            out[at] = escape(got[-1])
        if was_at >= 0:
            stored = get(values, was)
            if stored:
                out[was_at] = widgets.was_input(name, stored[0])
    for name, flags, word in choices:
        for html in get(values, name):
            at = flags.get(html)
            if at is not None:
                out[at] = word
    for name in errored:
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
