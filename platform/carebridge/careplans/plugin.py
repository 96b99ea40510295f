"""Care plans, tasks, appointments and monitoring as a built-in plugin: their pages and API,
the client file's sections, the navigation, re-assessments after a submission, demo data."""

from __future__ import annotations

from carebridge.plugins import hookimpl


@hookimpl
def register_blueprints(app):
    from carebridge.careplans import (
        api,
        casework_api,
        casework_views,
        report_views,
        transition_views,
        views,
    )
    from carebridge.extensions import csrf

    for blueprint in (api.bp, casework_api.bp, report_views.api):
        csrf.exempt(blueprint)  # bearer tokens, like the core API
    return [views.bp, casework_views.bp, transition_views.bp, report_views.bp, api.bp,
            casework_api.bp, report_views.api]


@hookimpl
def register_openapi_paths():
    from carebridge.careplans.openapi import paths

    return paths()


@hookimpl
def extra_nav_items_for_role(role):
    from flask import url_for

    from carebridge.auth.roles import can
    from carebridge.i18n import _

    items = []
    if can(role, "tasks.manage"):
        items.append((_("My tasks"), url_for("careplans.my_tasks")))
    if can(role, "reports.read"):
        items.append((_("Dashboard"), url_for("reports.dashboard")))
    return items


@hookimpl
def client_file_sections(client, user):
    from carebridge.careplans.sections import sections

    return sections(client, user)


@hookimpl
def submission_created(submission, session):
    # A client's scored instrument may schedule its own re-assessment (PHQ-9 every 4 weeks
    # while the total is 10 or more): the task is written in the unit after the submission's.
    from carebridge.careplans.tasks import flag_tasks, schedule_reassessment

    schedule_reassessment(session, submission)
    flag_tasks(session, submission)


@hookimpl
def client_timeline(client, user):
    from carebridge.careplans.sections import timeline

    return timeline(client, user)


@hookimpl
def register_message_senders():
    from carebridge.careplans.reminders import SmtpSender

    return [SmtpSender()]


@hookimpl
def register_periodic_jobs():
    # Every minute: a reminder goes out within a minute of its time, whichever worker runs it.
    from carebridge.careplans.reminder_delivery import send_due_reminders
    from carebridge.jobs import Periodic

    return [Periodic(send_due_reminders)]


@hookimpl
def register_demo_data():
    from carebridge.careplans.demo import load_demo_care

    return [load_demo_care]
