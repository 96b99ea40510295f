"""The benefits part of a client's file: the latest screening's likely value and programs, with
links to see it, run a new one, or see earlier ones; and each screening on the timeline."""

from __future__ import annotations

from flask import url_for

from carebridge.auth.roles import can
from carebridge.clients.sections import ClientFileSection
from carebridge.clients.timeline import TimelineEntry
from carebridge.i18n import _, ngettext

ORDER = 60


def benefits_section(client, user) -> list[ClientFileSection]:
    if user is None or not can(user.role, "benefits.screen"):
        return []

    def context() -> dict:
        from carebridge.benefits import records
        from carebridge.db import get_session

        session = get_session()
        latest = records.screenings_of(session, client.id, limit=6)
        if latest and latest[0].is_working:
            records.refresh(session, latest[0])
        return {"screenings": latest, "latest": latest[0] if latest else None}

    return [ClientFileSection(
        key="benefits", title=_("Benefits"), template="benefits/_section.html", order=ORDER,
        context=context, url=url_for("benefits.client_screenings", client_id=client.id))]


def benefits_timeline(client, user) -> list[TimelineEntry]:
    if user is None or not can(user.role, "benefits.screen"):
        return []
    from carebridge.benefits import records
    from carebridge.db import get_session

    entries = []
    for row in records.screenings_of(get_session(), client.id):
        likely = [p for p in row.result.get("programs", []) if p["status"] == "likely_eligible"]
        monthly = (row.result.get("totals") or {}).get("likely_monthly_value") or 0
        detail = ngettext("%(num)d program likely", "%(num)d programs likely", len(likely))
        if monthly:
            detail += " · " + _("about $%(amount)s a month", amount=f"{monthly:,.0f}")
        entries.append(TimelineEntry(
            row.created_at, "benefits", _("Benefits screening"),
            url=url_for("benefits.show", client_id=client.id, screening_id=row.id),
            detail=detail))
    return entries
