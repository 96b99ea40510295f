"""The client pages in a browser: new client, the file with a flagged PHQ-9, a need added in
place with htmx, the attention list acknowledged — each page free of serious axe findings."""

from __future__ import annotations

import re

import pytest

from carebridge.forms import service
from carebridge.unit_of_work import unit_of_work
from tests.renderer.browser.conftest import serious_violations

pytestmark = pytest.mark.browser

from playwright.sync_api import expect  # noqa: E402

PHQ = {"phq_1": 2, "phq_2": 2, "phq_3": 2, "phq_4": 2, "phq_5": 2, "phq_6": 2, "phq_7": 1,
       "phq_8": 1, "phq_9": 1}


def test_a_client_from_creation_to_an_acknowledged_flag(admin, live):
    admin.goto("/clients/new")
    assert serious_violations(admin) == []
    admin.get_by_label("Given name (required)").fill("Ines")
    admin.get_by_label("Family name").fill("Moreno")
    admin.get_by_label("Date of birth").fill("1979-09-14")
    admin.get_by_label("ZIP code").fill("94063")
    admin.get_by_role("button", name="Create client").click()
    # The new client's file ("**/clients/*" matched /clients/new, the page still showing).
    admin.wait_for_url(re.compile(r"/clients/[0-9a-f]{32}$"))
    client_id = admin.url.rsplit("/", 1)[1]
    with unit_of_work(live.app, live.agency_id) as session:
        version = service.get_version(session, "phq-9")
        service.submit(session, version, PHQ, user_id=None, client_id=client_id)
    admin.goto(f"/clients/{client_id}")
    assert admin.get_by_role("heading", name="Open flags").is_visible()
    assert "Moderately severe depression" in admin.content()
    assert serious_violations(admin) == []

    admin.get_by_label("Add a need").select_option("food")
    admin.get_by_role("button", name="Add need").click()
    # The PHQ-9's need may have drawn the table already: wait for the new row's swap.
    expect(admin.locator("#needs-area table")).to_contain_text("Food")
    assert "Food" in admin.locator("#needs-area").inner_text()
    assert admin.url.endswith(client_id)  # htmx swapped the section in place

    admin.goto("/clients/attention")
    assert "Ines Moreno" in admin.content()
    assert serious_violations(admin) == []
    admin.get_by_label("What was done (required)").fill("Called her; safety plan agreed.")
    admin.get_by_role("button", name="Acknowledge").click()
    # The same address after the redirect: wait for the list without the flag.
    expect(admin.get_by_text("Nothing needs attention right now.")).to_be_visible()
    assert "Nothing needs attention right now." in admin.content()

    admin.goto("/clients/?q=moreno")
    assert "Ines Moreno" in admin.content()
    assert serious_violations(admin) == []


def test_an_intake_filled_in_the_browser_creates_the_client_with_the_needs_asked_for(admin):
    admin.goto("/forms/adult-intake/fill")
    admin.get_by_label("First name").fill("Beatriz")
    admin.get_by_label("Last name").fill("Quintero")
    admin.get_by_label("Date of birth").first.fill("1966-12-01")
    admin.get_by_label("Preferred language").first.fill("es")  # a datalist of codes
    for step in (2, 3, 4):  # about you → contact → household → income
        admin.get_by_role("button", name="Next").click()
        admin.get_by_text(f"Step {step} of 5").wait_for()
    admin.get_by_role("group", name=re.compile("Do you have any income")).get_by_label(
        "No", exact=True).check()
    admin.get_by_role("button", name="Next").click()
    admin.get_by_text("Step 5 of 5").wait_for()
    admin.get_by_role("group", name=re.compile("What would you like help with")).get_by_label(
        "Food", exact=True).check()
    admin.get_by_role("button", name="Finish intake").click()
    admin.wait_for_url(re.compile("/done/"))
    admin.goto("/clients/?q=quintero")
    admin.get_by_role("link", name="Beatriz Quintero").click()
    admin.wait_for_url(re.compile(r"/clients/[0-9a-f]{32}$"))  # her file, not the list
    area = admin.locator("#needs-area").inner_text()
    assert "Food" in area and "Identified" in area
    assert "Spanish" in admin.locator("#client-header").inner_text()
