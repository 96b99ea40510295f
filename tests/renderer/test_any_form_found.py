"""What the any-form properties (``test_any_form_round_trip.py``) found, each as its smallest
case: answers shown and sent back unchanged that came back changed, and a page that failed."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from carebridge.forms import service
from carebridge.forms.models import Submission
from carebridge.forms.validation import is_valid, make_validator
from carebridge.renderer.compile import compile_definition
from carebridge.renderer.formdata import from_form, to_form
from carebridge.tenancy import set_tenant
from carebridge.unit_of_work import unit_of_work
from tests.renderer.plain_browser import submitted


def typed(value):
    """A JSON value with its type spelled out: ``True`` is not ``1``, though Python says so
    (``1`` and ``1.0`` are the same JSON number)."""
    if isinstance(value, bool) or value is None:
        return (type(value).__name__, value)
    if isinstance(value, int | float):
        return ("number", value)
    if isinstance(value, list):
        return ("array", [typed(v) for v in value])
    if isinstance(value, dict):
        return ("object", {k: typed(v) for k, v in value.items()})
    return (type(value).__name__, value)


def sent(values: dict[str, list]) -> MultiDict:
    """Form values (``to_form``'s answer) as a post carries them."""
    return MultiDict([(name, v) for name, vs in values.items() for v in vs])


def publish(app, world, document: dict) -> None:
    with unit_of_work(app, world.agencies["alpha"]) as session, app.app_context():
        set_tenant(session, world.agencies["alpha"])
        service.publish(session, document, user_id=None)


def save_draft(app, world, slug: str, data: dict, user_id: int) -> str:
    with unit_of_work(app, world.agencies["alpha"]) as session, app.app_context():
        set_tenant(session, world.agencies["alpha"])
        return service.save_draft(session, slug, data, user_id=user_id).id


def stored(app, world, model, row_id: str):
    """The answers a draft or submission holds."""
    with unit_of_work(app, world.agencies["alpha"]) as session:
        return session.scalar(select(model).where(model.id == row_id)).data


@pytest.fixture
def worker(auth, world):
    auth.login(world.email("alpha", "intake"))
    return auth.client


def test_a_choice_of_an_empty_text_or_of_a_look_alike_is_kept():
    # An empty text was sent as "" (no answer), and "1" beside 1 sent the same text as 1:
    # reading it back picked the first. Such a question's choices now travel as JSON.
    values = ["", "1", 1, "null", None, True, "true"]
    root = compile_definition({"schema": {"type": "object", "properties": {
        "one": {"enum": values},
        "several": {"type": "array", "uniqueItems": True, "items": {"enum": values}},
    }}}).root
    for value in values:
        data = {"one": value, "several": [value]}
        assert typed(from_form(root, sent(to_form(root, data)))) == typed(data)
    assert len({c.html for c in root.child("one").choices}) == len(values)


def test_a_stored_null_is_an_empty_box_not_the_text_null():
    # It was shown as the text "null", which came back as the string "null" (or as a number
    # that is not one). An empty box is no answer: the null itself is not kept (a limit).
    root = compile_definition({"schema": {"type": "object", "properties": {
        "name": {"type": ["string", "null"]}, "age": {"type": ["integer", "null"]},
    }}}).root
    values = to_form(root, {"name": None, "age": None})
    assert values == {"name": [""], "age": [""]}
    assert from_form(root, sent(values)) == {}


def test_a_textarea_keeps_its_line_breaks(app, world, worker):
    # A browser drops the newline right after <textarea> and sends line breaks as CRLF: an
    # answer starting with an empty line lost it, and every line break came back as "\r\n"
    # (which also counts twice against maxLength).
    publish(app, world, {"id": "notes", "title": "Notes", "kind": "intake", "schema": {
        "type": "object", "properties": {"notes": {"type": "string", "maxLength": 20}}},
        "ui": {"fields": {"/notes": {"widget": "textarea"}}}})
    data = {"notes": "\nfirst\n\nsecond\n"}
    draft_id = save_draft(app, world, "notes", data, world.users[("alpha", "intake")])
    html = worker.get(f"/forms/notes/fill?draft={draft_id}").get_data(as_text=True)
    assert ("notes", "\r\nfirst\r\n\r\nsecond\r\n") in submitted(html)
    done = worker.post("/forms/notes/fill",
                       data=MultiDict([*submitted(html), ("_action", "submit")]))
    assert done.status_code == 303
    assert stored(app, world, Submission, done.headers["Location"].rsplit("/", 1)[1]) == data


def test_date_times_at_the_edges_of_the_calendar_are_shown_and_kept():
    # 0001-01-01T00:00:00+05:00 is a year before 1 in Los Angeles: moving it into the zone
    # raised OverflowError (the page answered 500); the year 999 was written "999", which no
    # date input takes, so the browser sent nothing and the answer was lost.
    root = compile_definition({"schema": {"type": "object", "properties": {
        "at": {"type": "string", "format": "date-time"}}}}).root
    for stored_at in ("0001-01-01T00:00:00+05:00", "9999-12-31T23:00:00-05:00",
                      "0999-06-01T10:00:00-07:00"):
        values = to_form(root, {"at": stored_at})
        assert re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]+", values["at"][0])
        assert from_form(root, sent(values)) == {"at": stored_at}


def test_a_date_time_typed_before_standard_time_is_valid_rfc_3339():
    # Los Angeles kept local mean time (-07:52:58) until 1883; RFC 3339 offsets have no
    # seconds, so what was typed was refused as no date-time. It is stored in UTC instead.
    root = compile_definition({"schema": {"type": "object", "properties": {
        "at": {"type": "string", "format": "date-time"}}}}).root
    typed_in = from_form(root, MultiDict([("at", "1850-06-01T12:00")]))
    assert typed_in == {"at": "1850-06-01T19:52:58+00:00"}
    assert is_valid(make_validator({"format": "date-time"}), typed_in["at"])


def test_an_optional_repeat_group_left_blank_is_no_answer(app, world, worker):
    # A group with minItems starts with that many rows; left blank they were sent as empty
    # items ([{}]), whose required questions were then asked for: an optional list could not
    # be left out, and its rows cannot be removed below minItems.
    publish(app, world, {"id": "household", "title": "Household", "kind": "intake", "schema": {
        "type": "object", "properties": {
            "name": {"type": "string"},
            "household": {"type": "array", "minItems": 1, "items": {
                "type": "object", "properties": {"name": {"type": "string"}},
                "required": ["name"]}}}}})
    html = worker.get("/forms/household/fill").get_data(as_text=True)
    assert 'name="household.0.name"' in html
    done = worker.post("/forms/household/fill", data=MultiDict(
        [*submitted(html), ("name", "Ana"), ("_action", "submit")]))
    assert done.status_code == 303
    assert stored(app, world, Submission, done.headers["Location"].rsplit("/", 1)[1]) == {
        "name": "Ana"}
