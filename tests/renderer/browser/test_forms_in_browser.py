"""Filling forms in Chromium the way a person does: by their labels, with htmx doing its work."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from carebridge.db import database
from carebridge.forms.models import Submission
from tests.conftest import ROOT
from tests.renderer.browser.conftest import serious_violations
from tests.renderer.conftest import definitions_dir, sample_definitions

pytestmark = pytest.mark.browser

from playwright.sync_api import expect  # noqa: E402


def stored(live, submission_id: str) -> dict:
    with database(live.app).session(live.agency_id) as session:
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
    link = admin.locator("a[href^='/kiosk/']").first.get_attribute("href")
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=live.url)
    kiosk = context.new_page()
    kiosk.clock.install()
    kiosk.goto(link)
    kiosk.get_by_label("Your name").fill("First client")
    kiosk.clock.run_for("00:05")
    dialog = kiosk.get_by_role("alertdialog", name="Are you still there?")
    expect(dialog).to_be_visible()
    kiosk.clock.run_for("00:31")
    kiosk.wait_for_load_state()
    expect(kiosk.get_by_label("Your name")).to_have_value("")
    kiosk.get_by_label("Your name").fill("Second client")
    kiosk.get_by_role("button", name="Next").click()
    kiosk.get_by_label("ZIP code").fill("94110")
    kiosk.get_by_role("button", name="Next").click()
    kiosk.get_by_role("group", name="Is everything correct?").get_by_label("Yes").check()
    kiosk.get_by_role("button", name="Submit").click()
    expect(kiosk.get_by_role("heading", name=re.compile("Thank you"))).to_be_visible()
    kiosk.get_by_role("link", name="Start over now").click()
    expect(kiosk.get_by_label("Your name")).to_have_value("")
    kiosk.go_back()
    expect(kiosk.get_by_text("Second client")).to_have_count(0)
    context.close()


def test_a_kiosk_without_javascript_clears_when_idle(admin, browser, live):
    from carebridge.renderer.kiosk import KioskLink

    admin.goto("/forms/wizard-intake/kiosk")
    admin.get_by_label("Where the kiosk stands").fill("No-script tablet")
    admin.get_by_label("Clear after this many idle seconds").fill("30")
    admin.get_by_role("button", name="Create kiosk link").click()
    link = admin.locator("a[href^='/kiosk/']").first.get_attribute("href")
    token = link.rsplit("/", 1)[1]
    with database(live.app).session(live.agency_id) as session:  # 30 s is the least allowed
        session.scalar(select(KioskLink).where(KioskLink.token == token)).idle_seconds = 3
    context = browser.new_context(java_script_enabled=False, base_url=live.url)
    kiosk = context.new_page()
    kiosk.goto(link)
    expect(kiosk.locator(".kiosk-clock")).to_contain_text("this screen clears 3 seconds after")
    expect(kiosk.locator(".kiosk-clock-bar")).to_be_visible()
    kiosk.get_by_label("Your name").fill("Client who walked away")
    kiosk.wait_for_event("load", timeout=10_000)  # the refresh, with nothing sent
    expect(kiosk.get_by_label("Your name")).to_have_value("")
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
