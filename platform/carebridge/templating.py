"""Template lookup: instance overrides → plugin templates → core, with ``default:`` for the core."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
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
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
