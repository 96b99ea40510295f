"""A small world for referrals: a directory of three services (one belongs to beta), clients
of alpha with needs, and the shipped consent form published in both agencies."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest

from carebridge.clients.models import Client, ClientNeed
from carebridge.config import PROJECT_ROOT
from carebridge.directory import index
from carebridge.forms import service as forms
from carebridge.referrals.models import PartnerOrganization
from carebridge.tenancy import ALL_AGENCIES, set_tenant
from carebridge.unit_of_work import unit_of_work
from resource_directory.models import (
    Address,
    Language,
    Location,
    Organization,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
)

CONSENT = json.loads((PROJECT_ROOT / "form_definitions" / "instruments" / "consent.json")
                     .read_text())
SERVICES = [
    dict(id="pantry", name="Saturday Food Pantry", org="Second Harvest", zip="94063",
         description="Free groceries: a food pantry for families.", language="Spanish",
         hours=("SA", "09:00", "13:00", "Saturdays 9am-1pm"), phone="650 555-0101",
         document="Proof of address"),
    dict(id="meals", name="Community Hot Meals", org="Beta Community Services", zip="94401",
         description="Hot meals and a food pantry every weekday.", language="English",
         hours=("MO,TU,WE,TH,FR", "11:00", "13:00", "Weekdays 11-1"), phone="650 555-0102"),
    dict(id="bikes", name="Bicycle Repair", org="Bike Co-op", zip="94063",
         description="Fix your bicycle.", language="English", phone="650 555-0103"),
]


def _row(model, id, **values):
    return model(id=id, source="test", source_id=id, **values)


def build_directory(session) -> None:
    for s in SERVICES:
        sid = s["id"]
        rows = [
            _row(Organization, f"org-{sid}", name=s["org"], description=""),
            _row(Service, sid, organization_id=f"org-{sid}", name=s["name"], status="active",
                 description=s["description"], application_process="Walk in."),
            _row(Location, f"loc-{sid}", organization_id=f"org-{sid}", name=s["name"]),
            _row(ServiceAtLocation, f"sal-{sid}", service_id=sid, location_id=f"loc-{sid}"),
            _row(Address, f"addr-{sid}", location_id=f"loc-{sid}", address_1="1 Main St",
                 city="Redwood City", state_province="CA", postal_code=s["zip"], country="US"),
            _row(Phone, f"phone-{sid}", service_id=sid, number=s["phone"]),
            _row(Language, f"lang-{sid}", service_id=sid, name=s["language"]),
        ]
        if "hours" in s:
            byday, opens, closes, text = s["hours"]
            rows.append(_row(Schedule, f"sched-{sid}", service_id=sid, freq="WEEKLY",
                             byday=byday, opens_at=opens, closes_at=closes, description=text))
        if "document" in s:
            rows.append(_row(RequiredDocument, f"doc-{sid}", service_id=sid,
                             document=s["document"]))
        for row in rows:
            session.add(row)
            session.flush()


@dataclass
class Setting:
    """What the tests refer to: alpha's clients, their needs, consents."""

    app: object
    world: object
    clients: dict = field(default_factory=dict)
    needs: dict = field(default_factory=dict)

    def session(self, agency: str = "alpha"):
        return unit_of_work(self.app, self.world.agencies[agency])

    def add_client(self, name: str, agency: str = "alpha", needs=("food",), **fields) -> str:
        with self.session(agency) as session:
            fields.setdefault("birth_date", date(1985, 3, 1))
            fields.setdefault("postal_code", "94063")
            fields.setdefault("preferred_language", "es")
            client = Client(given_name=name, family_name="Test", **fields)
            session.add(client)
            session.flush()
            for code in needs:
                need = ClientNeed(client_id=client.id, code=code, label=code.title())
                session.add(need)
                session.flush()
                self.needs[(client.id, code)] = need.id
            self.clients[name] = client.id
            return client.id

    def consent(self, client_id: str, agency: str = "alpha", *, days_ago: int = 0,
                share: bool = True, shared=("contact", "screening"),
                expires_on: date | None = None) -> str:
        """A signed consent for the client, submitted ``days_ago`` days ago."""
        with self.session(agency) as session:
            version = forms.get_version(session, "consent")
            data = {"client_name": "Someone", "consent_to_services": True,
                    "share_information": "yes" if share else "no", "signed_by": "client",
                    "signature_name": "Someone", "signed_on": date.today().isoformat(),
                    "agreement": True}
            if share:
                data.update(recipients=[{"organisation": "Partners"}],
                            information_shared=list(shared), purpose=["referral"],
                            expires_on=(expires_on or date.today() + timedelta(days=300))
                            .isoformat(), understands_rights=True)
            with self.app.test_request_context():
                submission = forms.submit(session, version, data, user_id=None,
                                          client_id=client_id)
            submission.created_at = submission.created_at - timedelta(days=days_ago)
            session.flush()
            return submission.id

    def today(self) -> date:
        """Today where the agency is (follow-up dates are the agency's days)."""
        with self.app.test_request_context():
            return forms.today()

    def need_status(self, client_id: str, code: str) -> str:
        with self.session() as session:
            return session.get(ClientNeed, self.needs[(client_id, code)]).status


@pytest.fixture
def setting(app, world):
    with unit_of_work(app, ALL_AGENCIES) as session:
        build_directory(session)
        index.rebuild(app, session)
        # The organization of "Community Hot Meals" is the beta agency.
        session.add(PartnerOrganization(organization_id="org-meals",
                                        agency_id=world.agencies["beta"]))
        for slug in ("alpha", "beta"):
            set_tenant(session, world.agencies[slug])
            with app.test_request_context():
                forms.publish(session, CONSENT, user_id=None)
        set_tenant(session, ALL_AGENCIES)
    return Setting(app, world)


class Api:
    def __init__(self, client, world):
        self.client, self.world = client, world

    def get(self, path, agency="alpha", role="care_manager"):
        return self.client.get(path, headers=self.world.headers(agency, role))

    def post(self, path, body, agency="alpha", role="care_manager"):
        return self.client.post(path, json=body, headers=self.world.headers(agency, role))


@pytest.fixture
def api(client, world):
    return Api(client, world)
