"""Enter in a box sends the page's own action in a real browser, with htmx: a row's Remove or
Move, an Add or the wizard's Back drawn before it are never pressed by it."""

from __future__ import annotations

import pytest

from tests.renderer.browser.test_forms_in_browser import stored, submitted_id
from tests.renderer.browser.test_row_actions_and_refreshes import member
from tests.renderer.browser.test_sending_while_redrawing import two_members

pytestmark = pytest.mark.browser

from playwright.sync_api import expect  # noqa: E402


def test_enter_in_a_rows_box_sends_the_form_with_every_row(worker, live):
    two_members(worker)
    member(worker, 1).get_by_label("Name").press("Enter")
    assert [m["name"] for m in stored(live, submitted_id(worker))["household"]] == ["Ana", "Ben"]


def test_enter_on_a_wizards_later_page_goes_on(worker):
    worker.goto("/forms/wizard-intake/fill")
    worker.get_by_label("Your name").fill("Ana")
    worker.get_by_label("Your name").press("Enter")
    expect(worker.get_by_role("heading", name="Where you live")).to_be_visible()
    worker.get_by_label("ZIP code").fill("94401")
    worker.get_by_label("ZIP code").press("Enter")
    expect(worker.get_by_role("heading", name="Check and send")).to_be_visible()
