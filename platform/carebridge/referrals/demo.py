"""Demo referrals: the demo agency's clients get a consent on file and referrals in several
states (completed with help, sent and overdue, accepted, a draft, declined), built on whatever
demo clients exist — one is created when there are none."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carebridge.agencies import Agency
from carebridge.assessments.vocabulary import shipped_vocabulary
from carebridge.auth.models import User
from carebridge.clients.models import ACTIVE, Client
from carebridge.clients.needs import add_need
from carebridge.forms import service as forms
from carebridge.referrals import consent as consents
from carebridge.referrals import follow_ups, service
from carebridge.referrals.models import Referral
from carebridge.referrals.needs import open_needs
from carebridge.referrals.service import Viewer
from carebridge.tenancy import acting_for
from resource_directory.models import Attribute, Service, TaxonomyTerm

DEMO_AGENCY = "demo"
#: What happens to each demo referral, in order: (need, status, outcome, note).
PLAN = [
    ("food", "completed", "got_help", "Picked up groceries on Saturday."),
    ("housing", "sent", None, "Asked about the waiting list."),
    ("food", "accepted", None, "They will call her back this week."),
    ("mental_health", "draft", None, ""),
    ("employment", "declined", None, "Not taking new clients this month."),
]


def load_demo_referrals(session: Session) -> Iterator[str]:
    agency = session.scalar(select(Agency).where(Agency.slug == DEMO_AGENCY))
    if agency is None:
        yield "referrals: no demo agency (unchanged)"
        return
    with acting_for(session, agency.id):
        yield from _load(session, agency)


def _load(session: Session, agency: Agency) -> Iterator[str]:
    if session.scalar(select(func.count()).select_from(Referral)):
        yield "referrals: the demo agency already has referrals (unchanged)"
        return
    if consents.consent_form_slug(session) is None:
        yield "referrals: the demo agency has no consent form (unchanged)"
        return
    manager = session.scalar(select(User).where(User.role == "care_manager").order_by(User.id))
    viewer = Viewer(manager.id if manager else None, agency.id, "demo")
    clients = list(session.scalars(
        select(Client).where(Client.status == ACTIVE).order_by(Client.created_at, Client.id)
        .limit(3)))
    if not clients:
        clients = [_demo_client(session, manager)]
        yield "referrals: added the demo client María González"
    today = forms.today()
    made = 0
    for position, (code, status, outcome, note) in enumerate(PLAN):
        client = clients[position % len(clients)]
        _consent(session, client, viewer)
        _need(session, client, code, viewer)
        service_id = _service_for(session, code)
        if service_id is None:
            continue
        referral = service.create_referral(
            session, client, service_id=service_id, viewer=viewer, today=today,
            needs=[code], note=note if status == "draft" else "", send=status != "draft")
        if status in ("completed", "declined"):
            service.change_status(session, referral, status, viewer=viewer, today=today,
                                  note=note, outcome=outcome)
        elif status == "accepted":
            service.change_status(session, referral, status, viewer=viewer, today=today,
                                  note=note)
        elif status == "sent":
            # Sent three weeks ago and never followed up: it shows on the overdue list.
            referral.follow_up_on = today - timedelta(days=7)
            referral.sent_at = referral.updated_at = referral.updated_at - timedelta(days=21)
            follow_ups.follow_up_changed(session, referral)  # its task is overdue too
        made += 1
    session.flush()
    yield f"referrals: {made} demo referrals for {len(clients)} clients"


def _demo_client(session: Session, manager: User | None) -> Client:
    client = Client(given_name="María", family_name="González", birth_date=date(1984, 5, 12),
                    preferred_language="es", phone="6505550142", address_line1="800 Main St",
                    city="Redwood City", state="CA", postal_code="94063",
                    care_manager_id=manager.id if manager else None)
    session.add(client)
    session.flush()
    return client


def _consent(session: Session, client: Client, viewer: Viewer) -> None:
    if consents.valid_consent(session, client.id, forms.today()) is not None:
        return
    version = forms.get_version(session, consents.consent_form_slug(session))
    today = forms.today()
    data = {
        "client_name": client.display_name or client.given_name,
        "consent_to_services": True, "share_information": "yes",
        "recipients": [{"organisation": "Partner agencies of Demo Community Care"}],
        "information_shared": ["contact", "screening"], "purpose": ["referral"],
        "expires_on": (today + timedelta(days=300)).isoformat(), "understands_rights": True,
        "signed_by": "client", "signature_name": client.display_name or client.given_name,
        "signed_on": today.isoformat(), "agreement": True,
    }
    forms.submit(session, version, data, user_id=viewer.user_id, via="demo", client_id=client.id)


def _need(session: Session, client: Client, code: str, viewer: Viewer) -> None:
    if any(need.code == code for need in open_needs(session, client.id)):
        return
    add_need(session, client, code, user_id=viewer.user_id, via="demo")


def _service_for(session: Session, code: str) -> str | None:
    """The first directory service filed under one of the need's categories."""
    entry = shipped_vocabulary().get(code)
    if entry is None:
        return None
    return session.scalar(
        select(Service.id)
        .join(Attribute, Attribute.link_id == Service.id)
        .join(TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id)
        .where(TaxonomyTerm.name.in_(entry.term_names))
        .order_by(Service.name, Service.id).limit(1)
    )
