"""A referral for the client to keep: a printed letter (service, address, hours, phone, what
to bring) and a short text message, in the client's language where the text is ours."""

from __future__ import annotations

from carebridge.i18n import _, locales
from carebridge.referrals.models import Referral

#: A text message that fits in two SMS segments.
TEXT_LIMIT = 300


def letter_locale(referral: Referral) -> str:
    """The client's preferred language when the app offers it, else the default."""
    offered = locales()
    wanted = (referral.client.preferred_language or "").split("-")[0].lower()
    return wanted if wanted in offered else offered[0]


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
