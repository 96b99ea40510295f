"""Template lookup: instance overrides → plugin templates → core, with ``default:`` for the core."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, g
from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader

from carebridge.auth.roles import ROLE_LABELS, can


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
    app.jinja_env.globals.update(can=can, role_labels=ROLE_LABELS)
    app.context_processor(navigation)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def navigation() -> dict:
    """``nav_items`` for base.html: what plugins add for this user via ``extra_nav_items``.

    A context variable rather than a hook call in the template, so an overriding base.html
    keeps working with ``{% for label, href in nav_items %}``.
    """
    user = g.get("user")
    if user is None:
        return {"nav_items": []}
    from carebridge.plugins import hook

    return {"nav_items": [item for items in hook().extra_nav_items(user=user) for item in items]}
