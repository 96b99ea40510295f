"""Conditional groups redrawn while other answers are on their way: a second group's refresh
leaves the first's alone, and a check answered after the redraw still shows its message."""

from __future__ import annotations

import pytest

from carebridge.renderer.state import field_id
from tests.renderer.browser.test_conditions_while_saving import (
    SlowServer,
    is_check,
    is_first_refresh,
    is_refresh,
)
from tests.renderer.browser.test_row_actions_and_refreshes import HeldServer

pytestmark = pytest.mark.browser

from playwright.sync_api import expect  # noqa: E402


def member(page, n: int):
    return page.get_by_role("group", name=f"Household member {n}", exact=True)


def in_school(page, n: int):
    return member(page, n).get_by_role("group", name="In school?").get_by_label("Yes")


def test_a_groups_refresh_does_not_abort_another_groups(worker):
    worker.goto("/forms/repeat-rows/fill")
    add = worker.get_by_role("button", name="Add household member")
    add.click()
    expect(member(worker, 1)).to_be_visible()
    add.click()
    expect(member(worker, 2)).to_be_visible()
    server = SlowServer(worker, is_first_refresh())
    with worker.expect_request(is_refresh):
        in_school(worker, 1).check()  # the first member's refresh goes, and hangs
    with worker.expect_response(lambda response: is_refresh(response.request)):
        in_school(worker, 2).check()  # the second's goes and answers meanwhile
    expect(member(worker, 2).get_by_label("School")).to_be_visible()
    server.answer()
    expect(member(worker, 1).get_by_label("School")).to_be_visible()


def test_a_check_answered_after_its_group_was_redrawn_is_shown(worker):
    worker.goto("/forms/intake-everything/fill")
    server = SlowServer(worker, is_check)
    name = worker.get_by_label("Full name")
    with worker.expect_request(is_check):
        name.fill("A")
        name.blur()  # its check goes, and hangs
    text_ok = worker.get_by_role("group", name="May we text this number?")
    worker.get_by_label("Phone", exact=True).fill("650-555-0100")
    worker.get_by_label("Phone", exact=True).blur()  # the questions are redrawn meanwhile
    expect(text_ok).to_be_visible()
    server.answer()
    expect(worker.locator("#e-" + field_id("name"))).to_contain_text("at least 2")


def test_a_check_answered_while_its_groups_refresh_is_on_its_way_keeps_its_message(worker):
    worker.goto("/forms/intake-everything/fill")
    server = SlowServer(worker, is_first_refresh())
    with worker.expect_request(is_refresh):
        worker.get_by_label("Phone", exact=True).fill("650-555-0100")
        worker.get_by_label("Phone", exact=True).blur()  # its refresh goes, and hangs
    message = worker.locator("#e-" + field_id("name"))
    with worker.expect_response(lambda response: is_check(response.request)):
        worker.get_by_label("Full name").fill("A")
        worker.get_by_label("Full name").blur()  # its check goes and answers meanwhile
    expect(message).to_contain_text("at least 2")
    server.answer()  # the questions drawn from answers sent before the check's message came
    expect(worker.get_by_role("group", name="May we text this number?")).to_be_visible()
    expect(message).to_contain_text("at least 2")


def test_a_check_answered_after_the_refresh_was_sent_keeps_its_message(worker):
    worker.goto("/forms/intake-everything/fill")
    server = HeldServer(worker, check=is_check, refresh=is_refresh)
    with worker.expect_request(is_check):
        worker.get_by_label("Full name").fill("A")
        worker.get_by_label("Full name").blur()  # its check goes, and hangs
    with worker.expect_request(is_refresh):
        worker.get_by_label("Phone", exact=True).fill("650-555-0100")
        worker.get_by_label("Phone", exact=True).blur()  # sent before the message is shown
    message = worker.locator("#e-" + field_id("name"))
    server.release("check")
    expect(message).to_contain_text("at least 2")
    server.release("refresh")
    expect(worker.get_by_role("group", name="May we text this number?")).to_be_visible()
    expect(message).to_contain_text("at least 2")
