"""Kiosk links: a no-login link that shows one intake form and can only create submissions."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time
from datetime import datetime

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from carebridge.db import Base, UTCDateTime, utcnow
from carebridge.errors import InvalidInput, NotFound, Problem
from carebridge.forms.models import FormDefinition
from carebridge.i18n import _
from carebridge.tenancy import TenantScoped, set_tenant
from carebridge.whole_numbers import whole_number

MIN_IDLE_SECONDS = 30
MAX_IDLE_SECONDS = 3600
#: A page posted back later than its idle time and this was left behind, or is being resent.
GRACE_SECONDS = 10


log = logging.getLogger(__name__)

class KioskLink(TenantScoped, Base):
    __tablename__ = "kiosk_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The link is the credential: long, random, and shown only to admins.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    definition_id: Mapped[int] = mapped_column(
        ForeignKey("form_definitions.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(200), default="")
    idle_seconds: Mapped[int] = mapped_column(default=120)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    definition = relationship(FormDefinition, lazy="joined")


def may_run_on_kiosk(definition: FormDefinition) -> bool:
    """Whether clients may fill ``definition`` on a kiosk: as an admin marked it, or, unmarked,
    when it is an intake form (self-administered screeners such as the AHC HRSN are marked)."""
    if definition.kiosk_allowed is not None:
        return definition.kiosk_allowed
    return definition.kind == "intake"


def allow_on_kiosk(session: Session, definition: FormDefinition, allowed: bool, *,
                   user_id: int | None) -> FormDefinition:
    """An admin's choice: may clients fill this form on a kiosk? Its links follow at once."""
    definition.kiosk_allowed = allowed
    session.flush()
    log.info("kiosk use changed", extra={"form": definition.slug, "allowed": allowed,
                                         "user_id": user_id})
    return definition


def create_kiosk_link(session: Session, definition: FormDefinition, *, user_id: int | None,
                      idle_seconds: int = 120, label: str = "") -> KioskLink:
    if not may_run_on_kiosk(definition):
        raise InvalidInput(_("This form may not run on a kiosk."), [Problem("/kiosk_allowed", _(
            "Allow '%(title)s' on kiosks first: only forms clients fill in themselves belong "
            "there.", title=definition.title))])
    if not MIN_IDLE_SECONDS <= idle_seconds <= MAX_IDLE_SECONDS:
        raise InvalidInput(
            "The idle reset time is out of range.",
            [Problem("/idle_seconds",
                     f"Choose between {MIN_IDLE_SECONDS} and {MAX_IDLE_SECONDS} seconds.")],
        )
    link = KioskLink(token=secrets.token_urlsafe(32), definition_id=definition.id,
                     idle_seconds=idle_seconds, label=label.strip()[:200], created_by_id=user_id)
    session.add(link)
    session.flush()
    log.info("kiosk link created", extra={"kiosk_link_id": link.id, "form": definition.slug})
    return link


def kiosk_links(session: Session, definition: FormDefinition) -> list[KioskLink]:
    return list(session.scalars(
        select(KioskLink).where(KioskLink.definition_id == definition.id)
        .order_by(KioskLink.created_at.desc())
    ))


def revoke_kiosk_link(session: Session, link_id: int) -> KioskLink:
    link = session.get(KioskLink, link_id)
    if link is None:
        raise NotFound("No such kiosk link.")
    link.revoked_at = link.revoked_at or utcnow()
    session.flush()
    log.info("kiosk link revoked", extra={"kiosk_link_id": link.id})
    return link


def open_kiosk(session: Session, token: str) -> KioskLink:
    """The live link for ``token``; the session is then scoped to the link's agency."""
    link = session.scalar(
        select(KioskLink).where(KioskLink.token == token),
        execution_options={"include_all_agencies": True},
    )
    if (link is None or link.revoked_at is not None or not _maker_active(session, link)
            or not may_run_on_kiosk(link.definition)):
        raise NotFound("This kiosk link does not exist or was turned off.")
    set_tenant(session, link.agency_id)
    return link


def _maker_active(session: Session, link: KioskLink) -> bool:
    """A link works only while the admin who made it is active: deactivating a person turns
    off what they handed out."""
    if link.created_by_id is None:
        return True
    from carebridge.auth.models import User

    maker = session.get(User, link.created_by_id,
                        execution_options={"include_all_agencies": True})
    return maker is not None and maker.is_active


def shown_stamp(secret: str, link: KioskLink, at: float | None = None) -> str:
    """When a kiosk page was shown, signed: a post tells from it how old its page is."""
    moment = str(int(time.time() if at is None else at))
    return f"{moment}.{_signature(secret, link, moment)}"


def page_is_fresh(secret: str, link: KioskLink, stamp: str, now: float | None = None) -> bool:
    """Whether a page posted back was shown within the link's idle time.

    Without JavaScript a kiosk page refreshes to a clean form when idle, so an older page is one
    the next person reached through the browser's history (Back, then "resend"): it must not
    be answered with the previous client's answers.
    """
    moment, _, signature = stamp.partition(".")
    if whole_number(moment) is None or not signature.isascii() or not hmac.compare_digest(
            signature, _signature(secret, link, moment)):
        return False
    age = (time.time() if now is None else now) - int(moment)
    return age <= link.idle_seconds + GRACE_SECONDS


def _signature(secret: str, link: KioskLink, moment: str) -> str:
    message = f"kiosk-shown:{link.token}:{moment}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]
