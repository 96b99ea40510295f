"""The care plans' and tasks' sections of a client's file (``client_file_sections``)."""

from __future__ import annotations

from flask import url_for

from carebridge.auth.roles import can
from carebridge.clients.sections import ClientFileSection
from carebridge.i18n import _


def sections(client, user) -> list[ClientFileSection]:
    from carebridge.careplans import service, tasks
    from carebridge.careplans.wording import GOAL_STATUS_LABELS, TASK_STATUS_LABELS
    from carebridge.db import get_session
    from carebridge.forms.service import today

    found = []
    if can(user.role, "care_plans.read"):
        def plans():
            session = get_session()
            return {"plans": service.plans_of(session, client), "goal_labels": GOAL_STATUS_LABELS}

        found.append(ClientFileSection("care_plans", _("Care plans"), "careplans/_section.html",
                                       order=30, context=plans,
                                       url=url_for("careplans.client_plans", client_id=client.id)))
    if can(user.role, "care_plans.read"):
        def upcoming():
            from carebridge.careplans import appointments
            from carebridge.careplans.wording import MODE_LABELS
            from carebridge.db import utcnow

            return {"appointments": [a for a in appointments.of_client(get_session(), client)
                                     if a.starts_at >= utcnow() and a.status == "scheduled"],
                    "zone": appointments.zone(), "mode_labels": MODE_LABELS}

        found.append(ClientFileSection(
            "appointments", _("Appointments"), "careplans/_appointments_section.html", order=33,
            context=upcoming,
            url=url_for("careplans.client_appointments", client_id=client.id)))
    if can(user.role, "tasks.manage"):
        def open_tasks():
            return {"tasks": tasks.open_tasks(get_session(), client_id=client.id),
                    "task_labels": TASK_STATUS_LABELS, "today": today()}

        found.append(ClientFileSection("tasks", _("Tasks"), "careplans/_tasks_section.html",
                                       order=35, context=open_tasks))
    if can(user.role, "care_plans.read"):
        def casework():
            from carebridge.careplans import care_team, notes
            from carebridge.careplans.wording import NOTE_KIND_LABELS, SHARE_LABELS

            session = get_session()
            return {"notes": notes.notes_of(session, client)[:3],
                    "team": care_team.team_of(session, client),
                    "kind_labels": NOTE_KIND_LABELS, "topic_labels": SHARE_LABELS}

        found.append(ClientFileSection(
            "casework", _("Notes and care team"), "careplans/_casework_section.html", order=36,
            context=casework, url=url_for("casework.client_notes", client_id=client.id)))

        def scores():
            from carebridge.careplans.views import monitoring_context

            return monitoring_context(get_session(), client)

        found.append(ClientFileSection(
            "monitoring", _("Scores over time"), "careplans/_monitoring_section.html", order=40,
            context=scores, url=url_for("careplans.client_monitoring", client_id=client.id)))

        def progress():
            from carebridge.careplans.views import progress_context

            return progress_context(get_session(), client)

        found.append(ClientFileSection(
            "progress", _("Goals and needs over time"), "careplans/_progress_section.html",
            order=41, context=progress))
    return found


def timeline(client, user) -> list:
    """The plan's changes (goal progress over time) and the client's appointments."""
    from sqlalchemy import select

    from carebridge.careplans.models import Appointment, CarePlan, PlanVersion
    from carebridge.clients.timeline import TimelineEntry
    from carebridge.db import get_session

    if not can(user.role, "care_plans.read"):
        return []
    session = get_session()
    entries = []
    rows = session.execute(select(PlanVersion, CarePlan.title).join(
        CarePlan, CarePlan.id == PlanVersion.plan_id).where(CarePlan.client_id == client.id))
    for version, title in rows:
        entries.append(TimelineEntry(
            at=version.at, kind="care_plan", title=f"{title}: {version.summary}",
            url=url_for("careplans.show", plan_id=version.plan_id) + "#history",
            detail=_("Version %(n)s", n=version.number)))
    for appointment in session.scalars(select(Appointment).where(
            Appointment.client_id == client.id)):
        entries.append(TimelineEntry(
            at=appointment.starts_at, kind="appointment",
            title=_("Appointment with %(whom)s", whom=appointment.with_whom),
            url=url_for("careplans.client_appointments", client_id=client.id),
            detail=_("Cancelled") if appointment.status == "cancelled" else ""))
    from carebridge.careplans.casework import CaseNote, HandoutGiven, SentMessage
    from carebridge.careplans.wording import NOTE_KIND_LABELS

    for note in session.scalars(select(CaseNote).where(CaseNote.client_id == client.id)):
        entries.append(TimelineEntry(
            at=note.created_at, kind="note",
            title=str(NOTE_KIND_LABELS.get(note.kind, note.kind)),
            url=url_for("casework.client_notes", client_id=client.id) + f"#note-{note.id}",
            detail=_("Amended") if note.amended else ""))
    for given in session.scalars(select(HandoutGiven).where(HandoutGiven.client_id == client.id)):
        entries.append(TimelineEntry(at=given.at, kind="handout",
                                     title=_("Handout given: %(id)s", id=given.handout),
                                     detail=given.language))
    for message in session.scalars(select(SentMessage).where(
            SentMessage.client_id == client.id)):
        entries.append(TimelineEntry(at=message.created_at, kind="message",
                                     title=_("Reminder %(status)s: %(subject)s",
                                             status=message.status, subject=message.subject)))
    return entries
