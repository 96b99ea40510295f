"""Demo care plans: the demo agency's clients get a plan from the shipped template (tasks due
and overdue), appointments, repeated PHQ-9s with a trend and the re-assessment they schedule,
notes, a care team, a handout, reminder consent and one transition in progress. Built on the
demo clients that exist; two are created when there are none."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carebridge.agencies import Agency
from carebridge.assessments.scoring import score
from carebridge.auth.models import User
from carebridge.careplans import (
    appointments,
    care_team,
    handouts,
    notes,
    reminders,
    service,
    tasks,
    transitions,
)
from carebridge.careplans.models import CarePlan
from carebridge.clients.models import ACTIVE, Client, ClientNeed
from carebridge.forms import service as forms
from carebridge.forms.models import FormDefinition, Submission
from carebridge.tenancy import acting_for

DEMO_AGENCY = "demo"
#: A PHQ-9 history that improves: (days ago, total).
PHQ_TREND = ((84, 18), (56, 14), (28, 11))


def load_demo_care(session: Session) -> Iterator[str]:
    agency = session.scalar(select(Agency).where(Agency.slug == DEMO_AGENCY))
    if agency is None:
        yield "care plans: no demo agency (unchanged)"
        return
    with acting_for(session, agency.id):
        yield from _load(session, agency)


def _load(session: Session, agency: Agency) -> Iterator[str]:
    if session.scalar(select(func.count()).select_from(CarePlan)):
        yield "care plans: the demo agency already has plans (unchanged)"
        return
    if session.scalar(select(FormDefinition).where(FormDefinition.kind == "care_plan")) is None:
        yield "care plans: the demo agency has no care-plan template (unchanged)"
        return
    manager = session.scalar(select(User).where(User.role == "care_manager").order_by(User.id))
    admin = session.scalar(select(User).where(User.role == "admin").order_by(User.id))
    worker = manager or admin
    clients = list(session.scalars(select(Client).where(Client.status == ACTIVE)
                                   .order_by(Client.created_at, Client.id).limit(3)))
    if not clients:
        clients = [_client(session, agency, worker, "María", "González", "es", "food",
                           "mental_health"),
                   _client(session, agency, worker, "Tomás", "Rivera", "en", "housing")]
        yield "care plans: added the demo clients María González and Tomás Rivera"
    today = forms.today()
    first, others = clients[0], clients[1:]
    start = today - timedelta(days=30)
    plan = service.create_plan(session, first, "care-plan", user=worker, start=start)
    food = plan.goals[0]
    service.update_goal(session, plan, food, {"status": "active",
                                              "note": "Applied for CalFresh together."},
                        user=worker)
    service.sign(session, plan, {"kind": "verbal"}, user=worker)
    yield (f"care plans: {first.display_name} has a plan started {start.isoformat()} "
           f"({len(plan.tasks)} tasks, some overdue)")
    made = _phq_history(session, first, worker, today)
    yield f"care plans: {made} PHQ-9s for {first.display_name}, 18 → 11"
    for days, hour, whom, mode, where in ((1, 10, "Ana Ruiz, housing navigator", "in_person",
                                           "Samaritan House, 4031 Pacific Blvd, San Mateo"),
                                          (8, 15, "Counselor at StarVista", "video",
                                           "https://video.example.org/starvista"),
                                          (-6, 11, "Food pantry intake", "phone", "")):
        when = datetime.combine(today + timedelta(days=days), time(hour, 0))
        appointments.book(session, first, {"with_whom": whom, "mode": mode, "location": where,
                                           "starts_at": when.isoformat()}, user=worker)
    reminders.record_consent(session, first, "email", True, user=worker)
    # A call a day and a few minutes from now: its reminder (24 hours before) falls due a few
    # minutes after the demo loads, and the worker `carebridge serve` starts sends it on its
    # own (into <instance>/outbox/ unless SMTP_HOST names a server), then shows it as sent.
    soon = (datetime.now(appointments.zone()) + timedelta(days=1, minutes=3)).replace(
        second=0, microsecond=0, tzinfo=None)
    appointments.book(session, first, {"with_whom": "Your care manager (check-in call)",
                                       "mode": "phone", "starts_at": soon.isoformat()},
                      user=worker)
    notes.write(session, first, {"kind": "progress", "discussed": "Food and rent this month",
                                 "assessment": "Mood better; still short on groceries",
                                 "plan": "Pantry on Saturday, CalFresh interview Tuesday",
                                 "minutes_spent": 35}, user=worker)
    notes.write(session, first, {"kind": "contact", "method": "phone", "outcome": "voicemail",
                                 "minutes_spent": 5}, user=worker)
    care_team.add_member(session, first, {"kind": "worker", "user_id": worker.id,
                                          "role": "Lead care manager",
                                          "may_share": ["care_plan", "appointments"]},
                         user=worker)
    care_team.add_member(session, first, {"kind": "provider", "name": "Dr. Priya Shah",
                                          "organization": "Fair Oaks Health Center",
                                          "role": "Primary care", "phone": "650-555-0142",
                                          "may_share": ["assessments", "care_plan"]},
                         user=worker)
    handouts.give(session, first, handouts.get_handout("food-pantry"), user=worker)
    yield f"care plans: appointments, notes, care team and a handout for {first.display_name}"
    for other in others:
        try:
            other_plan = service.create_plan(session, other, "care-plan", user=worker,
                                             start=today - timedelta(days=3),
                                             from_open_needs=True)
        except Exception:  # no open needs: the template's own
            other_plan = service.create_plan(session, other, "care-plan", user=worker,
                                             start=today - timedelta(days=3))
        yield f"care plans: {other.display_name} has a plan (goals: {len(other_plan.goals)})"
    moving = others[0] if others else first
    transition = transitions.start(session, moving, {"kind": "hospital_discharge",
                                                     "receiving": "Home, with home health"},
                                   user=worker)
    transitions.tick(session, transition, 0, True, user=worker)
    transitions.tick(session, transition, 1, True, user=worker)
    yield f"care plans: a hospital discharge in progress for {moving.display_name}"


def _client(session: Session, agency: Agency, worker: User, given: str, family: str,
            language: str, *needs: str) -> Client:
    client = Client(given_name=given, family_name=family, preferred_language=language,
                    birth_date=date(1984, 6, 12), email=f"{given.lower()}@example.org",
                    postal_code="94401", city="San Mateo", state="CA",
                    care_manager_id=worker.id if worker else None)
    client.agency_id = agency.id
    session.add(client)
    session.flush()
    for code in needs:
        need = ClientNeed(client_id=client.id, code=code, label=code.replace("_", " ").title())
        need.agency_id = agency.id
        session.add(need)
    session.flush()
    return client


def _phq_answers(total: int) -> dict:
    answers, left = {}, total
    for item in range(1, 10):
        value = 0 if item == 9 else min(3, left)
        answers[f"phq_{item}"] = value
        left -= value
    return answers


def _phq_history(session: Session, client: Client, worker: User, today: date) -> int:
    version = forms.get_version(session, "phq-9")
    made = 0
    for days_ago, total in PHQ_TREND:
        answers = _phq_answers(total)
        result = score(version.document, answers).as_json()
        submission = Submission(form_version_id=version.id, data=answers, client_id=client.id,
                                created_by_id=worker.id, scores=result["scores"],
                                flags=result["flags"],
                                created_at=datetime.combine(today - timedelta(days=days_ago),
                                                            time(17, 0), UTC))
        submission.agency_id = client.agency_id
        session.add(submission)
        session.flush()
        tasks.schedule_reassessment(session, submission)
        made += 1
    return made
