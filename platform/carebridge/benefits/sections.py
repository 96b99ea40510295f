"""The benefits part of a client's file: the latest screening's likely value and programs, with
links to see it, run a new one, or see earlier ones."""

from __future__ import annotations

from flask import url_for

from carebridge.auth.roles import can
from carebridge.clients.sections import ClientFileSection
from carebridge.i18n import _

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
