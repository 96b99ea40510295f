"""Filling forms in Chromium the way a person does: by their labels, with htmx doing its work."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from carebridge.forms.models import Submission
from carebridge.unit_of_work import unit_of_work
from tests.conftest import ROOT
from tests.renderer.browser.conftest import csp_violations, serious_violations
from tests.renderer.conftest import definitions_dir, sample_definitions

pytestmark = pytest.mark.browser

from playwright.sync_api import expect  # noqa: E402


def stored(live, submission_id: str) -> dict:
    with unit_of_work(live.app, live.agency_id) as session:
        return session.scalar(select(Submission).where(Submission.id == submission_id)).data


def submitted_id(page) -> str:
    page.wait_for_url(re.compile(r"/done/"))
    return page.url.rsplit("/", 1)[1]


def all_slugs() -> list[str]:
    from tests.renderer.browser.conftest import shipped_definitions

    shipped = [d["id"] for d in shipped_definitions(definitions_dir(Path("/tmp")))]
    return [d["id"] for d in sample_definitions()] + shipped


@pytest.mark.parametrize("slug", all_slugs())
def test_every_definition_has_no_serious_accessibility_violations(admin, live, slug):
    admin.goto(f"/forms/{slug}/fill")
    expect(admin.locator("#cb-form")).to_be_visible()
    assert serious_violations(admin) == []
    if os.environ.get("CAREBRIDGE_SCREENSHOTS") and slug in live.shipped:
        folder = ROOT / "docs" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        admin.screenshot(path=str(folder / f"{slug}.png"), full_page=True)


def test_error_summary_and_editor_are_accessible(admin):
    admin.goto("/forms/wizard-intake/fill")
    admin.get_by_role("button", name="Next").click()
    expect(admin.locator("#error-summary")).to_be_visible()
    assert serious_violations(admin) == []
    admin.goto("/forms/editor")
    expect(admin.locator("#preview")).to_be_visible()
    assert serious_violations(admin) == []
    admin.goto("/exports/wizard-intake.csv?since=nonsense")  # the bundled CSV export plugin
    expect(admin.get_by_role("alert")).to_contain_text("is not a date")
    assert serious_violations(admin) == []


def test_nested_objects_fill_and_submit(worker, live):
    worker.goto("/forms/intake-everything/fill")
    worker.get_by_label("Full name").fill("Ana Reyes")
    worker.get_by_label("Date of birth").fill("1980-02-29")
    address = worker.get_by_role("group", name="Home address")
    address.get_by_label("Street").fill("1 Main St")
    address.get_by_label("ZIP code").fill("94110")
    worker.get_by_label("Preferred language").select_option(label="Spanish")
    worker.get_by_role("button", name="Send intake").click()
    data = stored(live, submitted_id(worker))
    assert data["name"] == "Ana Reyes"
    assert data["address"] == {"street": "1 Main St", "zip": "94110"}
    assert data["language"] == "es"


def test_every_construct_is_filled_by_its_label_and_stored_as_json(worker, live):
    worker.goto("/forms/intake-everything/fill")
    expect(worker.get_by_label("Intake site")).to_have_value("Main office")  # default, read-only
    expect(worker.get_by_label("Intake site")).to_have_attribute("readonly", "")
    worker.get_by_label("Full name").fill("Ana Reyes")
    worker.get_by_label("Date of birth").fill("1980-02-29")
    worker.get_by_label("Preferred language").select_option(label="Spanish")
    worker.get_by_label("County").fill("San Mateo")  # 35 choices: a searchable list
    worker.get_by_label("Email", exact=True).fill("ana@example.org")
    text_ok = worker.get_by_role("group", name="May we text this number?")
    expect(text_ok).to_have_count(0)
    worker.get_by_label("Phone", exact=True).fill("650-555-0100")
    worker.get_by_label("Phone", exact=True).blur()
    text_ok.get_by_label("Yes").check()  # dependentSchemas: appears once there is a phone
    worker.get_by_label("First seen").fill("2024-07-01T14:30")
    worker.get_by_label("Best time to call").fill("08:15")
    worker.get_by_label("Website").fill("https://example.org/ana")
    worker.get_by_label("Monthly income").fill("1234.56")
    needs = worker.get_by_role("group", name="What do you need help with?")
    needs.get_by_label("Food").check()
    needs.get_by_label("Transport").check()
    worker.get_by_role("group", name="Have you served in the military?").get_by_label("No").check()
    worker.get_by_label("Anything else").fill("Needs a ride on Tuesdays")
    address = worker.get_by_role("group", name="Home address")
    address.get_by_label("Street").fill("1 Main St")
    address.get_by_label("ZIP code").fill("9411")
    worker.get_by_role("group", name="Do children live with you?").get_by_label("Yes").check()
    worker.get_by_label("How many children?").fill("2")
    worker.get_by_role("button", name="Add household member").click()
    worker.get_by_role("group", name="Household member 1").get_by_label("First name").fill("Kim")
    worker.get_by_role("button", name="Add household member").click()
    second = worker.get_by_role("group", name="Household member 2")
    second.get_by_label("First name").fill("Lee")
    second.get_by_label("partner").check()
    worker.get_by_role("button", name="Move up Household member 2").click()
    expect(worker.get_by_role("group", name="Household member 1").get_by_label("First name")
           ).to_have_value("Lee")
    contact = worker.get_by_role("group", name="How should we contact you?")
    contact.get_by_label("By email").check()
    contact.get_by_label("Contact email").fill("ana@example.org")
    location = worker.get_by_role("group", name="Location")
    location.get_by_label("Latitude").fill("37.77")
    location.get_by_label("Longitude").fill("-122.42")
    worker.get_by_label("Agency code").fill("SM-7")  # an unknown format: a text box
    worker.get_by_role("switch", name="I agree to be contacted").check()
    worker.get_by_role("button", name="Send intake").click()
    # The server's verdict: a summary linking to the field, every answer still in place.
    summary = worker.locator("#error-summary")
    expect(summary).to_contain_text("ZIP code")
    expect(worker.get_by_label("Full name")).to_have_value("Ana Reyes")
    expect(worker.get_by_role("group", name="Household member 2").get_by_label("First name")
           ).to_have_value("Kim")
    summary.get_by_role("link", name=re.compile("ZIP code")).click()
    expect(address.get_by_label("ZIP code")).to_be_focused()
    address.get_by_label("ZIP code").fill("94110")
    worker.get_by_role("button", name="Send intake").click()
    data = stored(live, submitted_id(worker))
    best_time = data.pop("best_time")
    assert re.fullmatch(r"08:15:00-0[78]:00", best_time)
    assert data == {
        "name": "Ana Reyes", "birth_date": "1980-02-29", "language": "es", "county": "San Mateo",
        "email": "ana@example.org", "phone": "650-555-0100", "text_ok": True,
        "first_seen": "2024-07-01T14:30:00-07:00", "website": "https://example.org/ana",
        "intake_site": "Main office", "monthly_income": 1234.56, "needs": ["Food", "Transport"],
        "veteran": False, "consent": True, "notes": "Needs a ride on Tuesdays",
        "address": {"street": "1 Main St", "zip": "94110"}, "has_children": True,
        "children_count": 2,
        "household": [{"first_name": "Lee", "relationship": "partner"}, {"first_name": "Kim"}],
        "contact": {"contact_email": "ana@example.org"}, "location": [37.77, -122.42],
        "form_version": "2024-1", "odd": "SM-7",
    }


def test_repeat_group_add_two_remove_one(worker, live):
    worker.goto("/forms/intake-everything/fill")
    worker.get_by_label("Full name").fill("Ana Reyes")
    worker.get_by_label("Date of birth").fill("1980-02-29")
    worker.get_by_role("button", name="Add household member").click()
    first = worker.get_by_role("group", name="Household member 1")
    first.get_by_label("First name").fill("Kim")
    worker.get_by_role("button", name="Add household member").click()
    second = worker.get_by_role("group", name="Household member 2")
    second.get_by_label("First name").fill("Lee")
    second.get_by_label("Age").fill("7")
    worker.get_by_role("button", name="Remove Household member 1").click()
    expect(worker.get_by_role("group", name="Household member 2")).to_have_count(0)
    expect(worker.get_by_role("group", name="Household member 1").get_by_label("First name")
           ).to_have_value("Lee")
    worker.get_by_role("button", name="Send intake").click()
    assert stored(live, submitted_id(worker))["household"] == [{"first_name": "Lee", "age": 7}]


def test_conditional_question_appears_and_disappears(worker):
    worker.goto("/forms/intake-everything/fill")
    children = worker.get_by_role("group", name="Do children live with you?")
    question = worker.get_by_label("How many children?")
    expect(question).to_have_count(0)
    children.get_by_label("Yes").check()
    expect(question).to_be_visible()
    question.fill("2")
    worker.get_by_role("group", name="Do children live with you?").get_by_label("No").check()
    expect(question).to_have_count(0)


def test_answers_typed_while_a_section_is_redrawn_are_kept(worker):
    worker.goto("/forms/intake-everything/fill")
    # Type into "Anything else" after the refresh went out and before its answer is swapped in.
    worker.evaluate("""() => document.body.addEventListener("htmx:beforeSwap", function once() {
        document.body.removeEventListener("htmx:beforeSwap", once);
        const notes = document.getElementById("f-notes");
        notes.value = "typed while waiting";
        notes.dispatchEvent(new Event("input", {bubbles: true}));
    })""")
    worker.get_by_role("group", name="Do children live with you?").get_by_label("Yes").check()
    expect(worker.get_by_label("How many children?")).to_be_visible()
    expect(worker.get_by_label("Anything else")).to_have_value("typed while waiting")


def test_one_of_branch_switch_keeps_shared_answers(worker, live):
    worker.goto("/forms/intake-everything/fill")
    worker.get_by_label("Full name").fill("Ana Reyes")
    worker.get_by_label("Date of birth").fill("1980-02-29")
    contact = worker.get_by_role("group", name="How should we contact you?")
    contact.get_by_label("By phone").check()
    contact.get_by_label("Contact note").fill("after 5pm")
    contact.get_by_label("By email").check()
    expect(worker.get_by_label("Contact email")).to_be_visible()
    expect(worker.get_by_label("Contact phone")).to_have_count(0)
    expect(worker.get_by_label("Contact note")).to_have_value("after 5pm")
    worker.get_by_label("Contact email").fill("ana@example.org")
    worker.get_by_role("button", name="Send intake").click()
    assert stored(live, submitted_id(worker))["contact"] == {
        "contact_email": "ana@example.org", "note": "after 5pm"}


def test_wizard_with_an_invalid_page(worker, live):
    worker.goto("/forms/wizard-intake/fill")
    expect(worker.get_by_text("Step 1 of 3")).to_be_visible()
    worker.get_by_role("button", name="Next").click()
    summary = worker.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=re.compile("Your name"))).to_be_visible()
    expect(worker.get_by_text("Step 1 of 3")).to_be_visible()
    worker.get_by_label("Your name").fill("Ana")
    worker.get_by_role("button", name="Next").click()
    expect(worker.get_by_text("Step 2 of 3")).to_be_visible()
    worker.get_by_label("ZIP code").fill("94110")
    worker.get_by_role("button", name="Next").click()
    worker.get_by_role("group", name="Is everything correct?").get_by_label("Yes").check()
    worker.get_by_role("button", name="Submit").click()
    assert stored(live, submitted_id(worker)) == {"name": "Ana", "zip": "94110", "agree": True}


def test_draft_is_resumed_after_a_reload(worker):
    worker.goto("/forms/intake-everything/fill")
    worker.get_by_label("Full name").fill("Ana Draft")
    worker.get_by_label("Anything else").fill("Needs a ride on Tuesdays")
    expect(worker.locator("#save-status")).to_contain_text("Saved", timeout=10_000)
    worker.wait_for_url(re.compile(r"draft="))
    worker.evaluate("localStorage.clear()")  # prove the server kept it, not the device
    worker.reload()
    expect(worker.get_by_label("Full name")).to_have_value("Ana Draft")
    expect(worker.get_by_label("Anything else")).to_have_value("Needs a ride on Tuesdays")


def test_kiosk_resets_after_submit_and_when_idle(admin, browser, live):
    admin.goto("/forms/wizard-intake/kiosk")
    admin.get_by_label("Clear after this many idle seconds").fill("30")
    admin.get_by_role("button", name="Create kiosk link").click()
    # The same address answers (after a redirect): its message says the new page is in, so the
    # first link below is the new one, not one already listed on the page before the click.
    expect(admin.get_by_text("Kiosk link created")).to_be_visible()
    link = admin.locator("a[href^='/kiosk/']").first.get_attribute("href")
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=live.url)
    kiosk = context.new_page()
    refused = csp_violations(kiosk)
    kiosk.clock.install()
    kiosk.goto(link)
    kiosk.get_by_role("link", name="English").click()  # the first screen asks the language
    kiosk.get_by_label("Your name").fill("First client")
    kiosk.clock.run_for("00:05")
    dialog = kiosk.get_by_role("alertdialog", name="Are you still there?")
    expect(dialog).to_be_visible()
    kiosk.clock.run_for("00:31")
    kiosk.wait_for_url(re.compile(re.escape(link) + "$"))  # the language screen, no ?lang= now
    kiosk.get_by_role("link", name="English").click()  # the next person chooses again
    expect(kiosk.get_by_label("Your name")).to_have_value("")
    kiosk.get_by_label("Your name").fill("Second client")
    kiosk.get_by_role("button", name="Next").click()
    kiosk.get_by_label("ZIP code").fill("94110")
    kiosk.get_by_role("button", name="Next").click()
    kiosk.get_by_role("group", name="Is everything correct?").get_by_label("Yes").check()
    kiosk.get_by_role("button", name="Submit").click()
    expect(kiosk.get_by_role("heading", name=re.compile("Thank you"))).to_be_visible()
    kiosk.get_by_role("link", name="Start over now").click()
    kiosk.get_by_role("link", name="English").click()
    expect(kiosk.get_by_label("Your name")).to_have_value("")
    kiosk.go_back()
    expect(kiosk.get_by_text("Second client")).to_have_count(0)
    context.close()
    assert refused == []


def test_a_kiosk_without_javascript_clears_when_idle(admin, browser, live):
    from carebridge.renderer.kiosk import KioskLink

    admin.goto("/forms/wizard-intake/kiosk")
    admin.get_by_label("Where the kiosk stands").fill("No-script tablet")
    admin.get_by_label("Clear after this many idle seconds").fill("30")
    admin.get_by_role("button", name="Create kiosk link").click()
    # The same address answers (after a redirect): its message says the new page is in, so the
    # first link below is the new one, not one already listed on the page before the click.
    expect(admin.get_by_text("Kiosk link created")).to_be_visible()
    link = admin.locator("a[href^='/kiosk/']").first.get_attribute("href")
    token = link.rsplit("/", 1)[1]
    with unit_of_work(live.app, live.agency_id) as session:  # 30 s is the least allowed
        # 6 s: long enough for a slow machine to type before the refresh, short for a test.
        session.scalar(select(KioskLink).where(KioskLink.token == token)).idle_seconds = 6
    context = browser.new_context(java_script_enabled=False, base_url=live.url)
    kiosk = context.new_page()
    kiosk.goto(link + "?lang=en")
    expect(kiosk.locator(".kiosk-clock")).to_contain_text("this screen clears 6 seconds after")
    expect(kiosk.locator(".kiosk-clock-bar")).to_be_visible()
    kiosk.get_by_label("Your name").fill("Client who walked away")
    # The refresh, with nothing sent (waiting for the address, not for a "load" event, which
    # the refresh may already have fired on a slow machine before the wait began).
    kiosk.wait_for_url(re.compile(re.escape(link) + "$"), timeout=20_000)
    expect(kiosk.get_by_role("link", name="English")).to_be_visible()  # back to the start
    assert kiosk.url.endswith(link)
    context.close()


def test_a_dropped_connection_is_reported_retried_and_loses_nothing(worker):
    worker.goto("/forms/intake-everything/fill")
    worker.context.set_offline(True)
    worker.get_by_label("Full name").fill("Ana Offline")
    expect(worker.locator("#connection")).to_contain_text("No connection", timeout=10_000)
    worker.context.set_offline(False)
    expect(worker.locator("#save-status")).to_contain_text("Saved", timeout=15_000)
    expect(worker.locator("#connection")).to_be_hidden()
    expect(worker.get_by_label("Full name")).to_have_value("Ana Offline")


def test_a_recursive_object_is_opened_level_by_level(worker, live):
    worker.goto("/forms/family-tree/fill")
    contact = worker.get_by_role("group", name="Emergency contact")
    contact.get_by_label("Name").first.fill("Ana")
    backups = worker.get_by_role("group", name="Backup contact")
    expect(backups).to_have_count(1)
    backups.first.get_by_label("Name").first.fill("Ben")
    worker.get_by_role("button", name="Add backup contact").click()
    expect(backups).to_have_count(2)
    backups.nth(1).get_by_label("Name").first.fill("Cy")
    expect(worker.get_by_role("button", name="Add backup contact")).to_have_count(1)
    worker.get_by_role("button", name="Submit").click()
    assert stored(live, submitted_id(worker))["contact"] == {
        "name": "Ana", "backup": {"name": "Ben", "backup": {"name": "Cy"}}}
