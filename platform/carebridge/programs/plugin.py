"""Programs as a built-in plugin: the agency's programs page, enrolments on the client file
and timeline, their API and its OpenAPI paths, the navigation and demo programs."""

from __future__ import annotations

from carebridge.plugins import hookimpl


@hookimpl
def register_blueprints(app):
    from carebridge.extensions import csrf
    from carebridge.programs import api, views

    csrf.exempt(api.bp)  # bearer tokens, like the core API
    return [views.bp, api.bp]


@hookimpl
def register_openapi_paths():
    from carebridge.programs.openapi import paths

    return paths()


@hookimpl
def extra_nav_items_for_role(role):
    from flask import url_for

    from carebridge.auth.roles import can
    from carebridge.i18n import _

    if can(role, "programs.manage"):
        return [(_("Programs"), url_for("programs.manage"))]
    return []


@hookimpl
def client_file_sections(client, user):
    from carebridge.programs.sections import sections

    return sections(client, user)


@hookimpl
def client_timeline(client, user):
    from carebridge.programs.sections import timeline

    return timeline(client, user)


@hookimpl
def register_demo_data():
    from carebridge.programs.demo import load_demo_programs

    return [load_demo_programs]
