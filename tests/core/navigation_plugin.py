"""A plugin with navigation of both kinds, counting how often it is asked (for the tests)."""

from flask import url_for

from carebridge.plugin_api import _, can, hookimpl

asked = {"role": [], "user": []}


@hookimpl
def extra_nav_items_for_role(role):
    asked["role"].append(role)
    return [(_("Forms"), url_for("forms.index") + "#rota")] if can(role, "users.manage") else []


@hookimpl
def extra_nav_items(user):
    asked["user"].append(user.id)
    return [(f"Shifts of {user.email}", "/shifts")]
