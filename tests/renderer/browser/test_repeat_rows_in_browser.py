"""Repeat groups in Chromium: rows added, moved and removed through htmx one row at a time, the
labels renumbered, the limits kept, a draft reloaded, and the stored JSON in the order shown."""

from __future__ import annotations

import re

import pytest

from tests.renderer.browser.test_forms_in_browser import stored, submitted_id

pytestmark = pytest.mark.browser

from playwright.sync_api import expect  # noqa: E402


def member(page, n: int):
    return page.get_by_role("group", name=f"Household member {n}", exact=True)


def test_add_three_move_remove_and_submit(worker, live):
    worker.goto("/forms/repeat-rows/fill")
    add = worker.get_by_role("button", name="Add household member")
    for n, name in enumerate(["Ana", "Ben", "Cy"], start=1):
        with worker.expect_request(lambda r: "_action=add%3Ahousehold&" in f"{r.post_data}&"
                                   ) as sent:
            add.click()
        member(worker, n).get_by_label("Name").fill(name)
    # The third Add sent neither the other rows' answers nor got them back: one row came.
    assert "Ana" not in sent.value.post_data and "household.__items" in sent.value.post_data
    assert sent.value.response().text().count('class="repeat-item"') == 1
    worker.get_by_role("button", name="Move up Household member 3").click()
    expect(member(worker, 2).get_by_label("Name")).to_have_value("Cy")
    expect(member(worker, 3).get_by_label("Name")).to_have_value("Ben")
    worker.get_by_role("button", name="Remove Household member 1").click()
    # The rows below moved up a place: renumbered in the page, not sent again.
    expect(member(worker, 3)).to_have_count(0)
    expect(member(worker, 1).get_by_label("Name")).to_have_value("Cy")
    expect(member(worker, 2).get_by_label("Name")).to_have_value("Ben")
    expect(worker.get_by_role("button", name="Move up Household member 1")).to_have_count(0)
    expect(worker.get_by_role("button", name="Move down Household member 1")).to_be_visible()
    expect(worker.locator("#n-household")).to_have_text("2 entries")
    # A repeat group inside a row.
    member(worker, 2).get_by_role("button", name="Add phone number").click()
    member(worker, 2).get_by_label("Phone number 1").fill("555-0100")
    worker.get_by_label("Contact 1").fill("Mom")
    worker.get_by_role("button", name="Submit").click()
    assert stored(live, submitted_id(worker)) == {
        "household": [{"name": "Cy"}, {"name": "Ben", "phones": ["555-0100"]}],
        "contacts": ["Mom"],
    }


def test_limits_and_a_draft_reloaded(worker):
    worker.goto("/forms/repeat-rows/fill")
    add = worker.get_by_role("button", name="Add contact")
    # Emergency contacts: at least 1, at most 3. The one required cannot be removed.
    expect(worker.get_by_role("button", name="Remove Contact 1")).to_have_count(0)
    worker.get_by_label("Contact 1").fill("Mom")
    add.click()
    worker.get_by_label("Contact 2").fill("Dad")
    expect(worker.get_by_role("button", name="Remove Contact 1")).to_be_visible()
    add.click()
    worker.get_by_label("Contact 3").fill("Aunt")
    expect(add).to_be_disabled()
    worker.get_by_role("button", name="Move up Contact 3").click()
    expect(worker.get_by_label("Contact 2")).to_have_value("Aunt")
    worker.get_by_role("button", name="Remove Contact 1").click()
    expect(add).to_be_enabled()
    expect(worker.get_by_label("Contact 1")).to_have_value("Aunt")
    # Autosave may have put draft= in the address already: wait for this save's own answer, or
    # the reload below could cut it off and find the rows as an earlier save left them.
    with worker.expect_response(lambda r: r.request.method == "POST"
                                and "_action=save" in (r.request.post_data or "")):
        worker.get_by_role("button", name="Save and finish later").click()
    expect(worker).to_have_url(re.compile(r"[?&]draft="))
    worker.reload()
    expect(worker.get_by_label("Contact 1")).to_have_value("Aunt")
    expect(worker.get_by_label("Contact 2")).to_have_value("Dad")
    expect(worker.get_by_label("Contact 3")).to_have_count(0)
