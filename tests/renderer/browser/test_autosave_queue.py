"""Answers typed while an autosave is on its way are saved once it answers, without more typing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from carebridge.forms.models import Draft
from carebridge.unit_of_work import unit_of_work
from tests.renderer.browser.test_conditions_while_saving import (
    RECORD_DECISIONS,
    SlowServer,
    data,
    decided,
    is_autosave,
)

pytestmark = pytest.mark.browser

from playwright.sync_api import expect  # noqa: E402


def stored_draft(live, draft_id: str) -> dict:
    with unit_of_work(live.app, live.agency_id) as session:
        return session.scalar(select(Draft).where(Draft.id == draft_id)).data


def test_the_autosave_queued_behind_a_slow_one_goes_when_it_answers(worker, live):
    worker.goto("/forms/intake-everything/fill")
    worker.evaluate(RECORD_DECISIONS)
    first = []
    server = SlowServer(worker, lambda r: is_autosave(r) and not first and not first.append(r))
    name = worker.get_by_label("Full name")
    with worker.expect_request(is_autosave):
        name.fill("Ana")  # its autosave goes, and hangs
    name.fill("Ana Later")
    decided(worker, 2)  # the next autosave waits behind it
    with worker.expect_response(lambda r: is_autosave(r.request)
                                and "name=Ana%20Later" in data(r.request)) as later:
        server.answer()
    assert later.value.ok
    expect(worker.locator("#save-status")).to_contain_text("Saved")
    assert stored_draft(live, worker.locator("#draft-id").input_value())["name"] == "Ana Later"
