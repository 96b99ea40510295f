"""One service read from the directory tables, as the detail page and the client list show it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from carebridge.errors import NotFound
from carebridge.i18n import _
from resource_directory.models import (
    Address,
    Attribute,
    Eligibility,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)

DAY_NAMES = {"MO": "Mon", "TU": "Tue", "WE": "Wed", "TH": "Thu", "FR": "Fri", "SA": "Sat",
             "SU": "Sun"}


@dataclass
class Place:
    id: str
    name: str
    address: str
    postal_code: str = ""


@dataclass
class ServiceRecord:
    """Everything a worker reads about one service, with the rows it came from kept at hand."""

    service: Service
    organization: Organization | None
    places: list[Place] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    hours: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    eligibility: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.service.id

    @property
    def name(self) -> str:
        return self.service.name

    @property
    def organization_name(self) -> str:
        return self.organization.name if self.organization else ""

    @property
    def fees(self) -> str:
        return self.service.fees_description or self.service.fees or ""

    @property
    def last_verified(self) -> dt.date | None:
        return self.service.last_verified


def _unique(values) -> list:
    return list(dict.fromkeys(v for v in values if v))


def address_text(address: Address) -> str:
    street = ", ".join(_unique([address.address_1, address.address_2, address.city]))
    return ", ".join(_unique([street, " ".join(_unique([address.state_province,
                                                        address.postal_code]))]))


def service_record(session: Session, service_id: str) -> ServiceRecord:
    service = session.get(Service, service_id)
    if service is None:
        raise NotFound(_("No such service in the directory."))
    organization = session.get(Organization, service.organization_id) if (
        service.organization_id) else None
    links = session.scalars(
        select(ServiceAtLocation).where(ServiceAtLocation.service_id == service_id)
        .order_by(ServiceAtLocation.id)
    ).all()
    location_ids = [link.location_id for link in links]
    link_ids = [link.id for link in links]
    locations = {
        loc.id: loc
        for loc in session.scalars(select(Location).where(Location.id.in_(location_ids)))
    }
    addresses = {}
    for address in session.scalars(
        select(Address).where(Address.location_id.in_(location_ids)).order_by(Address.id)
    ):
        # A physical address wins over a postal one.
        if address.location_id not in addresses or address.address_type == "physical":
            addresses[address.location_id] = address
    places = []
    for location_id in location_ids:
        address = addresses.get(location_id)
        location = locations.get(location_id)
        places.append(Place(
            location_id,
            (location.name if location else "") or "",
            address_text(address) if address else "",
            address.postal_code if address else "",
        ))
    attached = or_(
        Phone.service_id == service_id,
        Phone.service_at_location_id.in_(link_ids),
        Phone.location_id.in_(location_ids),
    )
    phones = session.scalars(select(Phone).where(attached).order_by(Phone.id)).all()
    schedules = session.scalars(
        select(Schedule).where(or_(
            Schedule.service_id == service_id,
            Schedule.service_at_location_id.in_(link_ids),
            Schedule.location_id.in_(location_ids),
        )).order_by(Schedule.id)
    ).all()
    languages = session.scalars(
        select(Language.name).where(or_(
            Language.service_id == service_id, Language.location_id.in_(location_ids)
        )).order_by(Language.id)
    ).all()
    rules = session.scalars(
        select(Eligibility.description).where(Eligibility.service_id == service_id)
        .order_by(Eligibility.id)
    ).all()
    categories = session.scalars(
        select(TaxonomyTerm.name).join(Attribute, Attribute.taxonomy_term_id == TaxonomyTerm.id)
        .where(Attribute.link_id == service_id).order_by(TaxonomyTerm.name)
    ).all()
    return ServiceRecord(
        service=service,
        organization=organization,
        places=places,
        phones=list({p.number: p for p in phones}.values()),
        hours=_unique(hours_line(s) for s in schedules),
        languages=_unique(languages),
        eligibility=_unique(rules),
        categories=_unique(categories),
    )


def hours_line(schedule: Schedule) -> str:
    """A schedule row as a person reads it: its own words, else its days and times."""
    if schedule.description:
        return schedule.description
    if schedule.byday and schedule.opens_at and schedule.closes_at:
        days = ", ".join(DAY_NAMES.get(d.strip(), d.strip()) for d in schedule.byday.split(","))
        return f"{days} {schedule.opens_at[:5]}–{schedule.closes_at[:5]}"
    return ""
