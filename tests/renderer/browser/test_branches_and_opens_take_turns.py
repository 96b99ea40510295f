"""Picking a branch (oneOf/anyOf) and opening a part that refers back to itself take turns with
the refresh of the conditions around them: neither aborts the other, whichever is pressed
first, and the page and the stored draft end as the person asked."""

from __future__ import annotations

import pytest

from carebridge.forms import service
from carebridge.tenancy import set_tenant
from carebridge.unit_of_work import unit_of_work
from tests.renderer.browser.test_autosave_queue import stored_draft
from tests.renderer.browser.test_conditions_while_saving import (
    RECORD_DECISIONS,
    data,
    decided,
    is_refresh,
)
from tests.renderer.browser.test_row_actions_and_refreshes import HeldServer, give_phone

pytestmark = pytest.mark.browser

from playwright.sync_api import expect  # noqa: E402

# A form whose conditions (the phone's) are around a part that opens level by level.
BACKUPS = {
    "id": "backup-contacts", "title": "Backup contacts", "kind": "intake",
    "schema": {
        "type": "object",
        "$defs": {"contact": {"type": "object", "title": "Contact", "properties": {
            "name": {"type": "string", "title": "Name"},
            "backup": {"$ref": "#/$defs/contact", "title": "Backup contact"}}}},
        "properties": {
            "phone": {"type": "string", "title": "Phone"},
            "contact": {"$ref": "#/$defs/contact", "title": "Emergency contact"},
        },
        "dependentSchemas": {"phone": {"properties": {
            "text_ok": {"type": "boolean", "title": "May we text this number?"}}}},
    },
}


@pytest.fixture(scope="module")
def backups_form(live):
    with unit_of_work(live.app, live.agency_id) as session, live.app.app_context():
        set_tenant(session, live.agency_id)
        service.publish(session, BACKUPS, user_id=None)
    return "/forms/backup-contacts/fill"


def is_branch(request) -> bool:
    return "_action=branch%3A" in data(request)


def is_open(request) -> bool:
    return "_action=open%3A" in data(request)


def saved_draft(page, live) -> dict:
    expect(page.locator("#save-status")).to_contain_text("Saved just now")
    return stored_draft(live, page.locator("#draft-id").input_value())


def contact_by(page, how: str):
    return page.get_by_role("group", name="How should we contact you?").get_by_label(how)


def text_ok(page):
    return page.get_by_role("group", name="May we text this number?")


def expect_branch_and_text_ok(page, live, how="By email", question="Contact email",
                              key="contact_email") -> None:
    expect(text_ok(page)).to_be_visible()
    expect(contact_by(page, how)).to_be_checked()
    answer = page.get_by_label(question)
    expect(answer).to_be_visible()
    with page.expect_response(lambda r: "_action=autosave" in data(r.request)
                              and "ana-contact" in data(r.request)):
        answer.fill("ana-contact")
    draft = saved_draft(page, live)
    assert draft["phone"] == "650-555-0100"
    assert draft["contact"][key] == "ana-contact"


@pytest.mark.parametrize("first", ["refresh", "branch"])
def test_a_branch_picked_while_the_refresh_is_on_its_way(worker, live, first):
    worker.goto("/forms/intake-everything/fill")
    server = HeldServer(worker, refresh=is_refresh, branch=is_branch)
    with worker.expect_request(is_refresh):
        give_phone(worker)  # the questions' refresh goes, and hangs
    contact_by(worker, "By email").check()
    server.release(first)
    server.release("branch" if first == "refresh" else "refresh")
    expect_branch_and_text_ok(worker, live)


def test_a_refresh_while_the_branch_is_on_its_way(worker, live):
    worker.goto("/forms/intake-everything/fill")
    worker.evaluate(RECORD_DECISIONS)
    server = HeldServer(worker, branch=is_branch)
    with worker.expect_request(is_branch):
        contact_by(worker, "By email").check()  # held
    give_phone(worker)
    decided(worker, 1, of="g-root")  # the refresh is asked for while the branch hangs
    server.release("branch")
    expect_branch_and_text_ok(worker, live)


def test_two_branches_picked_in_turn_end_on_the_second(worker, live):
    worker.goto("/forms/intake-everything/fill")
    server = HeldServer(worker, branch=is_branch)
    with worker.expect_request(is_branch):
        contact_by(worker, "By email").check()  # held
    with worker.expect_request(is_branch):
        contact_by(worker, "By phone").check()  # goes too: the newer pick is the one asked
    give_phone(worker)
    server.release("branch")
    expect_branch_and_text_ok(worker, live, "By phone", "Contact phone", "contact_phone")


def backup(page, n: int):
    return page.get_by_role("group", name="Backup contact").nth(n - 1)


def expect_opened_and_text_ok(page, live) -> None:
    expect(text_ok(page)).to_be_visible()
    expect(backup(page, 2)).to_be_visible()
    name = backup(page, 2).get_by_label("Name").first
    with page.expect_response(lambda r: "_action=autosave" in data(r.request)
                              and "Cy" in data(r.request)):
        name.fill("Cy")
    draft = saved_draft(page, live)
    assert draft["phone"] == "650-555-0100"
    assert draft["contact"]["backup"]["backup"] == {"name": "Cy"}


@pytest.mark.parametrize("first", ["refresh", "open"])
def test_open_pressed_while_the_refresh_is_on_its_way(worker, live, backups_form, first):
    worker.goto(backups_form)
    server = HeldServer(worker, refresh=is_refresh, open=is_open)
    with worker.expect_request(is_refresh):
        give_phone(worker)  # the questions' refresh goes, and hangs
    worker.get_by_role("button", name="Add backup contact").click()
    server.release(first)
    server.release("open" if first == "refresh" else "refresh")
    expect_opened_and_text_ok(worker, live)


def test_a_refresh_while_open_is_on_its_way(worker, live, backups_form):
    worker.goto(backups_form)
    worker.evaluate(RECORD_DECISIONS)
    server = HeldServer(worker, open=is_open)
    with worker.expect_request(is_open):
        worker.get_by_role("button", name="Add backup contact").click()  # held
    give_phone(worker)
    decided(worker, 1, of="g-root")
    server.release("open")
    expect_opened_and_text_ok(worker, live)


def test_the_opened_part_takes_the_keyboard(worker, backups_form):
    worker.goto(backups_form)
    worker.get_by_role("button", name="Add backup contact").focus()
    worker.keyboard.press("Enter")
    expect(backup(worker, 2).get_by_label("Name").first).to_be_focused()


def test_a_field_chosen_while_open_was_on_its_way_keeps_the_keyboard(worker, backups_form):
    worker.goto(backups_form)
    server = HeldServer(worker, open=is_open)
    with worker.expect_request(is_open):
        worker.get_by_role("button", name="Add backup contact").click()  # held
    phone = worker.get_by_label("Phone", exact=True)
    phone.click()
    server.release("open")
    expect(backup(worker, 2)).to_be_visible()
    worker.keyboard.type("650")
    expect(phone).to_be_focused()
    expect(phone).to_have_value("650")
