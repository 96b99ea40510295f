"""The directory's tables: the HSDS 3.0 core on the directory's own declarative base."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class DirectoryBase(DeclarativeBase):
    """Base of every directory table; kept apart from the platform's so either can migrate alone."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _fk(table: str, *, index: bool = True) -> Mapped[str | None]:
    # Child rows go with their parent: deleting a service deletes its phones and schedules.
    return mapped_column(String(64), ForeignKey(f"dir_{table}.id", ondelete="CASCADE"), index=index)


class ImportedRecord:
    """Columns every directory row has: a string id and where the record came from."""

    __hsds_name__: str  # the HSDS object name, "service"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # `source` names the data set (a file's stem, "cip_2013"); `source_id` is the record's id
    # there, or its 0-based position when the file has no ids. Re-imports match on the pair.
    source: Mapped[str] = mapped_column(String(100))
    source_id: Mapped[str] = mapped_column(String(200))

    @declared_attr.directive
    def __tablename__(cls) -> str:  # noqa: N805 - SQLAlchemy passes the class
        return f"dir_{cls.__hsds_name__}"

    @declared_attr.directive
    def __table_args__(cls):  # noqa: N805
        return (UniqueConstraint("source", "source_id"),)


class Organization(ImportedRecord, DirectoryBase):
    __hsds_name__ = "organization"

    name: Mapped[str] = mapped_column(String(500))
    alternate_name: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String(300))
    website: Mapped[str | None] = mapped_column(String(1000))
    tax_status: Mapped[str | None] = mapped_column(String(200))
    tax_id: Mapped[str | None] = mapped_column(String(200))
    year_incorporated: Mapped[int | None] = mapped_column(Integer)
    legal_status: Mapped[str | None] = mapped_column(String(200))
    logo: Mapped[str | None] = mapped_column(String(1000))
    uri: Mapped[str | None] = mapped_column(String(1000))
    # No foreign key: HSDS feeds name parents that live in other data sets.
    parent_organization_id: Mapped[str | None] = mapped_column(String(64), index=True)


class Program(ImportedRecord, DirectoryBase):
    __hsds_name__ = "program"

    organization_id: Mapped[str | None] = _fk("organization")
    name: Mapped[str] = mapped_column(String(500))
    alternate_name: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)


class Service(ImportedRecord, DirectoryBase):
    __hsds_name__ = "service"

    organization_id: Mapped[str | None] = _fk("organization")
    program_id: Mapped[str | None] = mapped_column(
        String(64), ForeignKey("dir_program.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(500))
    alternate_name: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(1000))
    email: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(40), default="active")
    interpretation_services: Mapped[str | None] = mapped_column(Text)
    application_process: Mapped[str | None] = mapped_column(Text)
    fees_description: Mapped[str | None] = mapped_column(Text)
    wait_time: Mapped[str | None] = mapped_column(Text)
    fees: Mapped[str | None] = mapped_column(Text)
    accreditations: Mapped[str | None] = mapped_column(Text)
    licenses: Mapped[str | None] = mapped_column(Text)
    alert: Mapped[str | None] = mapped_column(Text)
    # Who the service is for, in the provider's words (Ohana "audience", cip "target_group").
    target_group: Mapped[str | None] = mapped_column(Text)
    # Comma-separated search keywords as the provider gave them.
    keywords: Mapped[str | None] = mapped_column(Text)
    assurer_email: Mapped[str | None] = mapped_column(String(300))
    # HSDS calls this `assured_date`: the day someone last checked the record.
    last_verified: Mapped[dt.date | None] = mapped_column(Date)
    # Stored in UTC without a zone, which SQLite and PostgreSQL read back alike.
    last_modified: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Location(ImportedRecord, DirectoryBase):
    __hsds_name__ = "location"

    organization_id: Mapped[str | None] = _fk("organization")
    location_type: Mapped[str] = mapped_column(String(20), default="physical")
    url: Mapped[str | None] = mapped_column(String(1000))
    name: Mapped[str | None] = mapped_column(String(500))
    alternate_name: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    transportation: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    external_identifier: Mapped[str | None] = mapped_column(String(200))
    external_identifier_type: Mapped[str | None] = mapped_column(String(200))


