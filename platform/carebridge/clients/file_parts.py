"""The clients feature's own parts of a client's file: assessments (with scores and flags)
and the file's events on the timeline."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from carebridge.audit import AuditEvent
from carebridge.auth.roles import can
from carebridge.clients.attention import reviews_of
from carebridge.clients.models import Client
from carebridge.clients.needs import STATUS_LABELS
from carebridge.clients.needs import events_of as needs_events
from carebridge.clients.sections import ClientFileSection
from carebridge.clients.timeline import TimelineEntry
from carebridge.db import get_session
from carebridge.forms.models import Submission
from carebridge.i18n import _


def submissions_of(client: Client) -> list[Submission]:
    """The client's submissions, newest first."""
    return list(get_session().scalars(
        select(Submission).where(Submission.client_id == client.id)
        .order_by(Submission.created_at.desc())
    ))


def sections(client: Client, user) -> list[ClientFileSection]:
    if not can(user.role, "clients.read"):
        return []
    from carebridge.clients.needs_views import needs_context

    found = [ClientFileSection("needs", _("Needs"), "clients/_needs.html", order=10,
                               context=lambda: needs_context(client))]
    if can(user.role, "submissions.read"):
        found.append(ClientFileSection(
            "assessments", _("Assessments and forms"), "clients/_assessments.html", order=20,
            context=lambda: {"submissions": submissions_of(client)},
        ))
    return found


def timeline(client: Client, user) -> list[TimelineEntry]:
    if not can(user.role, "clients.read"):
        return []
    entries = [TimelineEntry(client.created_at, "client", _("Client record created"))]
    if can(user.role, "submissions.read"):
        for submission in submissions_of(client):
            title = submission.form_version.definition.title
            detail = ", ".join(
                f"{score['label']} {score['value']}" + (f" ({score['band']})" if score.get("band")
                                                         else "")
                for score in submission.scores or []
            )
            entries.append(TimelineEntry(
                submission.created_at, "submission", _("%(form)s submitted", form=title),
                url=url_for("forms.submission", submission_id=submission.id), detail=detail,
            ))
    db = get_session()
    for event, need in needs_events(db, client.id):
        entries.append(TimelineEntry(
            event.at, "need", _("Need %(need)s: %(status)s", need=need.label,
                                status=STATUS_LABELS.get(event.status, event.status)),
            detail=event.note))
    for review, submission in reviews_of(db, client):
        flag = next((f for f in submission.flags or [] if f.get("name") == review.flag), {})
        entries.append(TimelineEntry(
            review.at, "flag", _("Flag acknowledged: %(flag)s", flag=flag.get("label",
                                                                               review.flag)),
            detail=review.note))
    for event in db.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "Client", AuditEvent.object_id == client.id,
            AuditEvent.action == "update")):
        if (event.detail or {}).get("merged"):
            entries.append(TimelineEntry(event.at, "client", _("Another record of this client "
                                                               "was merged into this one")))
    if client.closed_at is not None:
        entries.append(TimelineEntry(client.closed_at, "client", _("File closed"),
                                     detail=client.closed_reason))
    return entries
