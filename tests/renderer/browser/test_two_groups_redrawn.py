"""Two conditional groups answered one after the other are both redrawn, whichever answers
first."""

from __future__ import annotations

import pytest

from tests.renderer.browser.test_conditions_while_saving import SlowServer, is_refresh

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
    first_refresh = []
    server = SlowServer(worker, lambda r: is_refresh(r) and not first_refresh
                        and not first_refresh.append(r))
    with worker.expect_request(is_refresh):
        in_school(worker, 1).check()  # the first member's refresh goes, and hangs
    with worker.expect_response(lambda response: is_refresh(response.request)):
        in_school(worker, 2).check()  # the second's goes and answers meanwhile
    expect(member(worker, 2).get_by_label("School")).to_be_visible()
    server.answer()
    expect(member(worker, 1).get_by_label("School")).to_be_visible()
