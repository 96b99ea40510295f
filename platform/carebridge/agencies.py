"""Agencies: the tenants of an installation, and the service that creates them."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import available_timezones

from sqlalchemy import JSON, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from carebridge.db import Base, UTCDateTime, utcnow
from carebridge.errors import Conflict, InvalidInput, NotFound
from carebridge.i18n import _

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")


class Agency(Base):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def create_agency(session: Session, slug: str, name: str) -> Agency:
    if not SLUG_RE.match(slug or ""):
        raise InvalidInput(
            _("An agency slug uses lowercase letters, digits and dashes "
              "(for example 'eastside-cares').")
        )
    if not (name or "").strip():
        raise InvalidInput(_("An agency needs a name."))
    if session.scalar(select(Agency).where(Agency.slug == slug)) is not None:
        raise Conflict(_("An agency with the slug '%(slug)s' already exists.", slug=slug))
    agency = Agency(slug=slug, name=name.strip(), settings={})
    session.add(agency)
    session.flush()
    return agency


def agency_by_slug(session: Session, slug: str) -> Agency:
    agency = session.scalar(select(Agency).where(Agency.slug == slug))
    if agency is None:
        raise NotFound(_("No agency with the slug '%(slug)s'.", slug=slug))
    return agency


def time_zone_of(agency: Agency | None, default: str) -> str:
    """The agency's time zone (``settings["time_zone"]``), else the installation's default
    (``TIME_ZONE``): submissions, print views and dates are shown in it."""
    return zone_or_default((agency.settings or {}).get("time_zone") if agency else None, default)


def zone_or_default(zone, default: str) -> str:
    """``zone`` as an agency's settings hold it (maybe nothing), else ``default``."""
    return zone if isinstance(zone, str) and zone else default


def agency_time_zone(session: Session, agency_id: int | None, default: str) -> str:
    """``time_zone_of`` the agency with this id (the default when there is none)."""
    agency = session.get(Agency, agency_id) if isinstance(agency_id, int) else None
    return time_zone_of(agency, default)


def set_time_zone(session: Session, agency: Agency, zone: str) -> Agency:
    """Set the agency's time zone: an IANA name such as ``America/Chicago``."""
    zone = (zone or "").strip()
    if zone not in available_timezones():
        raise InvalidInput(_("'%(zone)s' is not a time zone (try one like America/Chicago).",
                             zone=zone))
    agency.settings = {**(agency.settings or {}), "time_zone": zone}
    session.flush()
    return agency
