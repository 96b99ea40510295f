"""After Add the new row takes the keyboard when its own answer settles, whatever other answers
settle first, and never from someone who went on to another field while it was on its way."""

from __future__ import annotations

import pytest

from tests.renderer.browser.test_conditions_while_saving import SlowServer, data

pytestmark = pytest.mark.browser

from playwright.sync_api import expect  # noqa: E402

# The answers settled on the page, in order: an autosave as "save-status", a repeat group's
# button by its value ("add:household"). Registered before any request is held (the page
# cannot be asked while one is).
RECORD_SETTLED = """() => {
  window.cbSettled = [];
  document.addEventListener("htmx:afterSettle", (event) => {
    const elt = event.detail.requestConfig && event.detail.requestConfig.elt;
    window.cbSettled.push(elt ? (elt.value || elt.id) : event.target.id);
  });
}"""


def is_add(request) -> bool:
    return "_action=add%3Ahousehold" in data(request)


def settled(page, what: str) -> None:
    page.wait_for_function(f"() => window.cbSettled.includes({what!r})")


def first_member_name(page):
    return page.get_by_role("group", name="Household member 1", exact=True).get_by_label("Name")


def test_the_new_row_takes_the_keyboard_when_an_autosave_settles_before_it(worker):
    worker.goto("/forms/repeat-rows/fill")
    worker.evaluate(RECORD_SETTLED)
    server = SlowServer(worker, is_add)
    worker.get_by_label("Contact 1").fill("Mom")  # its autosave follows
    with worker.expect_request(is_add):
        worker.get_by_role("button", name="Add household member").click()  # held
    settled(worker, "save-status")  # the autosave answered first
    server.answer()
    expect(first_member_name(worker)).to_be_focused()


def test_a_field_chosen_while_the_add_was_on_its_way_keeps_the_keyboard(worker):
    worker.goto("/forms/repeat-rows/fill")
    worker.evaluate(RECORD_SETTLED)
    server = SlowServer(worker, is_add)
    with worker.expect_request(is_add):
        worker.get_by_role("button", name="Add household member").click()  # held
    contact = worker.get_by_label("Contact 1")
    contact.click()
    worker.keyboard.type("Mo")
    server.answer()
    settled(worker, "add:household")
    worker.keyboard.type("m")
    expect(contact).to_be_focused()
    expect(contact).to_have_value("Mom")
    expect(first_member_name(worker)).to_have_value("")
