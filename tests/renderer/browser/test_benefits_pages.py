"""The benefits pages in a browser: a care manager screens a client from the intake in a few
clicks and reads the results (the working state too); an admin tries a rule on a test household.
axe finds nothing serious on any of them, at desktop and phone widths."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from carebridge.benefits import catalog
from carebridge.clients.models import Client
from carebridge.tenancy import set_tenant
from carebridge.unit_of_work import unit_of_work
from tests.renderer.browser.conftest import serious_violations

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def screened_client(live):
    with unit_of_work(live.app, live.agency_id) as session, live.app.app_context():
        set_tenant(session, live.agency_id)
        client = Client(given_name="Rosa", family_name="Diaz", state="CA", postal_code="94401")
        session.add(client)
        if not catalog.list_programs(session):
            catalog.save_program(session, {
                "id": "food-pantry", "name": "Food bank weekly groceries",
                "rule": {"properties": {"income_percent_of_poverty": {"maximum": 300}}},
                "value": {"amount": 160, "period": "month"}}, user_id=None)
        session.flush()
        return client.id


def no_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [None, PHONE])
def test_a_care_manager_screens_a_client_in_a_few_clicks(admin, screened_client, viewport):
    if viewport:
        admin.set_viewport_size(viewport)
    admin.goto(f"/clients/{screened_client}/benefits/new")
    assert serious_violations(admin) == []
    if viewport:
        assert no_overflow(admin)
    admin.get_by_label("Age").first.fill("34")
    admin.locator("input[name=m0_income][value=some]").check()
    admin.get_by_label("Wages ($)").first.fill("1200")
    admin.get_by_label("Rent or mortgage ($)").fill("1400")
    admin.get_by_role("button", name="Screen for benefits").click()
    # The screening's own page (the redirect after the form), not the form still showing.
    admin.wait_for_url(re.compile(r"/benefits/(?!new$)[^/?]+$"))
    expect(admin.get_by_role("heading", name="Benefits screening for Rosa Diaz")).to_be_visible()
    expect(admin.get_by_text("This is a screening, not a determination")).to_be_visible()
    # (Results an engine is still working on come in by htmx polling.)
    expect(admin.get_by_text("Food bank weekly groceries").first).to_be_visible()
    assert serious_violations(admin) == []
    if viewport:
        assert no_overflow(admin)
    admin.goto(f"/clients/{screened_client}")
    assert admin.get_by_role("heading", name="Benefits").is_visible()
    assert serious_violations(admin) == []


@pytest.mark.browser
def test_the_programs_page_previews_a_rule(admin):
    admin.goto("/benefits/programs/new")
    admin.get_by_label("Id", exact=True).fill("seniors")
    admin.get_by_label("Name", exact=True).fill("Senior lunch")
    admin.get_by_role("button", name="Try it on the test household").click()
    admin.get_by_role("heading", name="On the test household").wait_for()  # htmx swaps it in
    assert admin.url.endswith("/benefits/programs/new")
    assert serious_violations(admin) == []
    admin.goto("/benefits/programs/")
    assert serious_violations(admin) == []
    admin.goto("/benefits/programs/snap/where-to-apply")
    assert serious_violations(admin) == []
