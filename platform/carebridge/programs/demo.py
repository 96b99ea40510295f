"""Demo programs: the demo agency runs three programs (and has retired one), and its demo
clients are enrolled in them — some in two at once, one exited with a reason — so the
dashboard's program filter shows real numbers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carebridge.agencies import Agency
from carebridge.auth.models import User
from carebridge.clients.models import Client
from carebridge.forms.service import today
from carebridge.programs import service
from carebridge.programs.models import Program
from carebridge.tenancy import acting_for

DEMO_AGENCY = "demo"
PROGRAMS = (
    ("care_coordination", "Care coordination",
     "Every client with a care manager: assessment, a care plan and follow-up."),
    ("housing", "Housing stability", "Rental help, landlord mediation and housing search."),
    ("behavioral_health", "Behavioral health",
     "Counseling referrals and depression and anxiety follow-up."),
    ("winter_shelter", "Winter shelter 2025", "Last winter's shelter beds (closed)."),
)
#: (given name, family name, program, days ago it started, days ago it ended, exit reason).
ENROLMENTS = (
    ("María", "López", "care_coordination", 40, None, ""),
    ("María", "López", "housing", 38, None, ""),
    ("James", "Carter", "care_coordination", 30, None, ""),
    ("James", "Carter", "behavioral_health", 29, None, ""),
    ("Lan", "Nguyen", "care_coordination", 21, None, ""),
    ("Walter", "Okafor", "behavioral_health", 60, 45, "Completed six counseling sessions."),
    ("Walter", "Okafor", "care_coordination", 90, 0, "Moved to a care home out of county."),
)


def load_demo_programs(session: Session) -> Iterator[str]:
    agency = session.scalar(select(Agency).where(Agency.slug == DEMO_AGENCY))
    if agency is None:
        yield "programs: no demo agency (unchanged)"
        return
    with acting_for(session, agency.id):
        yield from _load(session)


def _load(session: Session) -> Iterator[str]:
    if session.scalar(select(func.count()).select_from(Program)):
        yield "programs: the demo agency already has programs (unchanged)"
        return
    admin = session.scalar(select(User).where(User.role == "admin").order_by(User.id))
    manager = session.scalar(select(User).where(User.role == "care_manager")
                             .order_by(User.id)) or admin
    if admin is None:
        yield "programs: the demo agency has no admin (unchanged)"
        return
    for code, name, description in PROGRAMS:
        service.add_program(session, {"code": code, "name": name, "description": description},
                            user=admin, via="demo")
    service.update_program(session, service.program_by_code(session, "winter_shelter"),
                           {"active": False}, user=admin, via="demo")
    day = today()
    made = 0
    for given, family, code, started, ended, reason in ENROLMENTS:
        client = session.scalar(select(Client).where(Client.given_name == given,
                                                     Client.family_name == family))
        if client is None:
            continue
        enrolment = service.enrol(session, client, {
            "program": code, "start_date": (day - timedelta(days=started)).isoformat()},
            user=manager, via="demo")
        if ended is not None:
            service.exit_enrolment(session, enrolment, {
                "end_date": (day - timedelta(days=ended)).isoformat(), "exit_reason": reason},
                user=manager, via="demo")
        made += 1
    yield f"programs: {len(PROGRAMS)} programs, {made} enrolments of the demo clients"
