"""A care manager's morning in the browser: my tasks → a client → update a goal → book an
appointment → download it; and axe finds nothing serious on any care plan, task, appointment,
monitoring, casework, transition or dashboard page."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from carebridge.auth.models import User
from carebridge.auth.service import create_user
from carebridge.careplans import service, tasks, transitions
from carebridge.clients.models import Client, ClientNeed
from carebridge.forms import service as forms
from carebridge.forms.models import Submission
from carebridge.tenancy import ALL_AGENCIES, set_tenant
from carebridge.unit_of_work import unit_of_work
from tests.conftest import PASSWORD, ROOT
from tests.renderer.browser.conftest import ADMIN, log_in, serious_violations

MANAGER = "manager@browser.example.org"
SCREENSHOTS = ROOT / "docs" / "screenshots"


@pytest.fixture(scope="module")
def caseload(live):
    """A care manager with one client: open needs, a plan, PHQ-9s, a transition."""
    app = live.app
    with unit_of_work(app, ALL_AGENCIES) as session:
        from carebridge.agencies import Agency

        agency = session.get(Agency, live.agency_id)
        if session.query(User).filter(User.email == MANAGER).first() is None:
            create_user(session, agency, MANAGER, "care_manager", PASSWORD, name="Lena Park")
    with unit_of_work(app, live.agency_id) as session, app.app_context():
        set_tenant(session, live.agency_id)
        manager = session.query(User).filter(User.email == MANAGER).one()
        client = Client(given_name="María", family_name="González", care_manager_id=manager.id,
                        email="maria@example.org", preferred_language="es")
        client.agency_id = live.agency_id
        session.add(client)
        session.flush()
        for code in ("food", "mental_health"):
            need = ClientNeed(client_id=client.id, code=code, label=code.replace("_", " "))
            need.agency_id = live.agency_id
            session.add(need)
        session.flush()
        today = forms.today()
        plan = service.create_plan(session, client, "care-plan", user=manager,
                                   start=today - timedelta(days=20), from_open_needs=True)
        version = forms.get_version(session, "phq-9")
        for days_ago, total in ((60, 17), (30, 13), (2, 10)):
            answers = {f"phq_{i}": 0 for i in range(1, 10)}
            left = total
            for i in range(1, 9):
                answers[f"phq_{i}"] = min(3, left)
                left -= answers[f"phq_{i}"]
            row = Submission(form_version_id=version.id, data=answers, client_id=client.id,
                             created_by_id=manager.id,
                             created_at=datetime.now(UTC) - timedelta(days=days_ago))
            row.agency_id = live.agency_id
            session.add(row)
            session.flush()
            tasks.schedule_reassessment(session, row)
        transition = transitions.start(session, client, {"kind": "case_closure"}, user=manager)
        return {"client": client.id, "plan": plan.id, "transition": transition.id}


@pytest.fixture
def manager(anonymous, caseload):
    log_in(anonymous, MANAGER)
    return anonymous


def shoot(page, name: str) -> None:
    """Save docs/screenshots/<name> when CAREBRIDGE_SCREENSHOTS is set (a test run otherwise
    leaves the tracked tree as it found it)."""
    if os.environ.get("CAREBRIDGE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


@pytest.mark.browser
def test_a_care_managers_morning(manager, caseload, tmp_path):
    page = manager
    page.goto("/tasks")
    assert page.get_by_role("heading", name="My tasks").is_visible()
    assert page.get_by_role("heading", name="Overdue (").is_visible()
    shoot(page, "careplans-my-tasks.png")
    page.get_by_role("link", name="María González").first.click()
    page.wait_for_url(re.compile(r"/clients/[0-9a-f]{32}$"))  # her file, not My tasks still
    expect(page.get_by_role("heading", name="Care plans")).to_be_visible()
    page.get_by_role("link", name="Care plan").first.click()
    page.wait_for_url(re.compile(r"/care-plans/[^/?]+$"))
    goal = page.locator("article.goal").first
    goal.get_by_label("Status").select_option("active")
    goal.get_by_label("Progress note").fill("Went to the pantry on Saturday.")
    goal.get_by_role("button", name="Update the goal").click()
    # htmx swaps the goal in place: wait for the note to appear in it.
    page.get_by_text("Went to the pantry on Saturday.").wait_for()
    expect(page.locator("article.goal").first.locator("p.status")).to_have_text(
        "Active", use_inner_text=True)
    shoot(page, "careplans-plan.png")
    page.goto(f"/clients/{caseload['client']}/appointments")
    page.get_by_label("With whom").fill("Ana Ruiz, housing navigator")
    page.get_by_label("When").fill("2030-03-04T09:30")
    page.get_by_label("How", exact=True).select_option("video")
    page.get_by_role("button", name="Book the appointment").click()
    # The same address after the redirect: wait for the booked appointment to be listed (the
    # page before the click has it only in the box typed into).
    expect(page.get_by_text("Ana Ruiz, housing navigator")).to_be_visible()
    shoot(page, "careplans-appointments.png")
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to calendar (.ics)").first.click()
    path = tmp_path / "appointment.ics"
    download.value.save_as(path)
    [event] = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    start = event.decoded("DTSTART")
    assert (start.year, start.month, start.day, start.hour, start.minute) == (2030, 3, 4, 9, 30)
    assert str(start.tzinfo) == "America/Los_Angeles"


PAGES = [
    "/tasks", "/tasks?view=team", "/clients/{client}", "/clients/{client}/care-plans",
    "/care-plans/{plan}", "/care-plans/{plan}/print", "/clients/{client}/appointments",
    "/clients/{client}/monitoring", "/clients/{client}/notes", "/clients/{client}/care-team",
    "/clients/{client}/handouts", "/clients/{client}/handouts/calfresh/print",
    "/clients/{client}/transitions", "/transitions/{transition}",
    "/transitions/{transition}/summary",
]


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_nothing_serious(manager, caseload, path):
    manager.goto(path.format(**caseload))
    assert serious_violations(manager) == [], path
    if path == "/clients/{client}/monitoring":
        shoot(manager, "careplans-monitoring.png")


@pytest.mark.browser
def test_the_dashboard_is_accessible(anonymous, caseload):
    log_in(anonymous, ADMIN)
    anonymous.goto("/reports")
    assert anonymous.get_by_role("heading", name="Dashboard").is_visible()
    assert serious_violations(anonymous) == []
    shoot(anonymous, "careplans-dashboard.png")