class ServiceAtLocation(ImportedRecord, DirectoryBase):
    __hsds_name__ = "service_at_location"

    service_id: Mapped[str] = _fk("service")
    location_id: Mapped[str] = _fk("location")
    description: Mapped[str | None] = mapped_column(Text)


class Address(ImportedRecord, DirectoryBase):
    __hsds_name__ = "address"

    location_id: Mapped[str | None] = _fk("location")
    attention: Mapped[str | None] = mapped_column(String(500))
    address_1: Mapped[str] = mapped_column(String(500))
    address_2: Mapped[str | None] = mapped_column(String(500))
    city: Mapped[str] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(String(200))
    state_province: Mapped[str] = mapped_column(String(100))
    postal_code: Mapped[str] = mapped_column(String(20), index=True)
    country: Mapped[str] = mapped_column(String(2))
    address_type: Mapped[str] = mapped_column(String(20), default="physical")


class Contact(ImportedRecord, DirectoryBase):
    __hsds_name__ = "contact"

    organization_id: Mapped[str | None] = _fk("organization")
    service_id: Mapped[str | None] = _fk("service")
    service_at_location_id: Mapped[str | None] = _fk("service_at_location")
    location_id: Mapped[str | None] = _fk("location")
    name: Mapped[str | None] = mapped_column(String(300))
    title: Mapped[str | None] = mapped_column(String(300))
    department: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(300))


class Phone(ImportedRecord, DirectoryBase):
    __hsds_name__ = "phone"

    location_id: Mapped[str | None] = _fk("location")
    service_id: Mapped[str | None] = _fk("service")
    organization_id: Mapped[str | None] = _fk("organization")
    contact_id: Mapped[str | None] = _fk("contact")
    service_at_location_id: Mapped[str | None] = _fk("service_at_location")
    number: Mapped[str] = mapped_column(String(100))
    extension: Mapped[float | None] = mapped_column(Float)
    type: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str | None] = mapped_column(Text)


class Schedule(ImportedRecord, DirectoryBase):
    """A recurring opening (RFC 5545 rule fields, as HSDS names them)."""

    __hsds_name__ = "schedule"

    service_id: Mapped[str | None] = _fk("service")
    location_id: Mapped[str | None] = _fk("location")
    service_at_location_id: Mapped[str | None] = _fk("service_at_location")
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    dtstart: Mapped[dt.date | None] = mapped_column(Date)
    timezone: Mapped[float | None] = mapped_column(Float)
    until: Mapped[dt.date | None] = mapped_column(Date)
    count: Mapped[int | None] = mapped_column(Integer)
    wkst: Mapped[str | None] = mapped_column(String(2))
    freq: Mapped[str | None] = mapped_column(String(10))  # WEEKLY or MONTHLY
    interval: Mapped[int | None] = mapped_column(Integer)
    byday: Mapped[str | None] = mapped_column(String(100))  # "MO,TU" or "1MO,-1FR"
    byweekno: Mapped[str | None] = mapped_column(String(200))
    bymonthday: Mapped[str | None] = mapped_column(String(200))
    byyearday: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    opens_at: Mapped[str | None] = mapped_column(String(8))  # "HH:MM" or "HH:MM:SS"
    closes_at: Mapped[str | None] = mapped_column(String(8))
    schedule_link: Mapped[str | None] = mapped_column(String(1000))
    attending_type: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)


class HolidaySchedule(ImportedRecord, DirectoryBase):
    """A closure (or special hours) between two dates, such as a public holiday."""

    __hsds_name__ = "holiday_schedule"

    service_id: Mapped[str | None] = _fk("service")
    location_id: Mapped[str | None] = _fk("location")
    service_at_location_id: Mapped[str | None] = _fk("service_at_location")
    closed: Mapped[bool] = mapped_column(Boolean, default=True)
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    opens_at: Mapped[str | None] = mapped_column(String(8))
    closes_at: Mapped[str | None] = mapped_column(String(8))
    description: Mapped[str | None] = mapped_column(Text)


class Language(ImportedRecord, DirectoryBase):
    __hsds_name__ = "language"

    service_id: Mapped[str | None] = _fk("service")
    location_id: Mapped[str | None] = _fk("location")
    phone_id: Mapped[str | None] = _fk("phone")
    name: Mapped[str | None] = mapped_column(String(100))  # English name, "Spanish"
    code: Mapped[str | None] = mapped_column(String(20))  # ISO 639, "es"
    note: Mapped[str | None] = mapped_column(Text)


