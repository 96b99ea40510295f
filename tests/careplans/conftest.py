"""Care plan fixtures: the shipped definitions published in both agencies, and clients."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from carebridge.clients.models import Client, ClientNeed
from carebridge.config import DEFAULTS
from carebridge.forms import service as forms
from carebridge.forms.models import Submission
from carebridge.tenancy import set_tenant
from carebridge.unit_of_work import unit_of_work
from tests.conftest import ROOT

INSTRUMENTS = ROOT / "form_definitions" / "instruments"


def shipped_documents() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(INSTRUMENTS.glob("*.json"))]


def care_plan_templates() -> list[str]:
    return [d["id"] for d in shipped_documents() if d["kind"] == "care_plan"]


@pytest.fixture
def shipped(app, world):
    """Every shipped definition, published in alpha and beta."""
    for slug in ("alpha", "beta"):
        with unit_of_work(app, world.agencies[slug]) as session:
            for document in shipped_documents():
                forms.publish(session, document, user_id=None)
    return world


def make_client(app, world, agency="alpha", *, needs=(), given="María", family="López",
                care_manager=True) -> str:
    with unit_of_work(app, world.agencies[agency]) as session:
        set_tenant(session, world.agencies[agency])
        client = Client(given_name=given, family_name=family, birth_date=date(1980, 5, 1),
                        email="maria@example.org",
                        care_manager_id=world.users[(agency, "care_manager")] if care_manager
                        else None)
        client.agency_id = world.agencies[agency]
        session.add(client)
        session.flush()
        for code in needs:
            need = ClientNeed(client_id=client.id, code=code, label=code.replace("_", " "))
            need.agency_id = client.agency_id
            session.add(need)
        return client.id


def add_scored(app, world, client_id: str, slug: str, value: int | None, at: datetime,
               agency="alpha", band: str = "") -> str:
    """A submission of ``slug`` for the client with a stored total (as the clients feature
    stores scores at submit); ``value`` None stores no score."""
    with unit_of_work(app, world.agencies[agency]) as session:
        version = forms.get_version(session, slug)
        submission = Submission(form_version_id=version.id, data={}, client_id=client_id,
                                created_at=at, created_by_id=world.users[(agency, "care_manager")],
                                scores=[] if value is None else [
                                    {"name": "total", "label": "Total", "value": value,
                                     "band": band}])
        submission.agency_id = world.agencies[agency]
        session.add(submission)
        session.flush()
        return submission.id


@pytest.fixture
def maria(app, shipped):
    return make_client(app, shipped, needs=("food", "legal"))


def agency_today() -> date:
    """Today where the test agencies are (the default ``TIME_ZONE``)."""
    return datetime.now(ZoneInfo(DEFAULTS["TIME_ZONE"])).date()


def days(n: int) -> str:
    """The agency's today moved by ``n`` days, as the API writes a date."""
    return (agency_today() + timedelta(days=n)).isoformat()

