"""The directory as a built-in plugin: it plugs in through the same hooks an outside one uses."""

from __future__ import annotations

from carebridge.plugins import hookimpl


@hookimpl
def register_blueprints(app):
    from carebridge.directory import api, editor_views, views
    from carebridge.extensions import csrf

    # The API authenticates with bearer tokens, like the core API: no CSRF there.
    csrf.exempt(api.bp)
    return [views.bp, editor_views.bp, api.bp]


@hookimpl
def register_commands(cli):
    from carebridge.directory.commands import directory

    cli.add_command(directory)


@hookimpl
def register_importers():
    from resource_directory.importers import BUILTIN_FORMATS

    return list(BUILTIN_FORMATS)


@hookimpl
def register_openapi_paths():
    from carebridge.directory.openapi import paths

    return paths()


@hookimpl
def extra_nav_items_for_role(role):
    from flask import url_for

    from carebridge.auth.roles import can
    from carebridge.i18n import _

    items = []
    if can(role, "directory.read"):
        items.append((_("Directory"), url_for("directory.index")))
    if can(role, "directory.edit"):
        items.append((_("Suggested edits"), url_for("directory_editor.review")))
    return items


@hookimpl
def directory_changed(service_ids, session):
    # The search index is derived from the directory: it follows every committed change.
    from carebridge.directory import index

    index.directory_changed(service_ids, session)


@hookimpl
def register_demo_data():
    return [_load_demo_directory]


def _load_demo_directory(session):
    from carebridge.unit_of_work import hook_after_commit
    from resource_directory.demo import load_demo

    report = load_demo(session)
    if report is None:
        yield "directory: already has services (unchanged)"
        return
    yield f"directory: {report.summary()}"
    hook_after_commit(session, "directory_changed", service_ids=None, session=session)
    yield "directory: the search index is rebuilt once this is committed"
