"""The form builder as a built-in plugin: its pages and its place in the navigation."""

from __future__ import annotations

from carebridge.plugins import hookimpl


@hookimpl
def register_blueprints(app):
    from carebridge.builder import views

    return [views.bp]


@hookimpl
def extra_nav_items_for_role(role):
    from flask import url_for

    from carebridge.auth.roles import can
    from carebridge.i18n import gettext as _

    if can(role, "forms.manage"):
        return [(_("Form builder"), url_for("builder.index"))]
    return []


@hookimpl
def register_widgets():
    from carebridge.builder.info_widget import INFO

    return [INFO]
