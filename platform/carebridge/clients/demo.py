"""Demo clients for ``carebridge demo``: a few people whose files hold an intake, PHQ-9s (one
with the item-9 flag), AHC screenings and GAD-7s, with the scores, flags and needs those give,
and needs in several states. Made through the same services a worker's submit uses."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge.agencies import Agency
from carebridge.auth.models import User
from carebridge.clients import needs as needs_service
from carebridge.clients.models import Client
from carebridge.clients.service import close_client
from carebridge.db import utcnow
from carebridge.forms import service as forms
from carebridge.tenancy import ALL_AGENCIES, set_tenant

DEMO_AGENCY = "demo"


def _intake(given, family, born, language, phone, street, city, zip_code, needs, **extra):
    return {"given_name": given, "family_name": family, "date_of_birth": born,
            "preferred_language": language, "phone": phone, "has_income": False,
            "address": {"street": street, "city": city, "state": "CA", "zip": zip_code},
            "needs_requested": needs, **extra}


def _phq(items: list[int]) -> dict:
    return {f"phq_{n}": value for n, value in enumerate(items, start=1)}


def _gad(items: list[int]) -> dict:
    return {f"gad_{n}": value for n, value in enumerate(items, start=1)}


#: (key, days ago, form, answers): each client's story, oldest first. An intake names its
#: client; later forms are filled for the client the intake made.
PEOPLE = [
    ("maria", [
        (40, "adult-intake", _intake("María", "López", "1984-03-12", "es", "650-555-0142",
                                     "1420 Middlefield Rd", "Redwood City", "94063",
                                     ["food", "housing"],
                                     most_urgent="Rent is two months behind.")),
        (38, "ahc-hrsn", {"living_situation": "worried", "housing_problems": ["mold"],
                          "food_worried": "often_true", "food_did_not_last": "often_true",
                          "transportation": "no", "utilities": "yes", "safety_hurt": 1,
                          "safety_insult": 1, "safety_threaten": 1, "safety_scream": 1}),
        (2, "phq-9", _phq([2, 2, 2, 2, 2, 2, 1, 1, 1])),
    ]),
    ("james", [
        (30, "adult-intake", _intake("James", "Carter", "1961-11-02", "en", "650-555-0177",
                                     "88 El Camino Real", "San Mateo", "94401",
                                     ["employment", "transportation"])),
        (29, "phq-9", _phq([1, 1, 1, 1, 1, 1, 0, 0, 0])),
        (29, "gad-7", _gad([2, 2, 2, 2, 1, 1, 1])),
    ]),
    ("lan", [
        (21, "adult-intake", _intake("Lan", "Nguyen", "1992-07-25", "vi", "650-555-0119",
                                     "301 Linden Ave", "South San Francisco", "94080",
                                     ["childcare"])),
        (20, "ahc-hrsn", {"living_situation": "steady", "housing_problems": ["none"],
                          "food_worried": "never_true", "food_did_not_last": "never_true",
                          "transportation": "yes", "utilities": "no", "safety_hurt": 3,
                          "safety_insult": 4, "safety_threaten": 2, "safety_scream": 3}),
    ]),
    ("walter", [
        (90, "adult-intake", _intake("Walter", "Okafor", "1948-01-30", "en", "650-555-0190",
                                     "12 Bayshore Blvd", "San Mateo", "94401", ["health"])),
        (60, "phq-9", _phq([0, 1, 0, 1, 0, 0, 0, 0, 0])),
    ]),
]


def load_demo_clients(session: Session):
    """Loader for ``register_demo_data``: the demo agency's clients, once."""
    agency = session.scalar(select(Agency).where(Agency.slug == DEMO_AGENCY))
    if agency is None:
        yield "clients: no demo agency (skipped)"
        return
    set_tenant(session, agency.id)
    try:
        first = PEOPLE[0][1][0][2]  # the first demo client's intake answers
        if session.scalar(select(Client.id).where(
                Client.given_name == first["given_name"],
                Client.family_name == first["family_name"],
                Client.birth_date == date.fromisoformat(first["date_of_birth"]))) is not None:
            yield "clients: the demo agency already has its demo clients (unchanged)"
            return
        manager = session.scalar(select(User).where(User.agency_id == agency.id,
                                                    User.role == "care_manager"))
        user_id = manager.id if manager else None
        made = {key: _story(session, key, story, user_id) for key, story in PEOPLE}
        _settle(session, made, user_id)
        yield (f"clients: {len(made)} demo clients with "
               f"{sum(len(story) for _k, story in PEOPLE)} forms, their scores, flags and needs")
    finally:
        set_tenant(session, ALL_AGENCIES)


def _story(session: Session, key: str, story: list, user_id: int | None) -> Client:
    client = None
    for days_ago, slug, answers in story:
        version = forms.get_version(session, slug)
        submission = forms.submit(session, version, answers, user_id=user_id,
                                  idempotency_key=f"demo:{key}:{slug}:{days_ago}", via="demo",
                                  client_id=client.id if client else None)
        when = utcnow() - timedelta(days=days_ago)
        submission.created_at = when
        client = session.get(Client, submission.client_id)
        if client.created_at > when:
            client.created_at = when
        for need in needs_service.needs_of(session, client.id):
            if need.submission_id == submission.id:
                need.identified_at = need.status_changed_at = when
    client.care_manager_id = user_id
    session.flush()
    return client


def _settle(session: Session, made: dict[str, Client], user_id: int | None) -> None:
    """Needs in several states, a need added by hand, and a closed file."""
    by_code = {(key, need.code): need for key, client in made.items()
               for need in needs_service.needs_of(session, client.id)}
    needs_service.set_status(session, by_code[("maria", "food")], "referred", user_id=user_id,
                             note="Second Harvest pantry, Saturdays.")
    needs_service.set_status(session, by_code[("james", "transportation")], "met",
                             user_id=user_id, note="Reduced-fare Clipper card approved.")
    needs_service.set_status(session, by_code[("james", "employment")], "declined",
                             user_id=user_id, note="Prefers to look on his own for now.")
    needs_service.add_need(session, made["lan"], "financial", user_id=user_id,
                           note="Asked about CalWORKs at the visit.")
    needs_service.set_status(session, by_code[("walter", "health")], "met", user_id=user_id,
                             note="Enrolled with a primary care clinic.")
    close_client(session, made["walter"], "Moved to a care home out of county.",
                 user_id=user_id, via="demo")
    session.flush()

