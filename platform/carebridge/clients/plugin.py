"""Clients as a built-in plugin: their pages and API, their own part of the file and timeline."""

from __future__ import annotations

from carebridge.plugins import hookimpl


@hookimpl
def register_blueprints(app):
    from carebridge.clients import views

    return [views.bp]


@hookimpl
def client_file_sections(client, user):
    from carebridge.clients import file_parts

    return file_parts.sections(client, user)


@hookimpl
def client_timeline(client, user):
    from carebridge.clients import file_parts

    return file_parts.timeline(client, user)
