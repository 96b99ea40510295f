"""Send, Next and Back take turns with the parts a press draws again (a repeat group's
buttons, a branch, an opened part): the form goes as the person left it, and a press made while
a refused send is on its way is made again on the page it draws."""

from __future__ import annotations

import pytest

from tests.renderer.browser.test_conditions_while_saving import data
from tests.renderer.browser.test_forms_in_browser import stored, submitted_id
from tests.renderer.browser.test_row_actions_and_refreshes import HeldServer, member

pytestmark = pytest.mark.browser

from playwright.sync_api import expect  # noqa: E402


def is_remove(request) -> bool:
    return "_action=remove%3A" in data(request)


def is_add(request) -> bool:
    return "_action=add%3Ahousehold" in data(request)


def is_submit(request) -> bool:
    return "_action=submit" in data(request)


def two_members(page) -> None:
    page.goto("/forms/repeat-rows/fill")
    page.get_by_label("Contact 1").fill("Mom")
    add = page.get_by_role("button", name="Add household member")
    for n, name in ((1, "Ana"), (2, "Ben")):
        add.click()
        member(page, n).get_by_label("Name").fill(name)


def test_send_pressed_while_a_remove_is_on_its_way_sends_without_the_row(worker, live):
    two_members(worker)
    server = HeldServer(worker, remove=is_remove)
    with worker.expect_request(is_remove):
        worker.get_by_role("button", name="Remove Household member 2").click()  # held
    worker.get_by_role("button", name="Submit").click()
    server.release("remove")
    assert [m["name"] for m in stored(live, submitted_id(worker))["household"]] == ["Ana"]


def test_add_pressed_while_a_refused_send_is_on_its_way_adds_on_the_page_it_draws(worker):
    worker.goto("/forms/repeat-rows/fill")
    add = worker.get_by_role("button", name="Add household member")
    add.click()
    expect(member(worker, 1)).to_be_visible()  # without the name it needs
    server = HeldServer(worker, submit=is_submit)
    with worker.expect_request(is_submit):
        worker.get_by_role("button", name="Submit").click()  # refused: held
    add.click()
    server.release("submit")
    expect(worker.locator("#error-summary")).to_be_visible()
    expect(member(worker, 2)).to_be_visible()
    expect(worker.locator("#n-household")).to_have_text("2 entries")
