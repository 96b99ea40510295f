"""The referrals feature's parts of a client's file: matches for each open need, and
referrals with the consent on file."""

from __future__ import annotations

from flask import url_for

from carebridge.auth.roles import can
from carebridge.clients.sections import ClientFileSection
from carebridge.db import get_session
from carebridge.i18n import _
from carebridge.referrals import matches as client_matches


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
