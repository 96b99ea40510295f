"""The built-in widgets, registered through ``register_widgets`` as any plugin's would be.

Groups, repeat groups, pages and the form itself are Jinja templates (``templates/renderer``);
the hundreds of single inputs inside them are written here, because a Jinja macro call per
input made a 200-question form ten times slower than its static equivalent (see bench/).
Every input gets a <label> (or a <fieldset>/<legend> for option groups), help and error text
tied in with aria-describedby, and the htmx attributes for blur checks or condition refreshes.
A widget writes the HTML of one question already escaped; the compiler picks one per field.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass

from carebridge import sizes
from carebridge.i18n import _
from carebridge.plugins import hookimpl
from carebridge.renderer.compile import (
    LEAF_KINDS,
    RADIOS_UP_TO,
    SEARCHABLE_OVER,
    Field,
    count_kept,
)
from carebridge.renderer.formdata import was_name
from carebridge.renderer.widget_table import Widget

_PLAIN = re.compile(r"[^&<>\"']*\Z")
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_.\-]*\Z")


def escape(text) -> str:
    """HTML-escape like markupsafe (same entities), without making a Markup per call; markup
    stays markup (a repeat item's label holds its number in a span)."""
    if type(text) is not str:
        if hasattr(text, "__html__"):
            return text.__html__()
        text = str(text)
    if _PLAIN.match(text):
        return text
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&#34;").replace("'", "&#39;"))

def _mark(st=None) -> str:
    """The required mark; its spoken words in the reader's language."""
    return _words(st, "mark", lambda: '<span class="req" aria-hidden="true">*</span>'
                  f'<span class="visually-hidden"> {escape(_("(required)"))}</span>')


def errors_html(errs, st=None, name: str | None = None) -> str:
    """The messages of one question; with its ``name``, a hidden ``_errors`` input saying the
    page shows them, so a part drawn again checks that answer again (filling_flow.py)."""
    if not errs:
        return ""
    said = _words(st, "error", lambda: escape(_("Error:")))
    shown = "" if name is None else f'<input type="hidden" name="_errors" value="{escape(name)}">'
    return shown + "".join(
        f'<p class="field-error"><span class="visually-hidden">{said} </span>{escape(m)}</p>'
        for m in errs
    )


def _error_slot(fid: str, errs, st, name: str) -> str:
    """Where a question's messages go (a check's answer replaces what is inside)."""
    return (f'<div class="error-slot" id="e-{fid}" aria-live="polite">'
            f'{errors_html(errs, st, name)}</div>')


def _words(st, key: str, translate) -> str:
    """The renderer's own words, translated once per render when the render is known (a long
    form submitted empty asked the catalog three times for each of its hundreds of errors)."""
    words = getattr(st, "words", None)
    if words is None:
        return translate()
    said = words.get(key)
    if said is None:
        said = words[key] = translate()
    return said


def _static(node: Field) -> dict:
    """Escaped pieces of a field that never change between renders (fields are shared)."""
    cached = node.__dict__.get("_static")
    if cached is None:
        cached = {
            "help": str(escape(node.help)),
            "attrs": str(node.attr_html),
            "choices": [(str(escape(c.html)), str(escape(c.label))) for c in node.choices],
        }
        node.__dict__["_static"] = cached
    return cached


def _live(st, name: str, fid: str, cond: str) -> str:
    if not st.live:
        return ""
    if cond:
        return f' data-cond="{cond}"'
    if _PLAIN_NAME.match(name):
        vals = f"{{&#34;_action&#34;: &#34;check:{name}&#34;}}"
    else:
        vals = escape(json.dumps({"_action": "check:" + name}))
    # A check waits for nothing but a newer check of the same answer (this:replace): inheriting
    # the form's hx-sync, it aborted the refresh of a condition answered just before.
    return (f' hx-post="{escape(st.action)}" hx-trigger="change" hx-target="#e-{fid}"'
            f' hx-swap="innerHTML" hx-sync="this:replace" hx-vals="{vals}"')


def _constant(node: Field, name: str, st, required: bool, cond: str, label) -> str:
    """A value the schema fixes. ``"const": true`` is an agreement the person ticks; a fixed
    text or number is shown read-only; only what a person cannot read (null, a list, an
    object) rides along hidden. Nothing is agreed on someone's behalf without being shown."""
    if node.kind == "const" and not node.discriminator:
        value = node.choices[0].value
        if value is True:
            return _agree(node, name, st, required, cond, label)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return _fixed(node, name, st, required, cond, label)
    value = node.choices[0].html if node.kind == "const" else "null"
    return f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'


def _agree(node: Field, name: str, st, required: bool, cond: str, label) -> str:
    """"I agree": a checkbox, unticked until the person ticks it (unticked sends nothing)."""
    fid = st.fid(name)
    errs = st.errors_for(name)
    help_html, described = _head(node, fid, errs, required, _static(node))
    checked = " checked" if st.value(name) == node.choices[0].html else ""
    disabled = " disabled" if node.read_only else ""
    return (
        f'<div class="field agree{" has-error" if errs else ""}">\n'
        f'<input type="checkbox" id="{fid}" name="{escape(name)}" '
        f'value="{escape(node.choices[0].html)}"{checked}{disabled} {described}'
        f'{_live(st, name, fid, cond)}>\n'
        f'<label for="{fid}">{escape(label)}{_mark(st) if required else ""}</label>{help_html}\n'
        f'{_error_slot(fid, errs, st, name)}\n'
        f'</div>'
    )


def _fixed(node: Field, name: str, st, required: bool, cond: str, label) -> str:
    """A fixed text or number: shown, read-only, and sent as it is."""
    fid = st.fid(name)
    errs = st.errors_for(name)
    help_html, described = _head(node, fid, errs, False, _static(node))
    return (
        f'<div class="field fixed{" has-error" if errs else ""}">'
        f'<label for="{fid}">{escape(label)}</label>{help_html}\n'
        f'<input id="{fid}" name="{escape(name)}" type="text" readonly '
        f'value="{escape(node.choices[0].html)}" {described}>\n'
        f'{_error_slot(fid, errs, st, name)}\n'
        f'</div>'
    )


def _hidden(node: Field, name: str, st, required: bool, cond: str, label) -> str:
    return f'<input type="hidden" name="{escape(name)}" value="{escape(st.value(name))}">'


def _radios(node, name, st, required, cond, label) -> str:
    return _options(node, name, st, required, cond, label, "radio")


def _checkboxes(node, name, st, required, cond, label) -> str:
    return _options(node, name, st, required, cond, label, "checkbox") + _was(node, name, st)


def _head(node: Field, fid: str, errs, required: bool, static: dict) -> tuple[str, str]:
    help_html = f'<p class="help" id="h-{fid}">{static["help"]}</p>' if node.help else ""
    described = f'aria-describedby="{"h-" + fid + " " if node.help else ""}e-{fid}"'
    if errs:
        described += ' aria-invalid="true"'
    if required:
        described += ' aria-required="true"'
    return help_html, described


_HOLE = "\x00"
_SHELLS_PER_FIELD = 256


def _text(node, name, st, required, cond, label) -> str:
    errs = st.errors_for(name)
    if errs:
        return (_text_html(node, name, st, required, cond, label, errs, escape(st.value(name)))
                + _was(node, name, st))
    # Without errors only the value changes between renders: keep the HTML around it.
    shell = _text_shell(node, name, st, required, cond, label)
    return shell[0] + escape(st.value(name)) + shell[1] + _was(node, name, st)


def _shells(node: Field, st) -> dict:
    """The shells kept on a (shared) field, emptied when they grow past a bound."""
    shells = node.__dict__.get("_shells")
    if shells is None or len(shells) >= _SHELLS_PER_FIELD:
        if shells:
            count_kept(st.form, -sizes.held(shells))
        shells = node.__dict__["_shells"] = {}
    return shells


def _keep(shells: dict, key: tuple, shell: tuple, st) -> tuple:
    """Keep ``shell`` under ``key``, counted with the bytes the form holds (as ``sizes.held``
    would count them, in C loops: a long form keeps thousands)."""
    shells[key] = shell
    size = sys.getsizeof
    held = size(key) + size(shell)
    if isinstance(shell[0], list):  # parts with empty slots (one shared string), each option's
        spaced, slots = shell
        held += size(spaced) + sum(map(size, spaced)) - spaced.count("") * size("") + size(slots)
    else:
        held += sum(map(size, shell))
    count_kept(st.form, held)
    return shell


def _text_shell(node, name, st, required, cond, label) -> tuple[str, str]:
    """A text box's HTML without errors, before and after its value."""
    shells = _shells(node, st)
    key = (name, required, cond, label, st.live, st.action)
    shell = shells.get(key)
    if shell is None:
        shell = _keep(shells, key, tuple(
            _text_html(node, name, st, required, cond, label, (), _HOLE).split(_HOLE)
        ), st)
    return shell


def _carries_was(node: Field) -> bool:
    """Whether the question may carry a stored value beside its input (``formdata.WAS``): a
    date-time or time shown in the agency's zone, a null shown as a blank box, the order of
    ticked choices."""
    return node.format in ("date-time", "time") or node.nullable or node.kind == "multichoice"


def _was(node: Field, name: str, st) -> str:
    """The stored value behind an input that cannot show it exactly (see ``_carries_was``)."""
    if not _carries_was(node):
        return ""
    was = st.values.get(was_name(name))
    if was is None:
        return ""
    return was_input(name, was)


def _text_html(node, name, st, required, cond, label, errs, value: str) -> str:
    fid = st.fid(name)
    static = _static(node)
    help_html, described = _head(node, fid, errs, required, static)
    ename = escape(name)
    readonly = " readonly" if node.read_only else ""
    live = _live(st, name, fid, cond)
    if node.kind == "textarea":
        # The newline after the tag is dropped by the browser's parser, so an answer that
        # starts with one keeps it.
        control = (f'<textarea id="{fid}" name="{ename}" rows="{node.rows}" {static["attrs"]} '
                   f'{described}{readonly}{live}>\n{value}</textarea>')
    elif node.widget == "searchable-select":
        options = "".join(f'<option value="{v}">{lab}</option>' for v, lab in static["choices"])
        control = (f'<input id="{fid}" name="{ename}" list="l-{fid}" value="{value}" '
                   f'autocomplete="off" {described}{live}>'
                   f'<datalist id="l-{fid}">{options}</datalist>')
    else:
        control = (f'<input id="{fid}" name="{ename}" type="{node.input_type}" value="{value}" '
                   f'{static["attrs"]} {described}{readonly}{live}>')
    return (
        f'<div class="field{" has-error" if errs else ""}">'
        f'<label for="{fid}">{escape(label)}{_mark(st) if required else ""}</label>{help_html}\n'
        f'{control}\n<div class="error-slot" id="e-{fid}" aria-live="polite">'
        f'{errors_html(errs, st, name)}</div>\n</div>'
    )


_FLAG = "\x01"


def _choosing(node, name, st, required, cond, label, draw, word: str) -> str:
    """Selects and option groups: kept as a shell with a slot where each option may be on."""
    errs = st.errors_for(name)
    chosen = st.chosen(name)
    if errs:
        return draw(node, name, st, required, cond, label, errs,
                    lambda html: word if html in chosen else "")
    spaced, slots = _choosing_shell(node, name, st, required, cond, label, draw, word)
    if not chosen:
        return "".join(spaced)
    out = spaced.copy()
    for html in chosen:
        at = slots.get(html)
        if at is not None:
            out[at] = word
    return "".join(out)


def _choosing_shell(node, name, st, required, cond, label, draw, word: str) -> tuple:
    """The parts of a select or option group without errors, with an empty part where each
    choice's ``selected``/``checked`` goes, and each choice's part (by the text its option
    sends)."""
    shells = _shells(node, st)
    key = (name, required, cond, label, st.live, st.action, word)
    shell = shells.get(key)
    if shell is None:
        parts = draw(node, name, st, required, cond, label, (), lambda html: _FLAG).split(_FLAG)
        slots = {c.html: 2 * i + 1 for i, c in enumerate(node.choices)}
        spaced = [p for part in parts for p in (part, "")][:-1]
        shell = _keep(shells, key, (spaced, slots), st)
    return shell


def _select(node, name, st, required, cond, label) -> str:
    return _choosing(node, name, st, required, cond, label, _select_html, " selected")


def _select_html(node, name, st, required, cond, label, errs, flag) -> str:
    fid = st.fid(name)
    static = _static(node)
    help_html, described = _head(node, fid, errs, required, static)
    options = "".join(
        f'<option value="{v}"{flag(choice.html)}>{lab}</option>'
        for choice, (v, lab) in zip(node.choices, static["choices"], strict=True)
    )
    disabled = " disabled" if node.read_only else ""
    choose = _words(st, "choose", lambda: escape(_("Choose…")))
    return (
        f'<div class="field{" has-error" if errs else ""}">'
        f'<label for="{fid}">{escape(label)}{_mark(st) if required else ""}</label>{help_html}\n'
        f'<select id="{fid}" name="{escape(name)}" {described}{disabled}'
        f'{_live(st, name, fid, cond)}>\n<option value="">{choose}</option>'
        f'{options}\n</select>\n'
        f'{_error_slot(fid, errs, st, name)}\n'
        f'</div>'
    )


def _options(node, name, st, required, cond, label, kind: str) -> str:
    draw = _radios_html if kind == "radio" else _checkboxes_html
    return _choosing(node, name, st, required, cond, label, draw, " checked")


def _radios_html(node, name, st, required, cond, label, errs, flag) -> str:
    return _options_html(node, name, st, required, cond, label, errs, flag, "radio")


def _checkboxes_html(node, name, st, required, cond, label, errs, flag) -> str:
    return _options_html(node, name, st, required, cond, label, errs, flag, "checkbox")


def _options_html(node, name, st, required, cond, label, errs, flag, kind: str) -> str:
    fid = st.fid(name)
    static = _static(node)
    help_html = f'<p class="help" id="h-{fid}">{static["help"]}</p>' if node.help else ""
    described = f'aria-describedby="{"h-" + fid + " " if node.help else ""}e-{fid}"'
    if errs:
        described += ' aria-invalid="true"'
    ename = escape(name)
    extra = (" disabled" if node.read_only else "") + (f' data-cond="{cond}"' if cond else "")
    items = "".join(
        f'\n<div class="option"><input type="{kind}" id="{fid}-{i}" name="{ename}" value="{v}"'
        f'{flag(choice.html)}{extra}><label for="{fid}-{i}">{lab}</label></div>'
        for i, (choice, (v, lab)) in enumerate(zip(node.choices, static["choices"], strict=True))
    )
    inline = " inline" if node.inline or len(static["choices"]) == 2 else ""
    live = "" if cond else _live(st, name, fid, "")
    return (
        f'<fieldset class="field options{inline}{" has-error" if errs else ""}" id="{fid}" '
        f'{described}{live}>\n<legend>{escape(label)}{_mark(st) if required else ""}</legend>'
        f'{help_html}{items}\n'
        f'{_error_slot(fid, errs, st, name)}\n'
        f'</fieldset>'
    )


def _toggle(node, name, st, required, cond, label) -> str:
    fid = st.fid(name)
    errs = st.errors_for(name)
    static = _static(node)
    help_html, described = _head(node, fid, errs, False, static)
    ename = escape(name)
    checked = " checked" if st.value(name) == "true" else ""
    # Unticked is no answer (a "false" would trip rules such as dependentRequired), except
    # where an answer is required now: then the switch's off is the answer "No".
    off = f'<input type="hidden" name="{ename}" value="false">\n' if required else ""
    return (
        f'<div class="field toggle{" has-error" if errs else ""}">\n{off}'
        f'<input type="checkbox" role="switch" id="{fid}" name="{ename}" value="true"{checked} '
        f'{described}{_live(st, name, fid, cond)}>\n'
        f'<label for="{fid}">{escape(label)}{_mark(st) if required else ""}</label>{help_html}\n'
        f'{_error_slot(fid, errs, st, name)}\n'
        f'</div>'
    )


def _json(node: Field, name: str, st, required: bool, cond: str, label) -> str:
    fid = st.fid(name)
    errs = st.errors_for(name)
    return (
        f'<div class="field{" has-error" if errs else ""}">'
        f'<label for="{fid}">{escape(label)}{_mark(st) if required else ""}</label>\n'
        f'<p class="help" id="h-{fid}">{escape(node.help)} Type the answer as JSON.</p>\n'
        f'<textarea id="{fid}" name="{escape(name)}" rows="4" class="code" '
        f'aria-describedby="h-{fid} e-{fid}">\n{escape(st.value(name))}</textarea>\n'
        f'{_error_slot(fid, errs, st, name)}\n'
        f'</div>'
    )


@dataclass(frozen=True)
class Shell:
    """A question without errors as parts, with where its answer goes: the escaped value at
    ``value_at``, a chosen option's ``word`` at ``flags[option's text]``, the hidden input
    carrying a stored date-time or time at ``was_at`` (-1: none of these)."""

    parts: list[str]
    value_at: int = -1
    flags: dict | None = None
    word: str = ""
    was_at: int = -1


def shell(node: Field, name: str, st, required: bool, cond: str, label) -> Shell | None:
    """The question's shell, when its widget is one of ours that keeps one; None otherwise
    (a plugin's widget is written whole on every render)."""
    write = node.write
    if write is _text:
        before, after = _text_shell(node, name, st, required, cond, label)
        if _carries_was(node):
            return Shell([before, "", after, ""], value_at=1, was_at=3)
        return Shell([before, "", after], value_at=1)
    drawn = _DRAWN.get(write)
    if drawn is None:
        return None
    draw, word = drawn
    spaced, slots = _choosing_shell(node, name, st, required, cond, label, draw, word)
    if write is _checkboxes:  # the stored order of the ticked choices rides after them
        return Shell([*spaced, ""], flags=slots, word=word, was_at=len(spaced))
    return Shell(spaced, flags=slots, word=word)


def was_input(name: str, was: str) -> str:
    """The hidden input carrying a stored value the input cannot show exactly."""
    return f'<input type="hidden" name="{escape(was_name(name))}" value="{escape(was)}">'


def _always(field: Field) -> bool:
    return True


#: The writers drawn from a shell of options: how each draws, and the word that marks a choice.
_DRAWN = {
    _select: (_select_html, " selected"),
    _radios: (_radios_html, " checked"),
    _checkboxes: (_checkboxes_html, " checked"),
}


@hookimpl
def register_widgets():
    # Automatic choices: a short list of choices is radios, a long one a select, a very long
    # one a search box; long text a textarea; everything else a text or number box.
    return [
        Widget("text", _text, frozenset({"string", "number", "integer"}), _always),
        Widget("textarea", _text, frozenset({"string", "textarea"}),
               lambda f: f.kind == "textarea", priority=10),
        Widget("password", _text, frozenset({"string"}), input_type="password"),
        Widget("range", _text, frozenset({"number", "integer"}), input_type="range"),
        Widget("radio", _radios, frozenset({"choice", "boolean"}),
               lambda f: f.kind == "boolean" or len(f.choices) <= RADIOS_UP_TO, priority=10),
        Widget("select", _select, frozenset({"choice"}), _always),
        Widget("searchable-select", _text, frozenset({"choice"}),
               lambda f: len(f.choices) > SEARCHABLE_OVER, priority=10),
        Widget("checkboxes", _checkboxes, frozenset({"multichoice"}), _always),
        Widget("toggle", _toggle, frozenset({"boolean"})),
        # Any single question or group, except a list of choices (it would keep one of them).
        Widget("hidden", _hidden, frozenset(LEAF_KINDS - {"multichoice"})
               | {"object", "array", "tuple", "alternatives"}),
        Widget("constant", _constant, frozenset({"const", "null"}), _always),
        Widget("json", _json, frozenset({"unsupported"}), _always),
    ]
