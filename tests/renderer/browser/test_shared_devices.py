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
from tests.renderer.browser.conftest import ADMIN, WORKER, log_in
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


# Reports, once the page has dealt with an autosave's answer (htmx:afterRequest comes after
# htmx:beforeSwap, where an answer saying the session ended is dealt with), the backups then on
# the device. On the console: while a navigation waits, the page cannot be asked (evaluate).
REPORT_BACKUPS_AFTER_AUTOSAVE = """() => {
  document.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.elt.id !== "save-status") return;
    const kept = Object.keys(localStorage).filter(k => k.startsWith("carebridge:"));
    console.log("backups after autosave: " + JSON.stringify(kept));
  });
}"""


def is_autosave(request) -> bool:
    return request.method == "POST" and "_action=autosave" in (request.post_data or "")


def autosave(response) -> bool:
    return is_autosave(response.request)


def submitted(response) -> bool:
    request = response.request
    return (request.method == "POST" and "/fill" in request.url
            and "_action=autosave" not in (request.post_data or ""))


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
    # The restored answers are sent on by an autosave (0.8 s later): they reach the server.
    expect(worker.locator("#save-status")).to_contain_text("Saved", timeout=10_000)
    assert backups(worker)
    log_out(worker)
    assert backups(worker) == []
    log_in(worker, ADMIN)
    worker.goto("/forms/intake-everything/fill")
    expect(worker.get_by_label("Full name")).to_have_value("")


def test_an_autosave_answered_after_log_out_leaves_nothing_on_the_device(worker):
    # The autosave and the log out are held (page.route) to force the order: the save answers
    # after Log out was pressed, as the login page (401), as a server that already ended the
    # session would answer. Without a deliberate log out that answer keeps the answers here.
    held = {}

    def hold_first_autosave(route):
        if is_autosave(route.request) and "autosave" not in held:
            held["autosave"] = route
        else:
            route.continue_()

    worker.route("**/fill*", hold_first_autosave)
    worker.route("**/logout", lambda route: held.setdefault("logout", route))
    worker.goto("/forms/intake-everything/fill")
    worker.evaluate(REPORT_BACKUPS_AFTER_AUTOSAVE)
    with worker.expect_request(is_autosave):
        worker.get_by_label("Full name").fill("Ana Leaving")
    assert backups(worker)  # kept until the save reaches the server
    with worker.expect_request(lambda request: "/logout" in request.url):
        worker.get_by_role("button", name="Log out").click(no_wait_after=True)  # it is held
    with worker.expect_console_message(
            lambda message: message.text.startswith("backups after autosave")) as report:
        held["autosave"].fulfill(status=401, headers={"X-Login-Required": "1"}, body="")
    assert report.value.text == "backups after autosave: []"
    held["logout"].continue_()
    worker.wait_for_url(re.compile("/login"))
    assert backups(worker) == []
    assert "Ana Leaving" not in worker.content()
    log_in(worker, WORKER)
    worker.goto("/forms/intake-everything/fill")
    expect(worker.get_by_label("Full name")).to_have_value("")


def test_another_persons_backup_on_the_device_is_not_theirs_to_see(worker):
    # A session that expired never pressed Log out: its backup stays, keyed to its owner.
    worker.goto("/forms/intake-everything/fill")
    worker.evaluate("""() => localStorage.setItem('carebridge:u999999:intake-everything:new',
        JSON.stringify({at: Date.now(), pairs: [['name', 'Someone Else']]}))""")
    worker.reload()
    expect(worker.get_by_label("Full name")).to_have_value("")


