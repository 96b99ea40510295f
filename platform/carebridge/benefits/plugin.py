"""Benefits screening as a built-in plugin: the agency-programs engine, the screening job, the
worker's warm-up, the ``carebridge benefits`` commands, the pages, the API, the client file's
section and the demo's programs and screenings."""

from __future__ import annotations

import logging
import threading

from carebridge.plugins import hookimpl

log = logging.getLogger(__name__)


@hookimpl
def register_benefit_engines():
    from carebridge.benefits.programs import AgencyProgramsEngine

    return [AgencyProgramsEngine()]


@hookimpl
def register_jobs():
    from carebridge.benefits.screening import screen_in_background

    return [screen_in_background]


@hookimpl
def worker_started(app):
    from carebridge.benefits.engines import engines

    # Load background engines now, in a thread: other jobs need not wait for a slow import,
    # and the first screening finds the engine warm (or waits on the same import).
    for engine in engines(app).values():
        warm_up = getattr(engine, "warm_up", None)
        if engine.background and warm_up is not None:
            threading.Thread(target=_warm, args=(engine,), name=f"warm-{engine.id}",
                             daemon=True).start()


def _warm(engine) -> None:
    try:
        seconds = engine.warm_up()
        log.info("benefit engine %s warm (%.1f s)", engine.id, seconds or 0)
    except Exception:
        log.exception("benefit engine %s failed to warm up", engine.id)


@hookimpl
def register_commands(cli):
    from carebridge.benefits.commands import benefits

    cli.add_command(benefits)


@hookimpl
def register_blueprints(app):
    from carebridge.benefits import admin_views, api, reasons, views
    from carebridge.extensions import csrf

    # The API authenticates with bearer tokens, like the core API: no CSRF there.
    csrf.exempt(api.bp)
    # A result's reasons in the reader's language, on the client's pages and the admin's.
    app.add_template_filter(reasons.say, "reason")
    return [views.bp, admin_views.bp, api.bp]


@hookimpl
def register_openapi_paths():
    from carebridge.benefits.openapi import paths

    return paths()


@hookimpl
def extra_nav_items_for_role(role):
    from flask import url_for

    from carebridge.auth.roles import can
    from carebridge.i18n import _

    if can(role, "benefits.manage"):
        return [(_("Benefit programs"), url_for("benefits_admin.index"))]
    return []


@hookimpl
def client_file_sections(client, user):
    from carebridge.benefits.sections import benefits_section

    return benefits_section(client, user)


@hookimpl
def client_timeline(client, user):
    from carebridge.benefits.sections import benefits_timeline

    return benefits_timeline(client, user)


@hookimpl
def register_demo_data():
    from carebridge.benefits.demo import load_demo_benefits

    return [load_demo_benefits]


@hookimpl
def directory_changed(service_ids, session):
    from carebridge.benefits.apply_places import forget_matches

    forget_matches()
