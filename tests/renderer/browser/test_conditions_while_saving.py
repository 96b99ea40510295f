"""A condition's question appears whatever the autosave and the checks are doing."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

from playwright.sync_api import Error, expect  # noqa: E402

# The page's own account of the requests it decides to make, in order (htmx:confirm comes before
# htmx queues, drops or sends one): "save-status" is an autosave, "g-root" the refresh of the
# form's conditions. A request htmx queues never reaches the network, so only this can see it.
RECORD_DECISIONS = """() => {
  window.cbDecided = [];
  document.addEventListener("htmx:confirm", (event) => window.cbDecided.push(event.target.id));
}"""


def data(request) -> str:
    return request.post_data or "" if request.method == "POST" else ""


def is_autosave(request) -> bool:
    return "_action=autosave" in data(request)


def is_check(request) -> bool:
    return "_action=check" in data(request)


def is_refresh(request) -> bool:
    return "_refresh=" in data(request)


def is_first_refresh():
    """A predicate true for the first refresh it is asked about, and for no later one."""
    seen = []
    return lambda request: is_refresh(request) and not seen and not seen.append(request)


class SlowServer:
    """Holds the requests ``slow`` picks until ``answer``: a server as slow as the test needs."""

    def __init__(self, page, slow):
        self.slow, self.held, self.answering = slow, [], False
        page.route("**/fill*", self.route)

    def route(self, route):
        if self.answering or not self.slow(route.request):
            route.continue_()
        else:
            self.held.append(route)

    def answer(self):
        self.answering = True
        for route in self.held:
            try:
                route.continue_()
            except Error:
                pass  # the page gave up on it (aborted): nothing to answer


def decided(page, count: int, of: str = "save-status") -> None:
    page.wait_for_function(f"() => window.cbDecided.filter(d => d === {of!r}).length >= {count}")


def autosave_decided_after_refresh(page) -> None:
    page.wait_for_function("""() => window.cbDecided.includes("g-root")
        && window.cbDecided.lastIndexOf("save-status") > window.cbDecided.lastIndexOf("g-root")""")


def test_a_condition_answered_while_the_autosave_is_slow_still_appears(worker):
    worker.goto("/forms/intake-everything/fill")
    worker.evaluate(RECORD_DECISIONS)
    server = SlowServer(worker, lambda r: is_autosave(r) or is_check(r))
    name = worker.get_by_label("Full name")
    with worker.expect_request(is_autosave):
        name.fill("Ana")  # its autosave goes, and hangs
    name.fill("Ana Slow")
    decided(worker, 2)  # the next autosave waits for it
    text_ok = worker.get_by_role("group", name="May we text this number?")
    expect(text_ok).to_have_count(0)
    worker.get_by_label("Phone", exact=True).fill("650-555-0100")
    worker.get_by_label("Phone", exact=True).blur()
    autosave_decided_after_refresh(worker)  # the phone's own autosave, while the first hangs
    expect(text_ok).to_be_visible()
    server.answer()
    text_ok.get_by_label("Yes").check()
    expect(worker.locator("#save-status")).to_contain_text("Saved")
    expect(name).to_have_value("Ana Slow")


def test_a_slow_refresh_is_not_lost_to_the_autosaves_after_it(worker):
    worker.goto("/forms/intake-everything/fill")
    worker.evaluate(RECORD_DECISIONS)
    first_refresh = is_first_refresh()
    server = SlowServer(worker, lambda r: is_autosave(r) or first_refresh(r))
    text_ok = worker.get_by_role("group", name="May we text this number?")
    children = worker.get_by_label("How many children?")
    with worker.expect_request(is_refresh):
        worker.get_by_label("Phone", exact=True).fill("650-555-0100")
        worker.get_by_label("Phone", exact=True).blur()  # its refresh goes, and hangs
    decided(worker, 1)  # an autosave waits for it, or goes and hangs
    worker.get_by_role("group", name="Do children live with you?").get_by_label("Yes").check()
    autosave_decided_after_refresh(worker)
    expect(text_ok).to_be_visible()
    expect(children).to_be_visible()
    server.answer()
    children.fill("2")
    expect(worker.locator("#save-status")).to_contain_text("Saved")
    expect(text_ok).to_be_visible()


def test_a_check_does_not_abort_the_refresh_of_a_condition_answered_before_it(worker):
    worker.goto("/forms/intake-everything/fill")
    server = SlowServer(worker, is_first_refresh())
    with worker.expect_request(is_refresh):
        worker.get_by_label("Phone", exact=True).fill("650-555-0100")
        worker.get_by_label("Phone", exact=True).blur()  # its refresh goes, and hangs
    with worker.expect_response(lambda response: is_check(response.request)):
        worker.get_by_label("Full name").fill("A")
        worker.get_by_label("Full name").blur()  # its check goes and answers meanwhile
    expect(worker.locator(".field-error")).not_to_have_count(0)  # too short
    server.answer()
    expect(worker.get_by_role("group", name="May we text this number?")).to_be_visible()
