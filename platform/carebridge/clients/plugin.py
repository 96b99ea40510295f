"""Clients as a built-in plugin: their pages and API, their own part of the file and timeline."""

from __future__ import annotations

from carebridge.plugins import hookimpl


@hookimpl
def register_blueprints(app):
    from carebridge.clients import api, views
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
