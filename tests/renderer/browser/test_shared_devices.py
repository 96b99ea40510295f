"""A tablet passed between people: nobody finds the last person's answers, nothing runs that a
definition smuggled in, and Back after a submit never makes a second submission."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from carebridge.forms import service
from carebridge.forms.models import FormDefinition, Submission
from carebridge.renderer import kiosk as kiosks
from carebridge.renderer.state import field_id
from carebridge.tenancy import set_tenant
from carebridge.unit_of_work import unit_of_work
from tests.renderer.browser.conftest import ADMIN, log_in
from tests.renderer.test_hostile_names import HOSTILE, IMG

pytestmark = pytest.mark.browser

from playwright.sync_api import expect  # noqa: E402


def backups(page) -> list[str]:
    return page.evaluate(
        "() => Object.keys(localStorage).filter(k => k.startsWith('carebridge:'))")


def submissions_named(live, name: str) -> int:
    with unit_of_work(live.app, live.agency_id) as session:
        rows = session.scalars(select(Submission)).all()
        return sum(1 for s in rows if s.data.get("name") == name)


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile("/login"))


def test_a_submitted_form_opens_empty_again(worker):
    worker.goto("/forms/wizard-intake/fill")
    worker.get_by_label("Your name").fill("Ana Submitted")
    assert backups(worker)  # typed answers are kept on the device until they reach the server
    worker.get_by_role("button", name="Next").click()
    worker.get_by_label("ZIP code").fill("94110")
    worker.get_by_role("button", name="Next").click()
    worker.get_by_role("group", name="Is everything correct?").get_by_label("Yes").check()
    worker.get_by_role("button", name="Submit").click()
    worker.wait_for_url(re.compile(r"/done/"))
    expect(worker.get_by_role("heading", name=re.compile("Thank you"))).to_be_visible()
    assert backups(worker) == []
    worker.goto("/forms/wizard-intake/fill")
    expect(worker.get_by_label("Your name")).to_have_value("")
    expect(worker.locator("#connection")).to_be_hidden()


def test_the_next_person_to_log_in_finds_nothing_of_the_last(worker):
    worker.goto("/forms/intake-everything/fill")
    worker.context.set_offline(True)  # nothing reaches the server: only the device has it
    worker.get_by_label("Full name").fill("Ana Private")
    expect(worker.locator("#connection")).to_contain_text("No connection", timeout=10_000)
    worker.context.set_offline(False)
    worker.goto("/forms/intake-everything/fill")
    expect(worker.get_by_label("Full name")).to_have_value("Ana Private")  # the same person
    assert backups(worker)
    log_out(worker)
    assert backups(worker) == []
    log_in(worker, ADMIN)
    worker.goto("/forms/intake-everything/fill")
    expect(worker.get_by_label("Full name")).to_have_value("")


def test_another_persons_backup_on_the_device_is_not_theirs_to_see(worker):
    # A session that expired never pressed Log out: its backup stays, keyed to its owner.
    worker.goto("/forms/intake-everything/fill")
    worker.evaluate("""() => localStorage.setItem('carebridge:u999999:intake-everything:new',
        JSON.stringify({at: Date.now(), pairs: [['name', 'Someone Else']]}))""")
    worker.reload()
    expect(worker.get_by_label("Full name")).to_have_value("")


def test_back_after_submit_and_submit_again_makes_no_duplicate(worker, live):
    worker.goto("/forms/intake-everything/fill")
    worker.get_by_label("Full name").fill("Ana Once")
    worker.get_by_label("Date of birth").fill("1980-02-29")
    expect(worker.locator("#save-status")).to_contain_text("Saved", timeout=10_000)
    worker.get_by_role("button", name="Send intake").click()
    worker.wait_for_url(re.compile(r"/done/"))
    worker.go_back()
    worker.wait_for_load_state()
    if worker.get_by_label("Full name").input_value() == "":
        worker.get_by_label("Full name").fill("Ana Once")
        worker.get_by_label("Date of birth").fill("1980-02-29")
    worker.get_by_label("Anything else").fill("changed my mind")
    worker.wait_for_timeout(2500)  # an autosave of the submitted draft keeps the answers
    worker.get_by_role("button", name="Send intake").click()
    worker.wait_for_url(re.compile(r"/done/"))
    assert submissions_named(live, "Ana Once") == 1


def test_a_definition_cannot_run_script_on_any_page(admin, browser, live):
    with unit_of_work(live.app, live.agency_id) as session, live.app.app_context():
        set_tenant(session, live.agency_id)
        service.publish(session, HOSTILE, user_id=None)
        definition = session.scalar(
            select(FormDefinition).where(FormDefinition.slug == HOSTILE["id"]))
        token = kiosks.create_kiosk_link(session, definition, user_id=None).token
    dialogs: list[str] = []
    admin.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    admin.goto(f"/forms/{HOSTILE['id']}/fill")
    expect(admin.get_by_label(IMG).first).to_be_visible()
    admin.get_by_role("button", name=re.compile("^Add l")).click()
    expect(admin.locator(".repeat-item")).to_have_count(1)
    admin.locator("#" + field_id(IMG)).fill("answer")  # its id works as a selector
    admin.get_by_role("button", name="Submit").click()
    admin.wait_for_url(re.compile(r"/done/"))
    admin.get_by_role("link", name="Print view").click()
    expect(admin.get_by_text("answer").first).to_be_visible()
    admin.goto(f"/forms/editor?slug={HOSTILE['id']}")
    expect(admin.locator("#preview")).to_be_visible()
    admin.goto(f"/kiosk/{token}")
    expect(admin.get_by_label(IMG).first).to_be_visible()
    admin.wait_for_timeout(300)
    assert dialogs == []
    assert admin.evaluate("() => document.querySelectorAll('img, svg').length") == 0

