"""The form renderer as a built-in plugin: its pages and navigation come through the hooks."""

from __future__ import annotations

from carebridge.plugins import hookimpl


@hookimpl
def register_blueprints(app):
    from carebridge.renderer import editor_views, kiosk_views, views, widget_table

    widget_table.init_app(app)
    return [views.bp, editor_views.bp, kiosk_views.bp]


@hookimpl
def extra_nav_items_for_role(role):
    from flask import url_for

    from carebridge.auth.roles import can
    from carebridge.i18n import _

    if can(role, "forms.manage"):
        return [(_("Form editor"), url_for("editor.editor"))]
    return []
