"""The programs section of a client's file (``client_file_sections``) and the enrolments and
exits on the client's timeline (``client_timeline``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from carebridge.auth.roles import can
from carebridge.clients.sections import ClientFileSection
from carebridge.clients.timeline import TimelineEntry
from carebridge.i18n import _


def sections(client, user) -> list[ClientFileSection]:
    if not can(user.role, "clients.read"):
        return []
    from carebridge.programs.views import section_context

    return [ClientFileSection("programs", _("Programs"), "programs/_section.html", order=15,
                              context=lambda: section_context(client))]


def _day(day: date) -> datetime:
    # An enrolment is dated by day: noon UTC puts it on that day wherever the agency is.
    return datetime.combine(day, time(12), UTC)


def timeline(client, user) -> list[TimelineEntry]:
    if not can(user.role, "clients.read"):
        return []
    from carebridge.db import get_session
    from carebridge.programs.service import enrolments_of

    entries = []
    for enrolment in enrolments_of(get_session(), client):
        by = enrolment.enrolled_by
        entries.append(TimelineEntry(
            _day(enrolment.start_date), "program",
            _("Enrolled in %(program)s", program=enrolment.program.name),
            detail=_("by %(who)s", who=by.name or by.email) if by else ""))
        if enrolment.end_date is not None:
            entries.append(TimelineEntry(
                _day(enrolment.end_date), "program",
                _("Exited %(program)s", program=enrolment.program.name),
                detail=enrolment.exit_reason))
    return entries