def test_back_after_submit_brings_no_answers_back_and_makes_no_duplicate(worker, live):
    # The server side of Back then submitting again (a resent save or submit of the sent
    # draft answers with the first submission) is in test_after_submit.py.
    worker.goto("/forms/intake-everything/fill")
    worker.get_by_label("Full name").fill("Ana Once")
    worker.get_by_label("Date of birth").fill("1980-02-29")
    expect(worker.locator("#save-status")).to_contain_text("Saved", timeout=10_000)
    worker.get_by_role("button", name="Send intake").click()
    worker.wait_for_url(re.compile(r"/done/"))
    worker.go_back()
    worker.wait_for_load_state()
    assert "Ana Once" not in worker.content()
    worker.goto("/forms/intake-everything/fill")
    expect(worker.get_by_label("Full name")).to_have_value("")
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
    # The new row takes the focus once it settles: typing before that went into the row's own
    # field of the same name (the focus moved between the fill's focus and its typing).
    expect(admin.locator(".repeat-item").last.locator(
        "input:not([type=hidden]), select, textarea").first).to_be_focused()
    # Wait for the autosave of this very answer (not any earlier "Saved"), so the submit never
    # races it; a refused submit then shows its reasons in the failure.
    with admin.expect_response(autosave, timeout=30_000):
        admin.locator("#" + field_id(IMG)).fill("answer")  # its id works as a selector
    expect(admin.locator("#save-status")).to_contain_text("Saved", timeout=15_000)
    expect(admin.locator("#" + field_id(IMG))).to_have_value("answer")
    with admin.expect_response(submitted, timeout=30_000) as sent:
        admin.get_by_role("button", name="Submit").click()
    assert sent.value.status < 400, admin.locator("#form-area").inner_text()
    expect(admin.get_by_role("heading", name=re.compile("Thank you"))).to_be_visible(
        timeout=30_000)
    admin.get_by_role("link", name="Print view").click()
    admin.wait_for_url(re.compile(r"/submissions/[^/]+/print"))
    expect(admin.get_by_text("answer").first).to_be_visible()
    admin.goto(f"/forms/editor?slug={HOSTILE['id']}")
    expect(admin.locator("#preview")).to_be_visible()
    admin.goto(f"/kiosk/{token}?lang=en")  # past the language screen
    expect(admin.get_by_label(IMG).first).to_be_visible()
    admin.wait_for_timeout(300)
    assert dialogs == []
    assert admin.evaluate("() => document.querySelectorAll('img, svg').length") == 0



LONG_STEPS = {
    "id": "long-steps", "title": "Long steps", "kind": "intake",
    "schema": {"type": "object", "properties": {
        f"q{i}": {"type": "string", "title": f"Question {i}"} for i in range(5)}},
    "ui": {"pages": [
        {"id": f"p{i}", "title": title, "fields": [f"q{i}"]}
        for i, title in enumerate([
            "About you and the people in your household", "Contact details and preferences",
            "Income, benefits and health insurance", "Needs", "Check your answers and send"])
    ]},
}


@pytest.mark.parametrize("width, height", [(768, 1024), (375, 812)])
def test_the_wizard_step_bar_stays_one_aligned_row(browser, live, width, height):
    from tests.renderer.browser.conftest import WORKER, serious_violations

    with unit_of_work(live.app, live.agency_id) as session, live.app.app_context():
        set_tenant(session, live.agency_id)
        service.publish(session, LONG_STEPS, user_id=None)
    context = browser.new_context(viewport={"width": width, "height": height},
                                  base_url=live.url)
    page = context.new_page()
    log_in(page, WORKER)
    page.goto("/forms/long-steps/fill")
    for step in range(5):
        expect(page.get_by_text(f"Step {step + 1} of 5")).to_be_visible()
        bar = page.locator("nav.steps ol").bounding_box()
        steps = [li.bounding_box() for li in page.locator("nav.steps li").all()]
        assert len(steps) == 5
        assert max(s["y"] for s in steps) - min(s["y"] for s in steps) < 1, step  # one row
        assert all(s["x"] >= bar["x"] - 1 and s["x"] + s["width"] <= bar["x"] + bar["width"] + 1
                   for s in steps)
        widths = {round(s["width"]) for s in steps}
        assert max(widths) - min(widths) <= 1  # equal segments, whatever the titles
        assert bar["width"] <= width
        current = page.locator("nav.steps li[aria-current=step]")
        expect(current).to_have_count(1)
        expect(current).to_be_visible()
        if step == 2:
            assert serious_violations(page) == []
        if step < 4:
            page.get_by_role("button", name="Next").click()
    context.close()


def test_after_the_session_ends_autosave_says_so_and_logging_in_again_loses_nothing(worker):
    from tests.conftest import PASSWORD
    from tests.renderer.browser.conftest import WORKER

    worker.goto("/forms/intake-everything/fill")
    worker.get_by_label("Full name").fill("Ana Expired")
    expect(worker.locator("#save-status")).to_contain_text("Saved", timeout=10_000)
    worker.context.clear_cookies()  # the session ends (idle timeout, log out elsewhere…)
    worker.get_by_label("Anything else").fill("Typed after the session ended")
    connection = worker.locator("#connection")
    expect(connection).to_contain_text("Your session has ended", timeout=10_000)
    expect(worker.locator("#save-status")).to_have_text("Not saved.")
    expect(worker.locator("#save-status")).not_to_contain_text("Saved just now")
    expect(worker.get_by_label("Anything else")).to_have_value("Typed after the session ended")
    connection.get_by_role("link", name="Log in again").click()
    worker.wait_for_url(re.compile(r"/login"))  # the form's own "Email" is gone, not racing it
    worker.get_by_label("Email").fill(WORKER)
    worker.get_by_label("Password").fill(PASSWORD)
    worker.get_by_role("button", name="Log in").click()
    worker.wait_for_url(re.compile(r"/forms/intake-everything/fill"))
    expect(worker.get_by_label("Full name")).to_have_value("Ana Expired")
    expect(worker.get_by_label("Anything else")).to_have_value("Typed after the session ended")
    expect(worker.locator("#save-status")).to_contain_text("Saved just now", timeout=10_000)
    worker.evaluate("localStorage.clear()")  # the server has it now, not only the device
    worker.reload()
    expect(worker.get_by_label("Anything else")).to_have_value("Typed after the session ended")


