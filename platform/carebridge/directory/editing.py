"""Directory editors' changes: add and edit resources, mark them verified; each one audited."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import asdict, dataclass, fields

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from carebridge import audit
from carebridge.auth.models import User
from carebridge.directory.records import service_record
from carebridge.errors import InvalidInput, Problem
from carebridge.i18n import _
from carebridge.unit_of_work import hook_after_commit
from resource_directory.fees import is_free
from resource_directory.languages import normalize_language
from resource_directory.models import (
    Address,
    CostOption,
    Eligibility,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
)
from resource_directory.opening_hours import parse_weekly_hours

log = logging.getLogger(__name__)

#: Rows created by editors carry this as their source (imports name their file).
SOURCE = "carebridge"


@dataclass
class ResourceInput:
    """What the editor's form holds: the least a worker needs to refer a client."""

    organization: str
    service: str
    description: str = ""
    address_1: str = ""
    city: str = ""
    state_province: str = ""
    postal_code: str = ""
    phone: str = ""
    hours: str = ""
    languages: str = ""
    eligibility: str = ""
    fees: str = ""
    url: str = ""

    @classmethod
    def from_data(cls, data: dict) -> ResourceInput:
        names = {f.name for f in fields(cls)}
        return cls(**{k: (v or "").strip() for k, v in data.items() if k in names})


def _new(model, **values):
    row_id = str(uuid.uuid4())
    return model(id=row_id, source=SOURCE, source_id=row_id, **values)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _record(session: Session, action: str, service: Service, user: User, via: str,
            detail: dict) -> None:
    event = audit.record(session, action, service, user_id=user.id, via=via, detail=detail)
    # Directory rows belong to no agency; the event belongs to the editor's.
    event.agency_id = user.agency_id


def current_input(session: Session, service_id: str) -> ResourceInput:
    """A service as the edit form shows it."""
    record = service_record(session, service_id)
    service = record.service
    address = _first_address(session, service_id)
    return ResourceInput(
        organization=record.organization_name,
        service=service.name,
        description=service.description or "",
        address_1=address.address_1 if address else "",
        city=address.city if address else "",
        state_province=address.state_province if address else "",
        postal_code=address.postal_code if address else "",
        phone=record.phones[0].number if record.phones else "",
        hours="; ".join(record.hours),
        languages=", ".join(record.languages),
        eligibility="; ".join(record.eligibility),
        fees=record.fees,
        url=service.url or "",
    )


def check(data: ResourceInput) -> None:
    """Rules the form cannot express alone (the API would reuse them)."""
    problems = []
    unknown = [name for name in _split(data.languages) if normalize_language(name) is None]
    if unknown:
        problems.append(Problem("languages", f"Unknown language: {', '.join(unknown)}."))
    if data.address_1 and not (data.city and data.postal_code):
        problems.append(Problem("city", "An address needs a city and a ZIP code."))
    if problems:
        raise InvalidInput("Some fields need attention.", problems)


def create_resource(session: Session, data: ResourceInput, user: User, via: str = "web"
                    ) -> Service:
    check(data)
    organization = session.scalar(
        select(Organization).where(Organization.name == data.organization)
    ) or _new(Organization, name=data.organization, description="")
    session.add(organization)
    session.flush()
    service = _new(Service, organization_id=organization.id, name=data.service,
                   status="active", last_modified=_now())
    session.add(service)
    session.flush()
    _apply(session, service, organization, data)
    _record(session, audit.CREATE, service, user, via, {"fields": asdict(data)})
    _changed(session, service)
    return service


def update_resource(session: Session, service_id: str, data: ResourceInput, user: User,
                    via: str = "web") -> Service:
    check(data)
    before = current_input(session, service_id)
    record = service_record(session, service_id)
    service, organization = record.service, record.organization
    if organization is None:
        organization = _new(Organization, name=data.organization, description="")
        session.add(organization)
        session.flush()
        service.organization_id = organization.id
    organization.name = data.organization
    service.name = data.service
    service.last_modified = _now()
    _apply(session, service, organization, data, before)
    changed = {
        name: {"from": old, "to": getattr(data, name)}
        for name, old in asdict(before).items()
        if old != getattr(data, name)
    }
    _record(session, audit.UPDATE, service, user, via, {"changed": changed})
    _changed(session, service)
    return service


def mark_verified(session: Session, service_id: str, user: User, via: str = "web",
                  today: dt.date | None = None) -> Service:
    service = service_record(session, service_id).service
    previous = service.last_verified
    service.last_verified = today or dt.date.today()
    # Never the editor's e-mail: the directory is shared with every agency. Who verified is
    # told as an agency and a role (``verifiers``), from this audit event.
    _record(session, audit.UPDATE, service, user, via, {
        "verified": service.last_verified.isoformat(),
        "previously": previous.isoformat() if previous else None,
        "by": sender_label(user),
    })
    _changed(session, service)
    return service


