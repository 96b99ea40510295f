"""A tiny directory built in the test: five services whose every filter value is known."""

import datetime as dt

import pytest

from carebridge.directory import index
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work
from resource_directory.models import (
    Address,
    Attribute,
    CostOption,
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

TODAY = dt.date.today()
TERMS = {"food": ("Food", None), "pantry": ("Food Pantry", "food"),
         "health": ("Health", None), "counseling": ("Counseling", "health")}
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"

SERVICES = [
    dict(id="pantry", name="Saturday Food Pantry", org="Second Harvest", city="Redwood City",
         zip="94063", languages=["Spanish", "English"], free=True, category="pantry",
         hours=("SA", "09:00", "13:00", "Saturdays 9am-1pm"), verified=TODAY - dt.timedelta(10),
         phone="650 555-0101", keywords="groceries"),
    dict(id="counseling", name="Senior Counseling", org="Peninsula Family Service",
         city="San Mateo", zip="94401", languages=["Spanish", "Chinese"], min_age=55,
         eligibility="Age 55 or over", category="counseling",
         hours=(EVERY_DAY, "00:00", "24:00", "Open around the clock"), phone="650 555-0102"),
    dict(id="utility", name="Utility Bill Assistance", org="Samaritan House", city="San Mateo",
         zip="94403", languages=["English"], fees="$10 application fee",
         keywords="PG&E, electric bill, utilities", verified=TODAY - dt.timedelta(800),
         phone="650 555-0103"),
    dict(id="tutoring", name="Youth Tutoring", org="Project Read", city="Redwood City",
         zip="94063", languages=["English"], min_age=6, max_age=12, free=True,
         phone="650 555-0104"),
    dict(id="foodbank", name="Coastside Food Bank", org="Coastside Hope", city="Half Moon Bay",
         zip="94019", languages=["English"], free=True, category="pantry", phone="650 555-0105"),
]


def _row(model, id, **values):
    return model(id=id, source="test", source_id=id, **values)


class _Staged:
    """Rows in the order their foreign keys need (the tables declare no relationships)."""

    def __init__(self, session):
        self.session, self.rows = session, {}

    def add(self, row):
        self.rows.setdefault(type(row), []).append(row)

    def flush(self):
        for model in (TaxonomyTerm, Organization, Service, Location, ServiceAtLocation, Address,
                      Phone, Language, CostOption, Eligibility, Attribute, Schedule):
            self.session.add_all(self.rows.get(model, []))
            self.session.flush()


def build_directory(db):
    session = _Staged(db)
    for key, (name, parent) in TERMS.items():
        session.add(_row(TaxonomyTerm, f"term-{key}", name=name, code=key,
                         parent_id=f"term-{parent}" if parent else None))
    for s in SERVICES:
        sid = s["id"]
        session.add(_row(Organization, f"org-{sid}", name=s["org"], description=""))
        session.add(_row(Service, sid, organization_id=f"org-{sid}", name=s["name"],
                         status="active", description=f"{s['name']} for the county.",
                         keywords=s.get("keywords"), fees_description=s.get("fees"),
                         last_verified=s.get("verified")))
        session.add(_row(Location, f"loc-{sid}", organization_id=f"org-{sid}", name=s["name"]))
        session.add(_row(ServiceAtLocation, f"sal-{sid}", service_id=sid,
                         location_id=f"loc-{sid}"))
        session.add(_row(Address, f"addr-{sid}", location_id=f"loc-{sid}", address_1="1 Main St",
                         city=s["city"], state_province="CA", postal_code=s["zip"],
                         country="US"))
        session.add(_row(Phone, f"phone-{sid}", service_id=sid, number=s["phone"]))
        for n, language in enumerate(s["languages"]):
            session.add(_row(Language, f"lang-{sid}-{n}", service_id=sid, name=language))
        if s.get("free"):
            session.add(_row(CostOption, f"cost-{sid}", service_id=sid, option="Free", amount=0))
        if "min_age" in s or "eligibility" in s:
            session.add(_row(Eligibility, f"elig-{sid}", service_id=sid,
                             description=s.get("eligibility"), minimum_age=s.get("min_age"),
                             maximum_age=s.get("max_age")))
        if "category" in s:
            session.add(_row(Attribute, f"attr-{sid}", link_id=sid, link_entity="service",
                             link_type="category", taxonomy_term_id=f"term-{s['category']}"))
        if "hours" in s:
            byday, opens, closes, text = s["hours"]
            session.add(_row(Schedule, f"sched-{sid}", service_id=sid, freq="WEEKLY",
                             byday=byday, opens_at=opens, closes_at=closes, description=text))
    session.flush()


@pytest.fixture
def directory(app):
    """The tiny directory in the database and in the search index."""
    with unit_of_work(app, ALL_AGENCIES) as session:
        build_directory(session)
        index.rebuild(app, session)
    return {s["id"]: s for s in SERVICES}


@pytest.fixture
def search(client, world, directory):
    """``search(q=..., zip=...)``: the API's JSON answer, as an alpha care manager."""

    def run(expect=200, **params):
        response = client.get("/api/v1/directory/search", query_string=params,
                              headers=world.headers("alpha", "care_manager"))
        assert response.status_code == expect, response.json
        return response.json

    return run


def ids(answer) -> list[str]:
    return [result["service_id"] for result in answer["results"]]
