"""The demo agency's care work: plans from the shipped template with tasks due and overdue,
appointments, repeated PHQ-9s with a trend, a transition in progress — and a second run
changes nothing."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from carebridge.agencies import create_agency
from carebridge.auth.service import create_user
from carebridge.careplans.casework import Transition
from carebridge.careplans.demo import load_demo_care
from carebridge.careplans.models import Appointment, CarePlan, Task
from carebridge.forms import service as forms
from carebridge.forms.models import Submission
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work
from tests.careplans.conftest import INSTRUMENTS, agency_today
from tests.conftest import PASSWORD


def test_the_demo_agency_gets_plans_tasks_appointments_scores_and_a_transition(app):
    with unit_of_work(app, ALL_AGENCIES) as session:
        agency = create_agency(session, "demo", "Demo Community Care")
        create_user(session, agency, "cm@demo.example", "care_manager", PASSWORD)
        agency_id = agency.id
    with unit_of_work(app, agency_id) as session:
        for path in sorted(INSTRUMENTS.glob("*.json")):
            forms.publish(session, json.loads(path.read_text()), user_id=None)
    with unit_of_work(app, ALL_AGENCIES) as session:
        lines = list(load_demo_care(session))
    assert any("added the demo clients" in line for line in lines)
    today = agency_today()
    with unit_of_work(app, agency_id) as session:
        plans = session.scalars(select(CarePlan)).all()
        assert len(plans) == 2 and all(p.template_slug == "care-plan" for p in plans)
        open_tasks = session.scalars(select(Task).where(Task.status == "to_do")).all()
        assert any(t.due < today for t in open_tasks)  # overdue
        assert any(t.due >= today for t in open_tasks)  # due
        assert any(t.source == "reassessment" and t.due == today for t in open_tasks)
        assert session.scalar(select(func.count()).select_from(Appointment)) == 4
        totals = [s.scores[0]["value"] for s in session.scalars(
            select(Submission).order_by(Submission.created_at))]
        assert totals == [18, 14, 11]
        assert session.scalars(select(Transition)).one().status == "in_progress"
    with unit_of_work(app, ALL_AGENCIES) as session:
        assert list(load_demo_care(session)) == [
            "care plans: the demo agency already has plans (unchanged)"]