def _changed(session: Session, service: Service) -> None:
    # Search results (and any plugin listening) catch up once the edit is committed.
    log.info("directory service changed", extra={"service_id": service.id})
    hook_after_commit(session, "directory_changed", service_ids=[service.id], session=session)


def _apply(session: Session, service: Service, organization: Organization, data: ResourceInput,
           before: ResourceInput | None = None) -> None:
    """Write the form's fields into the HSDS rows; untouched fields leave imported rows alone."""
    old = before or ResourceInput("", "")
    service.description = data.description or None
    service.fees_description = data.fees or None
    if data.fees != old.fees:
        # Search's "free only" reads cost options, not prose: keep one in step with the text.
        session.execute(delete(CostOption).where(CostOption.service_id == service.id))
        if is_free(data.fees):
            session.add(_new(CostOption, service_id=service.id, option="Free", amount=0))
    service.url = data.url or None
    if (data.address_1, data.city, data.state_province, data.postal_code) != (
        old.address_1, old.city, old.state_province, old.postal_code
    ):
        _set_address(session, service, organization, data)
    if data.phone != old.phone:
        _set_phone(session, service, data.phone)
    if data.hours != old.hours:
        _set_hours(session, service, data.hours)
    if data.languages != old.languages:
        session.execute(delete(Language).where(Language.service_id == service.id))
        for name in _split(data.languages):
            language, code, note = normalize_language(name)
            session.add(_new(Language, service_id=service.id, name=language, code=code, note=note))
    if data.eligibility != old.eligibility:
        session.execute(delete(Eligibility).where(Eligibility.service_id == service.id))
        if data.eligibility:
            session.add(_new(Eligibility, service_id=service.id, description=data.eligibility))


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def _first_address(session: Session, service_id: str) -> Address | None:
    return session.scalar(
        select(Address)
        .join(ServiceAtLocation, ServiceAtLocation.location_id == Address.location_id)
        .where(ServiceAtLocation.service_id == service_id)
        .order_by(Address.address_type != "physical", ServiceAtLocation.id, Address.id)
    )


def _set_address(session: Session, service: Service, organization: Organization,
                 data: ResourceInput) -> None:
    address = _first_address(session, service.id)
    if not data.address_1:
        if address is not None:
            session.delete(address)
        return
    if address is None:
        location = _new(Location, organization_id=organization.id, name=data.service,
                        location_type="physical")
        # The directory's tables declare no relationships: flush parents before children.
        session.add(location)
        session.flush()
        session.add(_new(ServiceAtLocation, service_id=service.id, location_id=location.id))
        address = _new(Address, location_id=location.id, country="US", address_type="physical")
        session.add(address)
    address.address_1 = data.address_1
    address.city = data.city
    address.state_province = data.state_province or "CA"
    address.postal_code = data.postal_code


def _set_phone(session: Session, service: Service, number: str) -> None:
    phone = session.scalar(
        select(Phone).where(Phone.service_id == service.id).order_by(Phone.id)
    )
    if not number:
        if phone is not None:
            session.delete(phone)
        return
    if phone is None:
        phone = _new(Phone, service_id=service.id, type="voice")
        session.add(phone)
    phone.number = number


def _set_hours(session: Session, service: Service, text: str) -> None:
    """The service's own schedule rows become the text (weekly rules read from it for
    "open now"); a location's hours, shared with its other services, stay as they are."""
    links = select(ServiceAtLocation.id).where(ServiceAtLocation.service_id == service.id)
    session.execute(delete(Schedule).where(
        (Schedule.service_id == service.id) | Schedule.service_at_location_id.in_(links)
    ))
    if not text:
        return
    rules = parse_weekly_hours(text)
    if not rules:
        session.add(_new(Schedule, service_id=service.id, description=text))
    for rule in rules:
        session.add(_new(Schedule, service_id=service.id, description=text, freq=rule.freq,
                         byday=rule.byday, opens_at=rule.opens, closes_at=rule.closes))


def sender_label(user: User | None, agency_name: str | None = None) -> str:
    """How a person is shown to other agencies: their agency and role, never their e-mail."""
    from carebridge.auth.roles import ROLE_LABELS

    if user is None:
        return str(_("a former user"))
    agency = agency_name if agency_name is not None else (user.agency.name if user.agency
                                                          else "")
    role = str(ROLE_LABELS.get(user.role, user.role))
    return f"{agency} ({role})" if agency else role


def verifiers(session: Session) -> dict[str, str]:
    """Who last marked each service verified, as "Agency (Role)", by service id."""
    found: dict[str, str] = {}
    events = session.scalars(
        select(audit.AuditEvent)
        .where(audit.AuditEvent.object_type == "Service",
               audit.AuditEvent.action == audit.UPDATE)
        .order_by(audit.AuditEvent.id)
        .execution_options(include_all_agencies=True)  # verifications by every agency
    )
    for event in events:
        if event.detail and event.detail.get("verified") and event.detail.get("by"):
            found[event.object_id] = event.detail["by"]
    return found
