"""The closed loop in a browser, as the issue tells it: a client from the adult intake, a
PHQ-9 with the self-harm flag, the attention list, a match for the need it raised, a consent,
a referral and its completion — the need met at the end."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from carebridge.config import PROJECT_ROOT
from carebridge.directory import index
from carebridge.referrals.matches import forget_matcher
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work
from resource_directory.models import (
    Address,
    Language,
    Location,
    Organization,
    Phone,
    Service,
    ServiceAtLocation,
)
from tests.renderer.browser.conftest import serious_violations

pytestmark = pytest.mark.browser
INSTRUMENTS = PROJECT_ROOT / "form_definitions" / "instruments"
PHQ9 = json.loads((INSTRUMENTS / "phq-9.json").read_text())
CONSENT = json.loads((INSTRUMENTS / "consent.json").read_text())


@pytest.fixture(scope="module")
def counseling(live):
    """A Spanish-speaking counseling service near the client."""
    rows = [
        Organization(id="org-loop", source="loop", source_id="org", name="Peninsula Care"),
        Service(id="loop-counseling", source="loop", source_id="svc",
                organization_id="org-loop", name="Peninsula Counseling Center",
                status="active", description="Counseling and mental health support for "
                "adults, with a crisis line."),
        Location(id="loc-loop", source="loop", source_id="loc", organization_id="org-loop",
                 name="Peninsula Counseling Center"),
        ServiceAtLocation(id="sal-loop", source="loop", source_id="sal",
                          service_id="loop-counseling", location_id="loc-loop"),
        Address(id="addr-loop", source="loop", source_id="addr", location_id="loc-loop",
                address_1="2 Oak Ave", city="San Mateo", state_province="CA",
                postal_code="94401", country="US"),
        Phone(id="phone-loop", source="loop", source_id="phone", service_id="loop-counseling",
              number="650 555-0177"),
        Language(id="lang-loop", source="loop", source_id="lang", service_id="loop-counseling",
                 name="Spanish"),
    ]
    with unit_of_work(live.app, ALL_AGENCIES) as session:
        for row in rows:
            session.add(row)
            session.flush()
        index.rebuild(live.app, session)
    forget_matcher(live.app)  # as the directory_changed hook does after a change
    return live


def clean(page):
    assert serious_violations(page) == [], page.url


def next_page(page, step):
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text(f"Step {step} of")).to_be_visible()


def submit(page):
    """Send the form (its button speaks the form's language) and wait for the page after."""
    page.locator('.actions button[name="_action"][value="submit"]').click()
    page.wait_for_url(lambda url: "/fill" not in url)


def test_from_intake_to_a_completed_referral(admin, counseling):
    page = admin
    # Intake: the shipped adult intake creates the client.
    page.goto("/forms/adult-intake/fill")
    page.get_by_label("First name").fill("Rosa")
    page.get_by_label("Last name").fill("Loopwright")
    page.get_by_label("Date of birth").fill("1979-04-03")
    # The searchable list offers "Spanish" and sends its code.
    page.get_by_label("Preferred language").fill("es")
    next_page(page, 2)
    address = page.get_by_role("group", name="Home address")
    address.get_by_label("Street address").fill("5 Elm St")
    address.get_by_label("City").fill("San Mateo")
    address.get_by_label("State").fill("CA")
    address.get_by_label("ZIP code").fill("94401")
    next_page(page, 3)
    next_page(page, 4)  # household: she lives alone
    page.get_by_role("group", name=re.compile("Do you have any income")).get_by_label("No").check()
    next_page(page, 5)
    submit(page)

    page.goto("/clients/?q=Loopwright")
    page.get_by_role("link", name=re.compile("Rosa Loopwright")).first.click()
    page.wait_for_url(re.compile(r"/clients/[0-9a-f]{32}$"))  # page.url read the list's before
    client_url = page.url
    client_id = client_url.rstrip("/").rsplit("/", 1)[1]

    # A PHQ-9 for her (in Spanish, her language), item 9 "Several days": the self-harm flag.
    page.goto(f"/clients/{client_id}/forms/phq-9/fill")
    spanish = PHQ9["translations"]["es"]
    several, none = (spanish[f"/schema/$defs/frequency/oneOf/{n}/title"] for n in (1, 0))
    for number in range(1, 10):
        title = spanish[f"/schema/properties/phq_{number}/title"]
        answer = several if number in (1, 2, 9) else none
        group = page.get_by_role("group", name=re.compile(re.escape(title)))
        group.get_by_label(answer, exact=True).check()
    submit(page)

    # The attention list shows her until someone records what was done.
    page.goto("/clients/attention")
    card = page.locator(".flag-card", has_text="Rosa Loopwright")
    expect(card).to_have_count(1)
    clean(page)
    card.get_by_label("What was done (required)").fill("Called her; safety plan made")
    card.get_by_role("button", name=re.compile("Acknowledge")).click()
    # The list again, after the redirect (its message says so): a count of 0 alone could be
    # met by the page between the two.
    expect(page.get_by_text("Acknowledged.", exact=True)).to_be_visible()
    expect(page.locator(".flag-card", has_text="Rosa Loopwright")).to_have_count(0)

    # Her file: the mental-health need raised by the PHQ-9, and a match for it.
    page.goto(client_url)
    matches = page.locator("#section-matches")
    expect(matches).to_contain_text("Peninsula Counseling Center")
    expect(matches).to_contain_text("speaks Spanish")
    clean(page)
    matches.get_by_role("link", name="Refer to Peninsula Counseling Center").click()
    page.wait_for_url(re.compile(r"/referrals/new\?"))
    page.get_by_role("button", name="Send referral").click()
    page.wait_for_url(re.compile(r"/referrals/new$"))  # the form's answer (no query string)
    expect(page.get_by_role("alert")).to_contain_text("no signed consent")

    # The consent, filled for her from the link the refusal gives.
    page.get_by_role("link", name=re.compile("Fill the consent form")).first.click()
    page.wait_for_url(re.compile(r"/forms/[^/]+/fill"))  # the consent form, not the referral
    said = CONSENT["translations"]["es"]  # her language again

    def text(pointer):
        return said[f"/schema/properties/{pointer}"]

    page.get_by_label(text("client_name/title")).fill("Rosa Loopwright")
    page.get_by_label(text("consent_to_services/title")).check()
    page.get_by_role("group", name=re.compile(re.escape(text("share_information/title")))) \
        .get_by_label(text("share_information/oneOf/1/title")).check()
    page.get_by_role("group", name=re.compile(text("signed_by/title"))) \
        .get_by_label(text("signed_by/oneOf/0/title"), exact=True).check()
    page.get_by_label(text("signature_name/title")).fill("Rosa Loopwright")
    page.locator("#f-signed_on").fill("2026-11-30")  # "Fecha": a word many labels hold
    page.get_by_label(text("agreement/title")).check()
    # She shares nothing with partners, so no recipient is asked (the list starts empty).
    expect(page.get_by_label(
        said["/schema/properties/recipients/items/properties/organisation/title"])).to_have_count(0)
    submit(page)

    # Now the referral goes.
    page.goto(f"/clients/{client_id}/referrals/new?service_id=loop-counseling"
              "&need=mental_health")
    page.get_by_label("Note for the service").fill("Spanish-speaking counselor, please")
    page.get_by_role("button", name="Send referral").click()
    # The referral's page ("**/referrals/*" matched the form's own address, new?service_id=…).
    page.wait_for_url(re.compile(r"/referrals/(?!new$)[^/?]+$"))
    expect(page.locator("h1")).to_contain_text("Peninsula Counseling Center")
    clean(page)

    # Completed: she got help, and the need is met.
    page.get_by_label("completed").check()
    page.get_by_label("got help").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#referral-status strong")).to_contain_text("completed")
    page.goto(client_url)
    expect(page.locator("#section-timeline")).to_contain_text(
        "Referral to Peninsula Counseling Center: completed")
    expect(page.locator("#section-referrals")).to_contain_text("got help")