class ServiceArea(ImportedRecord, DirectoryBase):
    __hsds_name__ = "service_area"

    service_id: Mapped[str | None] = _fk("service")
    name: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    extent: Mapped[str | None] = mapped_column(Text)
    extent_type: Mapped[str | None] = mapped_column(String(40))
    uri: Mapped[str | None] = mapped_column(String(1000))
    # Space-separated postal codes the area covers, for matching a client's ZIP.
    postal_codes: Mapped[str | None] = mapped_column(Text)


class CostOption(ImportedRecord, DirectoryBase):
    __hsds_name__ = "cost_option"

    service_id: Mapped[str | None] = _fk("service")
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    option: Mapped[str | None] = mapped_column(Text)
    currency: Mapped[str | None] = mapped_column(String(3))
    amount: Mapped[float | None] = mapped_column(Float)  # 0 means free
    amount_description: Mapped[str | None] = mapped_column(Text)


class Eligibility(ImportedRecord, DirectoryBase):
    """Who may use a service; HSDS 3.0 folds this into the service's own fields."""

    __hsds_name__ = "eligibility"

    service_id: Mapped[str | None] = _fk("service")
    description: Mapped[str | None] = mapped_column(Text)
    minimum_age: Mapped[float | None] = mapped_column(Float)
    maximum_age: Mapped[float | None] = mapped_column(Float)


class RequiredDocument(ImportedRecord, DirectoryBase):
    __hsds_name__ = "required_document"

    service_id: Mapped[str | None] = _fk("service")
    document: Mapped[str | None] = mapped_column(Text)
    uri: Mapped[str | None] = mapped_column(String(1000))


class Accessibility(ImportedRecord, DirectoryBase):
    __hsds_name__ = "accessibility"

    location_id: Mapped[str | None] = _fk("location")
    description: Mapped[str | None] = mapped_column(Text)
    details: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(1000))


class Funding(ImportedRecord, DirectoryBase):
    __hsds_name__ = "funding"

    organization_id: Mapped[str | None] = _fk("organization")
    service_id: Mapped[str | None] = _fk("service")
    # HSDS names this column `source` too; it is stored as funding_source to keep `source`
    # meaning "where the record came from" on every table.
    funding_source: Mapped[str | None] = mapped_column(Text)


class Taxonomy(ImportedRecord, DirectoryBase):
    __hsds_name__ = "taxonomy"

    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    uri: Mapped[str | None] = mapped_column(String(1000))
    version: Mapped[str | None] = mapped_column(String(50))


class TaxonomyTerm(ImportedRecord, DirectoryBase):
    __hsds_name__ = "taxonomy_term"

    code: Mapped[str | None] = mapped_column(String(100), index=True)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    # No foreign key: a term may arrive before its parent, and HSDS feeds name outside parents.
    parent_id: Mapped[str | None] = mapped_column(String(64), index=True)
    taxonomy: Mapped[str | None] = mapped_column(String(300))
    language: Mapped[str | None] = mapped_column(String(20))
    taxonomy_id: Mapped[str | None] = _fk("taxonomy")
    term_uri: Mapped[str | None] = mapped_column(String(1000))


class Attribute(ImportedRecord, DirectoryBase):
    """Tags any directory object (`link_entity` names its table, `link_id` its id) with a term."""

    __hsds_name__ = "attribute"

    link_id: Mapped[str | None] = mapped_column(String(64), index=True)
    taxonomy_term_id: Mapped[str | None] = _fk("taxonomy_term")
    link_type: Mapped[str | None] = mapped_column(String(100))
    link_entity: Mapped[str | None] = mapped_column(String(100))
    value: Mapped[str | None] = mapped_column(Text)


MODELS: dict[str, type[ImportedRecord]] = {
    model.__hsds_name__: model
    for model in (
        Organization,
        Program,
        Service,
        Location,
        ServiceAtLocation,
        Address,
        Contact,
        Phone,
        Schedule,
        HolidaySchedule,
        Language,
        ServiceArea,
        CostOption,
        Eligibility,
        RequiredDocument,
        Accessibility,
        Funding,
        Taxonomy,
        TaxonomyTerm,
        Attribute,
    )
}
