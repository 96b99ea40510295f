"""Programs and goal progress in Chromium: an admin enrols a client in a program and exits them
on the client file with htmx; the file's goal and need charts, the programs page and the
dashboard filtered by a program have no serious axe findings."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import select

from carebridge.auth.models import User
from carebridge.careplans import service
from carebridge.clients import needs
from carebridge.clients.models import Client, ClientNeed
from carebridge.programs import service as programs
from carebridge.programs.models import Program
from carebridge.tenancy import set_tenant
from carebridge.unit_of_work import unit_of_work
from tests.conftest import ROOT
from tests.renderer.browser.conftest import ADMIN, serious_violations

pytestmark = pytest.mark.browser

from playwright.sync_api import expect  # noqa: E402

SHOTS = {"/clients/{client}": "programs-client-file.png", "/agency/programs": "programs-admin.png",
         "/reports?program={program}": "programs-dashboard.png"}


def shoot(page, name: str) -> None:
    """Save docs/screenshots/<name> when CAREBRIDGE_SCREENSHOTS is set."""
    if os.environ.get("CAREBRIDGE_SCREENSHOTS"):
        page.screenshot(path=str(ROOT / "docs" / "screenshots" / name), full_page=True)


@pytest.fixture
def admin(admin):
    # The first client file a process shows builds the directory's spelling dictionary for its
    # matches section: tens of seconds on a busy machine, once.
    admin.set_default_navigation_timeout(120_000)
    return admin


@pytest.fixture(scope="module")
def rosa(live):
    """Rosa: a plan whose first goal is active with a note, a need referred, and two
    programs her agency runs (she is in the first)."""
    app = live.app
    with unit_of_work(app, live.agency_id) as session, app.app_context():
        set_tenant(session, live.agency_id)
        admin = session.scalar(select(User).where(User.email == ADMIN))
        for code, name in (("browser_housing", "Housing stability"),
                           ("browser_bh", "Behavioral health")):
            if session.scalar(select(Program).where(Program.code == code)) is None:
                programs.add_program(session, {"code": code, "name": name}, user=admin)
        client = Client(given_name="Rosa", family_name="Díaz", care_manager_id=admin.id)
        client.agency_id = live.agency_id
        session.add(client)
        session.flush()
        need = ClientNeed(client_id=client.id, code="food", label="Food")
        need.agency_id = live.agency_id
        session.add(need)
        session.flush()
        needs.set_status(session, need, "referred", user_id=admin.id)
        plan = service.create_plan(session, client, "care-plan", user=admin)
        service.update_goal(session, plan, plan.goals[0],
                            {"status": "active", "note": "First pantry visit."}, user=admin)
        programs.enrol(session, client, {"program": "browser_housing"}, user=admin)
        program = session.scalar(select(Program.id).where(Program.code == "browser_housing"))
        return {"client": client.id, "program": program}


def test_enrol_and_exit_on_the_client_file(admin, rosa):
    page = admin
    page.goto(f"/clients/{rosa['client']}")
    area = page.locator("#programs-area")
    expect(area.get_by_role("cell", name="Housing stability")).to_be_visible()
    area.get_by_label("Enrol in a program").select_option(label="Behavioral health")
    area.get_by_role("button", name="Enrol", exact=True).click()
    # htmx swaps the section in place: the new enrolment appears in it.
    expect(area.get_by_role("cell", name="Behavioral health")).to_be_visible()
    row = area.locator("tr", has_text="Behavioral health")
    row.locator("summary").click()
    row.get_by_label("Reason (required)").fill("Moved to a county program.")
    row.get_by_role("button", name="Exit the program").click()
    expect(area.get_by_role("cell", name="Moved to a county program.")).to_be_visible()
    expect(area.locator("tr", has_text="Behavioral health").get_by_role(
        "cell", name="Ended")).to_be_visible()


@pytest.mark.parametrize("path", ["/clients/{client}", "/agency/programs",
                                  "/reports?program={program}"])
def test_axe_finds_nothing_serious(admin, rosa, path):
    admin.goto(path.format(**rosa))
    if path == "/clients/{client}":
        expect(admin.locator("#section-progress svg[role=img]").first).to_be_visible()
    assert serious_violations(admin) == [], path
    shoot(admin, SHOTS[path])
