"""Template lookup: instance overrides → plugin templates → core, with ``default:`` for the core."""

from __future__ import annotations

from pathlib import Path

import flask_babel
from flask import Flask, g, request
from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader

from carebridge import i18n
from carebridge.app_state import app_state
from carebridge.auth.roles import ROLE_LABELS, can
from carebridge.i18n import lazy_gettext as _l
from carebridge.sized_lru import SizedLru

#: Navigation kept per (role, language, address root): how many, and their characters.
MAX_NAV_KEYS = 256
MAX_NAV_BYTES = 256 * 1024


def init_app(app: Flask, plugin_template_dirs: list[str]) -> None:
    core = FileSystemLoader(app.config["TEMPLATES_DIR"])
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(Path(app.instance_path) / "templates")),
            *[FileSystemLoader(d) for d in plugin_template_dirs],
            core,
            # An override can {% extends "default:forms/index.html" %} to wrap the original.
            PrefixLoader({"default": core}, delimiter=":"),
        ]
    )
    app.jinja_env.globals.update(can=can, role_labels=ROLE_LABELS,
                                 form_kind_label=form_kind_label)
    # Dates, numbers and money as the reader's locale writes them (Babel's CLDR data).
    app.jinja_env.globals.update(
        {name: getattr(flask_babel, name) for name in (
            "format_date", "format_datetime", "format_time", "format_decimal",
            "format_number", "format_currency", "format_percent", "format_timedelta")}
    )
    app.context_processor(navigation)
    app.context_processor(language)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


#: The kinds of form (definition.schema.json's ``kind``) as the interface names them.
FORM_KINDS = {
    "intake": _l("Intake"),
    "assessment": _l("Assessment"),
    "care_plan": _l("Care plan"),
    "consent": _l("Consent"),
}


def form_kind_label(kind: str) -> str:
    label = FORM_KINDS.get(kind)
    return str(label) if label is not None else kind.replace("_", " ").capitalize()


def language() -> dict:
    """``lang`` and ``dir`` for <html>, and the languages the switch on every page offers."""
    tag = i18n.current()
    return {
        "lang": tag,
        "language_code": i18n.offered(tag),
        "text_direction": i18n.direction(tag),
        "language_choices": [(code, i18n.native_name(code)) for code in i18n.locales()],
    }


def navigation() -> dict:
    """``nav_items`` for base.html: what plugins add for this user, those of
    ``extra_nav_items_for_role`` (kept per role, language and address root: asking every
    plugin the same question was a tenth of a warm fill page's work) then those of
    ``extra_nav_items`` (asked on every page: counts and anything else that changes).

    A context variable rather than a hook call in the template, so an overriding base.html
    keeps working with ``{% for label, href in nav_items %}``.
    """
    user = vars(g._get_current_object()).get("user")  # the proxy once (~8 K instructions)
    if user is None:
        return {"nav_items": []}
    state = app_state()
    kept = state.cached("nav_items_per_role", lambda: SizedLru(MAX_NAV_KEYS, MAX_NAV_BYTES))
    key = (user.role, i18n.current(), request._get_current_object().script_root)
    by_role = kept.get(key)
    if by_role is None:
        by_role = tuple((str(label), str(href)) for answer
                        in state.hook.extra_nav_items_for_role(role=user.role)
                        for label, href in answer)
        kept.put(key, by_role, sum(len(label) + len(href) for label, href in by_role) + 64)
    items = [*by_role]
    if state.cached("nav_items_per_user", lambda: bool(state.hook.extra_nav_items
                                                        .get_hookimpls())):
        items += [item for answer in state.hook.extra_nav_items(user=user) for item in answer]
    return {"nav_items": items}
