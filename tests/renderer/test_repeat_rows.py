"""Add, Remove and Move in a repeat group: htmx gets the rows that changed and nothing that grows
with the group; without JavaScript every button is a whole page; the stored JSON is the same."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from carebridge.forms.models import Submission
from carebridge.unit_of_work import unit_of_work

pytestmark = pytest.mark.usefixtures("published")

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
long_form = pytest.importorskip("long_form")  # lines_run: work counted, not timed
bench = pytest.importorskip("repeat_rows")  # sent: what renderer.js posts for a row button

URL = "/forms/repeat-rows/fill"
HX = {"HX-Request": "true"}
ROW = re.compile(r'<div class="repeat-item" id="i-household-(\d+)">')
GONE = re.compile(r'<div id="i-household-(\d+)" hx-swap-oob="delete">')


@pytest.fixture
def worker(auth, world):
    auth.login(world.email("alpha", "intake"))
    return auth.client


def bookkeeping(worker) -> list[tuple[str, str]]:
    """The hidden fields of a fresh fill page (token, key, version, page, draft)."""
    html = worker.get(URL).get_data(as_text=True)
    return [(name, re.search(rf'name="{name}"[^>]*value="([^"]*)"', html).group(1))
            for name in ("csrf_token", "_key", "_version", "_page", "_draft")]


def rows(names: dict[str, str], order: list[str]) -> list[tuple[str, str]]:
    """The household as the browser posts it: the keys in the order shown, then the answers."""
    posted = [("household.__items", "")] + [("household.__items", k) for k in order]
    return posted + [(f"household.{k}.name", names[k]) for k in order if k in names]


def people(count: int) -> list[tuple[str, str]]:
    keys = [str(i) for i in range(count)]
    return rows({k: f"Person {k}" for k in keys}, keys)


def post(worker, fields, action: str, *, htmx: bool = True):
    return worker.post(URL, headers=HX if htmx else {},
                       data=MultiDict(fields + [("_action", action)]))


def swapped(order: list[str], verb: str, key: str, html: str) -> list[str]:
    """The rows a browser shows after htmx applies ``html``: out-of-band deletes first, then
    the rows drawn replace the pressed row (or, for Add, go after the last)."""
    gone = set(GONE.findall(html))
    order = [k for k in order if k not in gone]
    drawn = ROW.findall(html)
    if verb == "add":
        return order + drawn
    at = order.index(key)
    return order[:at] + drawn + order[at + 1:]


def stored(app, world, response) -> dict:
    location = response.headers.get("HX-Redirect") or response.headers["Location"]
    with unit_of_work(app, world.agencies["alpha"]) as session:
        found = session.scalar(select(Submission).where(
            Submission.id == location.rsplit("/", 1)[1]))
        return found.data


def test_add_answers_with_the_new_row_only(worker):
    fields = bookkeeping(worker)
    empty = worker.get(URL).get_data(as_text=True)
    one = post(worker, fields + people(1), "refresh:", htmx=False).get_data(as_text=True)
    row_fieldsets = one.count("<fieldset") - empty.count("<fieldset")
    added = post(worker, fields + people(3), "add:household").get_data(as_text=True)
    assert ROW.findall(added) == ["3"]
    assert added.count("<fieldset") == row_fieldsets
    assert "Person" not in added  # no other row is sent again
    assert 'name="household.3.name"' in added
    assert '<span class="item-n" data-n-of="r-household">4</span>' in added


#: Each button, and the smallest group whose answer has the parts the answer at 100 rows has.
BUTTONS = pytest.mark.parametrize(("verb", "action", "small"), [
    ("add", "add:household", 1),  # the old last row gains Move down
    ("remove", "remove:household.0", 3),  # the new first row loses Move up; the rest move up
    ("move", "up:household.{last}", 2),
])


@BUTTONS
def test_an_answer_weighs_the_same_at_100_rows_as_at_1(worker, verb, action, small):
    fields = bookkeeping(worker)
    sizes = []
    for count in (small, 100):
        response = post(worker, fields + people(count), action.format(last=count - 1))
        assert response.status_code == 200
        sizes.append(len(response.get_data()))
    # The new key's digits ("100" for "1") are all that may differ.
    assert sizes[1] / sizes[0] <= 1.1, sizes
    whole = post(worker, fields + people(100), "refresh:household").get_data()
    assert len(whole) > 20 * sizes[1]  # the whole group, as every answer was before


@BUTTONS
def test_an_answer_does_the_same_work_at_100_rows_as_at_1(worker, verb, action, small):
    # As renderer.js posts it: the bookkeeping, the group's keys and the rows drawn again.
    fields = bookkeeping(worker)
    work = []
    for count in (small, 100):
        sent = MultiDict(bench.sent(fields + people(count), action.format(last=count - 1)))
        assert worker.post(URL, headers=HX, data=sent).status_code == 200
        work.append(long_form.lines_run(lambda sent=sent: worker.post(URL, headers=HX,
                                                                      data=sent)))
    assert work[1] / work[0] <= 1.5, work


def test_a_move_draws_the_two_rows_in_their_new_order(worker):
    fields = bookkeeping(worker)
    html = post(worker, fields + people(5), "up:household.3").get_data(as_text=True)
    assert ROW.findall(html) == ["3", "2"]
    assert GONE.findall(html) == ["2"]  # the neighbour's old place goes
    assert "Person 3" in html and "Person 2" in html and "Person 1" not in html
    assert swapped(["0", "1", "2", "3", "4"], "up", "3", html) == ["0", "1", "3", "2", "4"]
    down = post(worker, fields + people(5), "down:household.0").get_data(as_text=True)
    assert swapped(["0", "1", "2", "3", "4"], "down", "0", down) == ["1", "0", "2", "3", "4"]


def test_rows_that_become_first_or_last_get_their_buttons(worker):
    fields = bookkeeping(worker)
    added = post(worker, fields + people(2), "add:household").get_data(as_text=True)
    # The old last row gains Move down, out of band; the new row has Move up, no Move down.
    assert 'id="t-household-1" hx-swap-oob="true"' in added
    assert 'value="down:household.1"' in added and 'value="down:household.2"' not in added
    assert 'value="up:household.2"' in added
    removed = post(worker, fields + people(3), "remove:household.0").get_data(as_text=True)
    assert 'id="t-household-1" hx-swap-oob="true"' in removed
    assert 'value="up:household.1"' not in removed  # the new first row
    assert "t-household-2" not in removed


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "no-js"])
def test_add_move_remove_add_stores_the_rows_in_the_order_shown(worker, app, world, htmx):
    fields = bookkeeping(worker)
    names = {}
    order: list[str] = []
    steps = [("add", "", "Ana"), ("add", "", "Ben"), ("add", "", "Cy"), ("up", 2, None),
             ("remove", 0, None), ("add", "", "Dee")]
    for verb, place, name in steps:
        key = "" if verb == "add" else order[place]
        action = f"{verb}:household" + ("" if verb == "add" else f".{key}")
        response = post(worker, fields + rows(names, order), action, htmx=htmx)
        html = response.get_data(as_text=True)
        if htmx:
            order = swapped(order, verb, key, html)
        else:
            order = re.findall(r'name="household.__items" value="(\d+)"', html)
        if name:
            names[order[-1]] = name
    answers = fields + rows(names, order) + [("contacts.__items", ""), ("contacts.__items", "0"),
                                             ("contacts.0", "Mom")]
    response = post(worker, answers, "submit", htmx=htmx)
    assert stored(app, world, response) == {
        "household": [{"name": "Cy"}, {"name": "Ben"}, {"name": "Dee"}], "contacts": ["Mom"]}


def test_without_javascript_the_page_has_every_button_in_place(worker):
    page = worker.get(URL).get_data(as_text=True)
    assert 'id="r-household"' in page and 'id="n-household"' in page
    fields = bookkeeping(worker)
    html = post(worker, fields + people(3), "up:household.2", htmx=False).get_data(as_text=True)
    assert re.findall(r'name="household.__items" value="(\d+)"', html) == ["0", "2", "1"]
    assert 'value="up:household.0"' not in html and 'value="down:household.1"' not in html
    assert 'value="up:household.2"' in html and 'value="down:household.2"' in html
    assert re.search(r'<legend>Household member <span class="item-n" data-n-of="r-household">2'
                     r'</span></legend>', html)


def test_max_items_disables_add_and_min_items_keeps_the_last_rows(worker):
    page = worker.get(URL).get_data(as_text=True)
    # Emergency contacts: at least 1, at most 3; the page starts with the one required.
    assert re.search(r'<p class="repeat-count" id="n-contacts" data-at-least>', page)
    fields = bookkeeping(worker)

    def contacts(*keys):
        return [("contacts.__items", "")] + [("contacts.__items", k) for k in keys] + [
            (f"contacts.{k}", f"C{k}") for k in keys]

    two = post(worker, fields + contacts("0"), "add:contacts").get_data(as_text=True)
    assert re.findall(r'<div class="repeat-item" id="i-contacts-(\d+)">', two) == ["1"]
    assert '<p class="repeat-count" id="n-contacts" hx-swap-oob="true">' in two
    assert "disabled" not in two
    three = post(worker, fields + contacts("0", "1"), "add:contacts").get_data(as_text=True)
    assert re.search(r'value="add:contacts" disabled', three)
    # A page drawn before the limit still sends Add: nothing is added.
    four = post(worker, fields + contacts("0", "1", "2"), "add:contacts").get_data(as_text=True)
    assert 'class="repeat-item"' not in four and re.search(r'value="add:contacts" disabled', four)
    assert "3 entries (1 to 3)" in four
    # At minItems Remove is hidden (renderer.css) and refused: the row is drawn again, kept.
    kept = post(worker, fields + contacts("0"), "remove:contacts.0").get_data(as_text=True)
    assert '<div class="repeat-item" id="i-contacts-0">' in kept and 'value="C0"' in kept
    assert "data-at-least" in kept
    plain = post(worker, fields + contacts("0"), "remove:contacts.0", htmx=False)
    assert re.findall(r'name="contacts.__items" value="(\d+)"', plain.get_data(as_text=True)) == [
        "0"]


def test_a_repeat_group_inside_a_row(worker, app, world):
    fields = bookkeeping(worker)
    html = post(worker, fields + people(2), "add:household.1.phones").get_data(as_text=True)
    assert re.findall(r'<div class="repeat-item" id="(i-[^"]+)">', html) == [
        "i-household-1-phones-0"]
    assert 'name="household.1.phones.0"' in html
    assert 'data-n-of="r-household-1-phones"' in html and "r-household\"" not in html
    assert 'hx-target="#r-household-1-phones"' in html
    answers = fields + people(2) + [("household.1.phones.__items", ""),
                                    ("household.1.phones.__items", "0"),
                                    ("household.1.phones.0", "555-0100")]
    response = post(worker, answers, "submit")
    assert stored(app, world, response)["household"] == [
        {"name": "Person 0"}, {"name": "Person 1", "phones": ["555-0100"]}]


def test_a_condition_inside_a_row_redraws_that_row_with_its_number(worker):
    fields = bookkeeping(worker)
    html = post(worker, fields + people(3) + [("household.2.student", "true")],
                "refresh:household.2").get_data(as_text=True)
    assert html.startswith('<fieldset class="group" id="g-household-2"')
    assert "School" in html
    assert '<legend>Household member <span class="item-n" data-n-of="r-household">3' in html


def test_errors_inside_rows_land_on_the_rows_that_have_them(worker):
    # After the first row went, the row shown first has key 1: its problems are /household/0.
    fields = bookkeeping(worker)
    answers = fields + [("household.__items", ""), ("household.__items", "1"),
                        ("household.1.age", "old")]
    page = post(worker, answers, "submit", htmx=False).get_data(as_text=True)
    assert 'href="#f-household-1-name"' in page and 'href="#f-household-1-age"' in page
    assert re.search(r'id="f-household-1-age"[^>]*aria-invalid="true"', page)
    assert "f-household-0" not in page


def test_a_draft_reloads_with_the_rows_in_their_order(worker):
    fields = bookkeeping(worker)
    answers = rows({"0": "Ana", "1": "Ben", "2": "Cy"}, ["2", "0", "1"])
    saved = post(worker, fields + answers, "save", htmx=False)
    draft = re.search(r'name="_draft"[^>]*value="([^"]+)"', saved.get_data(as_text=True)).group(1)
    page = worker.get(f"{URL}?draft={draft}").get_data(as_text=True)
    shown = re.findall(r'name="household.(\d+).name"[^>]*value="([^"]*)"', page)
    assert [name for _, name in shown] == ["Cy", "Ana", "Ben"]
    assert re.findall(r'<span class="item-n" data-n-of="r-household">(\d+)</span></legend>',
                      page) == ["1", "2", "3"]
