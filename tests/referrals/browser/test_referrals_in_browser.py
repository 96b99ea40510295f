"""A care manager in a browser: the client file's matches, a referral refused without consent
(with the link to the consent form), then made with consent, and completed with help; every
new page axe-clean. (The whole loop from intake is test_closed_loop_in_browser.py.)"""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from carebridge.clients.models import Client, ClientNeed
from carebridge.directory import index
from carebridge.forms import service as forms
from carebridge.referrals.matches import forget_matcher
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work
from tests.referrals.conftest import build_directory
from tests.renderer.browser.conftest import serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def maria(live):
    with unit_of_work(live.app, ALL_AGENCIES) as session:
        build_directory(session)
        index.rebuild(live.app, session)
    forget_matcher(live.app)  # as the directory_changed hook does after a change
    with unit_of_work(live.app, live.agency_id) as session:
        client = Client(given_name="María", family_name="Browser", birth_date=date(1980, 1, 2),
                        preferred_language="es", postal_code="94063")
        session.add(client)
        session.flush()
        session.add(ClientNeed(client_id=client.id, code="food", label="Food insecurity"))
        return client.id


def consent_for(live, client_id):
    with unit_of_work(live.app, live.agency_id) as session, live.app.test_request_context():
        version = forms.get_version(session, "consent")
        submission = forms.submit(session, version, {
            "client_name": "María Browser", "consent_to_services": True,
            "share_information": "no", "signed_by": "client",
            "signature_name": "María Browser", "signed_on": date.today().isoformat(),
            "agreement": True}, user_id=None, client_id=client_id)
        assert submission.client_id == client_id


def clean(page):
    assert serious_violations(page) == [], page.url


def test_a_match_becomes_a_referral_once_consent_is_on_file_and_is_completed(admin, live,
                                                                            maria):
    page = admin
    page.goto(f"/clients/{maria}")
    matches = page.locator("#section-matches")
    assert "Saturday Food Pantry" in matches.inner_text()
    assert "speaks Spanish" in matches.inner_text()
    clean(page)
    matches.get_by_role("link", name="Refer to Saturday Food Pantry").click()
    page.wait_for_url(re.compile(r"/referrals/new\?"))  # the referral form, not the file
    assert page.get_by_label("Food insecurity").is_checked()
    clean(page)
    page.get_by_role("button", name="Send referral").click()
    page.wait_for_url(re.compile(r"/referrals/new$"))  # the form's answer (no query string)
    assert "no signed consent" in page.locator("[role=alert]").inner_text()
    assert page.get_by_role("link", name="Fill the consent form for María Browser").count() == 1
    clean(page)

    consent_for(live, maria)
    page.goto(f"/clients/{maria}/referrals/new?service_id=pantry&need=food")
    page.get_by_label("Note for the service").fill("Needs groceries before Saturday")
    page.get_by_role("button", name="Send referral").click()
    # The referral's page ("**/referrals/*" matched the form's own address, new?service_id=…).
    page.wait_for_url(re.compile(r"/referrals/(?!new$)[^/?]+$"))
    assert "Saturday Food Pantry" in page.locator("h1").inner_text()
    clean(page)

    # The status form answers with a fragment (htmx) and the page keeps working.
    page.get_by_label("completed").check()
    page.get_by_label("got help").check()
    page.get_by_label("Note", exact=True).fill("Got a food box")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#referral-status strong")).to_contain_text("completed")
    expect(page.locator("#referral-status")).to_contain_text("Got a food box")
    clean(page)

    page.get_by_role("link", name="Print the letter for the client").click()
    page.wait_for_url(re.compile(r"/letter$"))  # page.inner_text("main") read the old page
    assert "Proof of address" in page.inner_text("main")
    clean(page)

    page.goto(f"/clients/{maria}")
    assert "completed" in page.locator("#section-referrals").inner_text()
    assert "Referral to Saturday Food Pantry: completed" in page.inner_text("#section-timeline")


@pytest.mark.parametrize("path", ["/referrals/overdue", "/referrals/inbox",
                                  "/agency/partner-organizations?q=Harvest"])
def test_the_lists_and_the_admin_page_are_accessible(admin, maria, path):
    admin.goto(path)
    assert admin.locator("h1").count() == 1
    clean(admin)


def test_the_matches_page_narrows_to_a_radius_and_is_accessible(admin, live, maria):
    with unit_of_work(live.app, live.agency_id) as session:
        lucia = Client(given_name="Lucía", family_name="Browser", postal_code="94063")
        session.add(lucia)
        session.flush()
        session.add(ClientNeed(client_id=lucia.id, code="food", label="Food insecurity"))
        lucia_id = lucia.id
    admin.goto(f"/clients/{lucia_id}/matches")
    expect(admin.locator("#matches")).to_contain_text("Saturday Food Pantry")
    clean(admin)
    admin.get_by_label("Within").select_option("5")
    admin.get_by_role("button", name="Show").click()
    # htmx pushes the address just before it swaps the answer in: once it is there, the matches
    # read below are the narrowed ones, not the list from before the click.
    expect(admin).to_have_url(re.compile(r"radius_km=5"))
    expect(admin.locator("#matches")).not_to_contain_text("Community Hot Meals")
    expect(admin.locator("#matches")).to_contain_text("Saturday Food Pantry")
