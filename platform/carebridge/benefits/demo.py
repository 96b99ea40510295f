"""The demo's benefits: the demo agency's own programs, and a screening for each demo client
that has none, from their intake. Agency programs answer at once; a background engine (the
PolicyEngine plugin, when installed) is queued and its answers appear when the worker has them:
``make run`` never waits on it."""

from __future__ import annotations

import json
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge.tenancy import set_tenant, tenant_of

DEMO_AGENCY = "demo"
DEMO_PROGRAMS = Path(__file__).parent / "data" / "demo-programs.json"


def load_demo_benefits(session: Session):
    from carebridge.agencies import Agency

    agency = session.scalar(select(Agency).where(Agency.slug == DEMO_AGENCY))
    if agency is None:
        yield "benefits: no demo agency (unchanged)"
        return
    before = tenant_of(session)
    set_tenant(session, agency.id)
    try:
        yield from _load(session, agency.id)
    finally:
        set_tenant(session, before)


def _load(session: Session, agency_id: int):
    from carebridge.benefits import catalog, intake, records
    from carebridge.benefits.models import BenefitScreening
    from carebridge.clients.models import ACTIVE, Client

    if not catalog.list_programs(session, include_retired=True):
        for document in json.loads(DEMO_PROGRAMS.read_text(encoding="utf-8")):
            catalog.save_program(session, document, user_id=None, via="demo")
        yield "benefits: the demo agency's own programs added"
    screened = set(session.scalars(select(BenefitScreening.client_id)))
    count = working = 0
    for client in session.scalars(select(Client).where(Client.status == ACTIVE)
                                  .order_by(Client.created_at)):
        if client.id in screened:
            continue
        prefill = intake.household_for(session, client)
        household = demo_household(prefill.household)
        row = records.run(session, household, agency_id=agency_id, user_id=None, via="demo",
                          client_id=client.id, submission_id=prefill.submission_id,
                          app=current_app._get_current_object())
        count += 1
        working += row.is_working
    if count:
        note = f" ({working} waiting on the background engine)" if working else ""
        yield f"benefits: {count} demo clients screened{note}"


def demo_household(household: dict) -> dict:
    """The intake's household with the facts a demo intake does not ask (expenses, yes/no
    answers) filled as an agency worker would have after a first call: the demo shows results
    rather than a page of unknowns. Real screenings never fill anything in."""
    people = []
    for member in household["members"]:
        person = {"pregnant": False, "disabled": False, "student": False,
                  "immigration_status": "citizen", **{k: v for k, v in member.items()
                                                      if v is not None}}
        person.setdefault("income", {})
        people.append(person)
    return {**household, "members": people,
            "expenses": {"rent": 1650, "utilities": 140, "child_care": 0, "medical": 0}}
