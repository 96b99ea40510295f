"""Directory organizations that are Carebridge agencies: an agency's admin names the
organizations in the shared directory that are the agency itself, and referrals to their
services then arrive in that agency's inbox instead of being recorded by the sender alone."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge.agencies import Agency
from carebridge.errors import Conflict, InvalidInput, NotFound, Problem
from carebridge.i18n import _
from carebridge.referrals.models import PartnerOrganization
from resource_directory.models import Organization

log = logging.getLogger(__name__)


def organizations_of(session: Session, agency_id: int) -> list[tuple[PartnerOrganization,
                                                                      Organization | None]]:
    links = session.scalars(
        select(PartnerOrganization).where(PartnerOrganization.agency_id == agency_id)
        .order_by(PartnerOrganization.id)
    ).all()
    return [(link, session.get(Organization, link.organization_id)) for link in links]


def receiving_agency(session: Session, organization_id: str | None) -> Agency | None:
    """The agency a directory organization is, if any."""
    if not organization_id:
        return None
    link = session.scalar(select(PartnerOrganization).where(
        PartnerOrganization.organization_id == organization_id))
    return session.get(Agency, link.agency_id) if link else None


def link(session: Session, agency_id: int, organization_id: str, *,
         user_id: int | None) -> PartnerOrganization:
    """Say that the directory organization ``organization_id`` is this agency."""
    organization_id = (organization_id or "").strip()
    if not organization_id or session.get(Organization, organization_id) is None:
        raise InvalidInput(_("Choose an organization of the directory."),
                           [Problem("/organization_id", _("No such organization."))])
    held = session.scalar(select(PartnerOrganization).where(
        PartnerOrganization.organization_id == organization_id))
    if held is not None:
        if held.agency_id == agency_id:
            return held
        raise Conflict(_("Another agency already receives referrals for this organization."))
    made = PartnerOrganization(organization_id=organization_id, agency_id=agency_id,
                               created_by_id=user_id)
    session.add(made)
    session.flush()
    log.info("partner organization linked", extra={"organization_id": organization_id})
    return made


def unlink(session: Session, agency_id: int, link_id: int) -> None:
    held = session.get(PartnerOrganization, link_id)
    if held is None or held.agency_id != agency_id:
        raise NotFound(_("No such linked organization."))
    session.delete(held)
    session.flush()


def find_organizations(session: Session, text: str, limit: int = 20) -> list[Organization]:
    """Directory organizations whose name contains ``text`` (for the admin page)."""
    text = (text or "").strip()
    if not text:
        return []
    return list(session.scalars(
        select(Organization).where(Organization.name.icontains(text, autoescape=True))
        .order_by(Organization.name).limit(limit)
    ))
