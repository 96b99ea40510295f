"""A repeat group's Add and the refresh of the conditions around it take turns: neither aborts
the other, and whichever answers last does not draw over the other's answer."""

from __future__ import annotations

import pytest

from tests.renderer.browser.test_conditions_while_saving import (
    RECORD_DECISIONS,
    data,
    decided,
    is_refresh,
)

pytestmark = pytest.mark.browser

from playwright.sync_api import Error, expect  # noqa: E402


def is_add(request) -> bool:
    return "_action=add%3A" in data(request)


class HeldServer:
    """Holds the requests each kind picks until that kind is released, in the order asked."""

    def __init__(self, page, **kinds):
        self.kinds, self.held = dict(kinds), []
        page.route("**/fill*", self.route)

    def route(self, route):
        if any(picks(route.request) for picks in self.kinds.values()):
            self.held.append(route)
        else:
            route.continue_()

    def release(self, kind: str) -> None:
        picks = self.kinds.pop(kind)
        for route in [r for r in self.held if picks(r.request)]:
            self.held.remove(route)
            try:
                route.continue_()
            except Error:
                pass  # the page gave up on it (aborted): nothing to answer


def give_phone(page) -> None:
    page.get_by_label("Phone", exact=True).fill("650-555-0100")
    page.get_by_label("Phone", exact=True).blur()


def member(page, n: int):
    return page.get_by_role("group", name=f"Household member {n}", exact=True)


@pytest.mark.parametrize("first", ["refresh", "add"])
def test_add_pressed_while_the_refresh_is_on_its_way(worker, first):
    worker.goto("/forms/intake-everything/fill")
    server = HeldServer(worker, refresh=is_refresh, add=is_add)
    with worker.expect_request(is_refresh):
        give_phone(worker)  # the questions' refresh goes, and hangs
    worker.get_by_role("button", name="Add household member").click()
    server.release(first)
    server.release("add" if first == "refresh" else "refresh")
    expect(member(worker, 1)).to_be_visible()
    expect(worker.get_by_role("group", name="May we text this number?")).to_be_visible()


def test_a_refresh_while_the_add_is_on_its_way(worker):
    worker.goto("/forms/intake-everything/fill")
    worker.evaluate(RECORD_DECISIONS)
    server = HeldServer(worker, add=is_add)
    with worker.expect_request(is_add):
        worker.get_by_role("button", name="Add household member").click()  # held
    give_phone(worker)
    decided(worker, 1, of="g-root")  # the refresh is asked for while the Add hangs
    server.release("add")
    expect(member(worker, 1)).to_be_visible()
    expect(worker.get_by_role("group", name="May we text this number?")).to_be_visible()


def in_school(page):
    return member(page, 1).get_by_role("group", name="In school?").get_by_label("Yes")


@pytest.mark.parametrize("first", ["refresh", "add"])
def test_add_inside_a_group_whose_refresh_is_on_its_way(worker, first):
    worker.goto("/forms/repeat-rows/fill")
    worker.get_by_role("button", name="Add household member").click()
    expect(member(worker, 1)).to_be_visible()
    server = HeldServer(worker, refresh=is_refresh, add=is_add)
    with worker.expect_request(is_refresh):
        in_school(worker).check()  # the member's refresh (drawing its phones too) hangs
    member(worker, 1).get_by_role("button", name="Add phone number").click()
    server.release(first)
    server.release("add" if first == "refresh" else "refresh")
    expect(member(worker, 1).get_by_label("Phone number 1")).to_be_visible()
    expect(member(worker, 1).get_by_label("School")).to_be_visible()


def test_a_groups_refresh_while_an_add_inside_it_is_on_its_way(worker):
    worker.goto("/forms/repeat-rows/fill")
    worker.get_by_role("button", name="Add household member").click()
    expect(member(worker, 1)).to_be_visible()
    worker.evaluate(RECORD_DECISIONS)
    server = HeldServer(worker, add=is_add)
    with worker.expect_request(is_add):
        member(worker, 1).get_by_role("button", name="Add phone number").click()  # held
    in_school(worker).check()
    decided(worker, 1, of=member(worker, 1).get_attribute("id"))
    server.release("add")
    expect(member(worker, 1).get_by_label("Phone number 1")).to_be_visible()
    expect(member(worker, 1).get_by_label("School")).to_be_visible()
    expect(worker.locator("#save-status")).to_contain_text("Saved")


def test_add_pressed_again_while_the_first_is_on_its_way_adds_two(worker):
    worker.goto("/forms/repeat-rows/fill")
    server = HeldServer(worker, add=is_add)
    add = worker.get_by_role("button", name="Add household member")
    with worker.expect_request(is_add):
        add.click()  # held
    add.click()  # waits for the first, then goes from the button drawn in its place
    server.release("add")
    expect(member(worker, 2)).to_be_visible()
    expect(worker.locator("#n-household")).to_have_text("2 entries")
