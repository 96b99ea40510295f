"""The messages a refused send showed stay beside the answers still wrong when a condition
redraws the questions around them, and go with the questions a condition hides."""

from __future__ import annotations

import pytest

from carebridge.renderer.state import field_id
from tests.renderer.browser.test_conditions_while_saving import is_refresh

pytestmark = pytest.mark.browser

from playwright.sync_api import expect  # noqa: E402


def slot(page, name: str):
    return page.locator("#e-" + field_id(name))


def test_a_refresh_keeps_the_messages_of_answers_still_wrong(worker):
    worker.goto("/forms/intake-everything/fill")
    children = worker.get_by_role("group", name="Do children live with you?")
    with worker.expect_response(lambda r: is_refresh(r.request)):
        children.get_by_label("Yes").check()
    worker.get_by_role("button", name="Send intake").click()
    expect(slot(worker, "birth_date")).to_contain_text("required")
    expect(slot(worker, "children_count")).not_to_be_empty()
    with worker.expect_response(lambda r: is_refresh(r.request)):
        worker.get_by_label("Phone", exact=True).fill("650-555-0100")
        worker.get_by_label("Phone", exact=True).blur()  # the questions are redrawn
    expect(worker.get_by_role("group", name="May we text this number?")).to_be_visible()
    expect(slot(worker, "birth_date")).to_contain_text("required")
    expect(slot(worker, "name")).to_contain_text("required")
    expect(slot(worker, "children_count")).not_to_be_empty()
    with worker.expect_response(lambda r: is_refresh(r.request)):
        children.get_by_label("No").check()  # How many children? goes, with its message
    expect(worker.get_by_label("How many children?")).to_have_count(0)
    expect(slot(worker, "children_count")).to_have_count(0)
    expect(slot(worker, "birth_date")).to_contain_text("required")


def test_moved_rows_keep_the_messages_of_answers_still_wrong(worker):
    worker.goto("/forms/repeat-rows/fill")
    add = worker.get_by_role("button", name="Add household member")
    add.click()
    expect(worker.locator("#n-household")).to_have_text("1 entry")
    add.click()
    expect(worker.locator("#n-household")).to_have_text("2 entries")
    second = worker.get_by_role("group", name="Household member 2", exact=True)
    second.get_by_label("Age").fill("200")
    worker.get_by_role("button", name="Submit").click()
    rows = worker.locator("#r-household > .repeat-item")
    expect(rows.nth(0).locator(".field-error")).to_have_count(1)  # a name
    expect(rows.nth(1).locator(".field-error")).to_have_count(2)  # a name, an age
    worker.get_by_role("button", name="Move up Household member 2").click()
    expect(rows.nth(0).get_by_label("Age")).to_have_value("200")  # moved
    expect(rows.nth(0).locator(".field-error")).to_have_count(2)
    expect(rows.nth(1).locator(".field-error")).to_have_count(1)
