"""The referrals feature's parts of a client's file: matches for each open need, referrals
with the consent on file, and each referral's changes and consent withdrawals on the timeline."""

from __future__ import annotations

from flask import url_for

from carebridge.auth.roles import can
from carebridge.clients.sections import ClientFileSection
from carebridge.clients.timeline import TimelineEntry
from carebridge.db import get_session
from carebridge.i18n import _
from carebridge.referrals import consent as consents
from carebridge.referrals import matches as client_matches
from carebridge.referrals import service


def sections(client, user) -> list[ClientFileSection]:
    if not can(user.role, "referrals.read"):
        return []
    from carebridge.referrals.views import labels, referrals_context

    return [
        ClientFileSection(
            "matches", _("Matches"), "referrals/_matches.html", order=30,
            context=lambda: {"needs": client_matches.client_matches(get_session(), client),
                             "in_file": True, **labels()},
            url=url_for("referrals.matches", client_id=client.id),
        ),
        ClientFileSection(
            "referrals", _("Referrals"), "referrals/_client_referrals.html", order=40,
            context=lambda: {**referrals_context(client), "in_file": True, **labels()},
            url=url_for("referrals.client_referrals", client_id=client.id),
        ),
    ]


def timeline(client, user) -> list[TimelineEntry]:
    if not can(user.role, "referrals.read"):
        return []
    session = get_session()
    entries = []
    for referral in service.client_referrals(session, client.id):
        url = url_for("referrals.show", referral_id=referral.id)
        name = referral.service.get("name", "")
        for event in service.history(session, referral):
            if event.status == service.CREATED:
                title = _("Referral to %(service)s made", service=name)
            else:
                title = _("Referral to %(service)s: %(status)s", service=name,
                          status=service.STATUS_LABELS.get(event.status, event.status))
            detail = event.note
            if event.outcome:
                detail = " — ".join(p for p in (str(service.OUTCOME_LABELS[event.outcome]),
                                                event.note) if p)
            entries.append(TimelineEntry(event.at, "referral", title, url=url, detail=detail))
    for consent in consents.consents(session, client.id):
        if consent.withdrawal is not None:
            entries.append(TimelineEntry(
                consent.withdrawal.at, "consent",
                _("Consent withdrawn: %(form)s", form=consent.title),
                detail=consent.withdrawal.note))
    return entries