def test_a_later_refused_save_leaves_the_log_in_again_link_where_it_is(worker):
    # Drawn anew at each refused save, the link could be swapped between a press and its
    # release: the click was lost (seen in CI).
    worker.goto("/forms/intake-everything/fill")
    worker.get_by_label("Full name").fill("Ana Expired")
    expect(worker.locator("#save-status")).to_contain_text("Saved", timeout=10_000)
    worker.context.clear_cookies()
    worker.get_by_label("Anything else").fill("First")
    link = worker.locator("#connection").get_by_role("link", name="Log in again")
    expect(link).to_be_visible(timeout=10_000)
    link.evaluate("el => { el.dataset.seen = 'yes'; }")
    worker.evaluate("""window.refusedAgain = new Promise(done =>
        document.addEventListener('htmx:afterRequest', done, { once: true }))""")
    worker.get_by_label("Anything else").fill("Second")
    worker.evaluate("window.refusedAgain.then(() => true)")
    expect(link).to_have_attribute("data-seen", "yes")
    expect(worker.locator("#save-status")).to_have_text("Not saved.")
    assert "/login?next=" in link.get_attribute("href")


PASTE = {
    "id": "paste", "title": "Paste", "kind": "intake",
    "schema": {"type": "object", "required": ["name"], "properties": {
        "name": {"type": "string", "title": "Full name"},
        "notes": {"type": "string", "title": "Notes"}}},
    "ui": {"fields": {"/notes": {"widget": "textarea"}}},
}


def test_a_huge_paste_gets_a_clear_message_and_loses_nothing(worker, live):
    with unit_of_work(live.app, live.agency_id) as session, live.app.app_context():
        set_tenant(session, live.agency_id)
        service.publish(session, PASTE, user_id=None)
    worker.goto("/forms/paste/fill")
    worker.get_by_label("Full name").fill("Ana Paste")
    expect(worker.locator("#save-status")).to_contain_text("Saved", timeout=10_000)
    huge = "pasted text " * (3 * 1024 * 1024 // 12)
    # Typing 3 MB (and the page backing it up) takes more than the default 10 s on a loaded
    # machine: the fill and the autosave's answer get a longer limit, as a slow step, not a race.
    worker.get_by_label("Notes").fill(huge, timeout=30_000)
    connection = worker.locator("#connection")
    expect(connection).to_contain_text("too long to send", timeout=30_000)
    expect(worker.locator("#save-status")).to_have_text("Not saved.")
    worker.get_by_role("button", name="Submit").click()
    expect(connection).to_contain_text("too long to send")
    assert worker.get_by_label("Notes").input_value() == huge
    assert "/done/" not in worker.url


def test_the_kiosk_thank_you_page_counts_down_visibly_and_can_be_paused(browser, live):
    from tests.renderer.browser.conftest import serious_violations

    with unit_of_work(live.app, live.agency_id) as session:
        definition = session.scalar(
            select(FormDefinition).where(FormDefinition.slug == "wizard-intake"))
        token = kiosks.create_kiosk_link(session, definition, user_id=None).token
    context = browser.new_context(viewport={"width": 1024, "height": 768}, base_url=live.url)
    page = context.new_page()
    page.clock.install()
    page.goto(f"/kiosk/{token}/done")
    countdown = page.locator("#kiosk-countdown")
    expect(countdown).to_contain_text(
        re.compile(r"starts over for the next person in 1[0-5] seconds"))
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    assert serious_violations(page) == []
    count = countdown.locator("[data-count]")
    page.clock.run_for("00:03")
    assert int(count.inner_text()) <= 12  # time runs on its own too: at most 12 left
    page.get_by_role("button", name="Pause").click()
    paused = int(count.inner_text())
    page.clock.run_for("00:30")
    assert int(count.inner_text()) == paused
    assert page.url.endswith("/done")
    page.get_by_role("button", name="Continue").click()
    page.clock.run_for(f"00:{paused + 1:02d}")
    page.wait_for_url(re.compile(rf"/kiosk/{token}$"))
    page.get_by_role("link", name="English").click()  # the next person chooses a language
    expect(page.get_by_label("Your name")).to_have_value("")
    context.close()
