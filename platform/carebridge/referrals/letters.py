"""A referral for the client to keep: a printed letter (service, address, hours, phone, what
to bring) and a short text message, in the client's language where the text is ours."""

from __future__ import annotations

from carebridge.i18n import _, in_persons_language
from carebridge.referrals.models import Referral

#: A text message that fits in two SMS segments.
TEXT_LIMIT = 300


def in_clients_language(referral: Referral):
    """A block in the language of the referral's client, chosen as every message to a client
    is (``i18n.persons_locale``)."""
    return in_persons_language(referral.client.preferred_language)


def letter_context(referral: Referral) -> dict:
    service = referral.service
    return {
        "referral": referral,
        "client": referral.client,
        "service": service,
        "bring": service.get("documents") or [],
    }


def text_message(referral: Referral) -> str:
    """The referral as one short text: where, when and how to reach them."""
    service = referral.service
    parts = [_("Referral: %(name)s", name=service.get("name", ""))]
    if service.get("address"):
        parts.append(service["address"])
    if service.get("phones"):
        parts.append(_("Call %(phone)s", phone=service["phones"][0]))
    if service.get("hours"):
        parts.append(service["hours"][0])
    if service.get("documents"):
        parts.append(_("Bring: %(things)s", things=", ".join(service["documents"])))
    text = ". ".join(p.strip().rstrip(".") for p in parts if p) + "."
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1].rstrip() + "…"
