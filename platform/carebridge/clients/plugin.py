"""Clients as a built-in plugin: their pages and API, their own part of the file and timeline."""

from __future__ import annotations

from carebridge.auth.roles import can
from carebridge.plugins import hookimpl


@hookimpl
def register_blueprints(app):
    from carebridge.clients import (  # noqa: F401 (their routes join the clients blueprint)
        api,
        attention_views,
        fill_views,
        needs_views,
        views,
    )
    from carebridge.extensions import csrf

    # The API authenticates with bearer tokens, like the core API: no CSRF there.
    csrf.exempt(api.bp)
    return [views.bp, api.bp]


@hookimpl
def register_openapi_paths():
    from carebridge.clients.api import openapi_paths

    return openapi_paths()


@hookimpl
def client_file_sections(client, user):
    from carebridge.clients import file_parts

    return file_parts.sections(client, user)


@hookimpl
def client_timeline(client, user):
    from carebridge.clients import file_parts

    return file_parts.timeline(client, user)


@hookimpl
def extra_nav_items_for_role(role):
    from flask import url_for

    from carebridge.auth.roles import can
    from carebridge.i18n import _

    return [(_("Clients"), url_for("clients.index"))] if can(role, "clients.read") else []


@hookimpl
def extra_nav_items(user):
    # Asked on every page: the count of clients needing attention changes as work is done.
    if not can(user.role, "clients.manage"):
        return []
    from flask import url_for

    from carebridge.clients.attention import attention_count
    from carebridge.db import get_session
    from carebridge.i18n import _

    count = attention_count(get_session())
    return [(_("Needs attention (%(n)d)", n=count) if count else _("Needs attention"),
             url_for("clients.attention_list"))]


@hookimpl(tryfirst=True)  # the demo clients first: care plans and referrals build on them
def register_demo_data():
    from carebridge.clients.demo import load_demo_clients

    return [load_demo_clients]
