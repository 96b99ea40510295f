"""A part of the form drawn again (a condition's refresh, a branch picked, a part opened) keeps
the messages the page showed in it for answers still there and still wrong, and drops those of
answers now right or questions gone: each message shown carries its question's name, and the
server checks those answers again."""

import re

import pytest

from tests.renderer.test_views import form_fields

pytestmark = pytest.mark.usefixtures("published")

HX = {"HX-Request": "true"}


@pytest.fixture
def worker(auth, world):
    auth.login(world.email("alpha", "intake"))
    return auth.client


def messages(html: str, slot: str) -> list[str]:
    """The messages in the error slot of ``slot`` (a field's id) on ``html``."""
    found = re.search(rf'<div class="error-slot" id="e-{slot}"[^>]*>(.*?)</div>', html, re.S)
    assert found, f"no error slot e-{slot}"
    return re.findall(r'class="field-error">.*?</span>(.*?)</p>', found.group(1))


def said(html: str) -> list[str]:
    """The names the page says it shows messages for (sent back with every post)."""
    return re.findall(r'<input type="hidden" name="_errors" value="([^"]*)">', html)


def test_a_message_shown_carries_its_questions_name(worker):
    fields = form_fields(worker.get("/forms/intake-everything/fill").get_data(as_text=True))
    wrong = worker.post("/forms/intake-everything/fill", headers=HX, data={
        **fields, "_action": "check:address.zip", "address.zip": "abc"}).get_data(as_text=True)
    assert said(wrong) == ["address.zip"]
    right = worker.post("/forms/intake-everything/fill", headers=HX, data={
        **fields, "_action": "check:address.zip", "address.zip": "94401"}).get_data(as_text=True)
    assert said(right) == []


def test_a_submit_refused_says_which_messages_it_shows(worker):
    fields = form_fields(worker.get("/forms/intake-everything/fill").get_data(as_text=True))
    page = worker.post("/forms/intake-everything/fill", data={
        **fields, "_action": "submit", "name": "A", "address.zip": "abc"}).get_data(as_text=True)
    assert {"name", "birth_date", "address.zip"} <= set(said(page))


SHOWN = ["name", "birth_date", "address.zip", "children_count"]


def refreshed(worker, **headers) -> str:
    fields = form_fields(worker.get("/forms/intake-everything/fill").get_data(as_text=True))
    return worker.post("/forms/intake-everything/fill", headers=headers, data={
        **fields, "_action": "refresh:", "_errors": SHOWN,
        "name": "Ana Reyes",  # right now
        "address.zip": "abc",  # still wrong
        "has_children": "false",  # children_count is gone
        "email": "ana@example.org",  # wants consent, but no message was shown for it
        "phone": "650-555-0100",  # the answer that asked for the refresh
    }).get_data(as_text=True)


@pytest.mark.parametrize("headers", [HX, {}], ids=["htmx", "without JavaScript"])
def test_a_refresh_keeps_the_messages_of_answers_still_wrong(worker, headers):
    html = refreshed(worker, **headers)
    assert "May we text this number?" in html  # the refresh did its work
    assert messages(html, "f-birth_date") != []
    assert messages(html, "f-address-zip") != []
    assert messages(html, "f-name") == []
    assert "How many children?" not in html and "e-f-children_count" not in html
    assert messages(html, "f-consent") == []
    assert sorted(said(html)) == ["address.zip", "birth_date"]


def test_a_refresh_with_no_messages_shown_shows_none(worker):
    fields = form_fields(worker.get("/forms/intake-everything/fill").get_data(as_text=True))
    html = worker.post("/forms/intake-everything/fill", headers=HX, data={
        **fields, "_action": "refresh:", "phone": "650-555-0100"}).get_data(as_text=True)
    assert "field-error" not in html and said(html) == []


def picked(worker, **answers) -> str:
    fields = form_fields(worker.get("/forms/intake-everything/fill").get_data(as_text=True))
    return worker.post("/forms/intake-everything/fill", headers=HX, data={
        **fields, "_action": "branch:contact", "__branch.contact": "0", "contact.note": "after 5",
        "_errors": ["contact", "contact.contact_email"], **answers,
    }).get_data(as_text=True)


def test_a_branch_picked_keeps_the_choices_message_while_it_is_wrong(worker):
    html = picked(worker)
    assert messages(html, "g-contact") != []  # a note alone answers neither way
    assert said(html) == ["contact"]  # the e-mail's question is gone
    html = picked(worker, **{"contact.contact_phone": "650-555-0100"})
    assert messages(html, "g-contact") == [] and said(html) == []


def test_rows_moved_keep_their_messages_sent_with_only_the_rows_drawn(worker):
    """A Move sends only the two rows it draws (renderer.js): the messages land on their keys,
    not on the places of the rows left unsent."""
    fields = form_fields(worker.get("/forms/repeat-rows/fill").get_data(as_text=True))
    html = worker.post("/forms/repeat-rows/fill", headers=HX, data={
        **fields, "_action": "up:household.2",
        "household.__items": ["", "0", "1", "2"],
        "household.1.name": "", "household.2.name": "Cy", "household.2.age": "200",
        "_errors": ["household.0.name", "household.1.name", "household.2.age"],
    }).get_data(as_text=True)
    assert messages(html, "f-household-2-age") != []
    assert messages(html, "f-household-1-name") != []
    assert messages(html, "f-household-2-name") == []
    assert sorted(said(html)) == ["household.1.name", "household.2.age"]
