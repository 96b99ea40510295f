"""A bundled plugin: a form's submissions as a spreadsheet (CSV), from the web and the CLI."""

from __future__ import annotations

from carebridge.plugin_api import hookimpl


@hookimpl
def register_blueprints(app):
    from carebridge_csv_export.views import bp

    return [bp]


@hookimpl
def extra_nav_items_for_role(role):
    from flask import url_for

    from carebridge.plugin_api import _, can

    if can(role, "submissions.read"):
        return [(_("Exports"), url_for("csv_export.index"))]
    return []


@hookimpl
def register_commands(cli):
    from carebridge_csv_export.command import csv_export

    cli.add_command(csv_export)
