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
from carebridge.renderer.state import field_id
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
    # that is not one). The empty box carries the stored null beside it, so sent back blank
    # it is null again (it was lost: see test_a_nullable_question_keeps_its_null…).
    root = compile_definition({"schema": {"type": "object", "properties": {
        "name": {"type": ["string", "null"]}, "age": {"type": ["integer", "null"]},
    }}}).root
    values = to_form(root, {"name": None, "age": None})
    assert values["name"] == values["age"] == [""]
    assert from_form(root, sent(values)) == {"name": None, "age": None}


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


def submit_page(worker, slug: str, html: str, *changes: tuple[str, str]):
    """Submit the page as a browser sends it, with ``changes`` (name, value) made first."""
    pairs = [(n, v) for n, v in submitted(html) if n not in {c[0] for c in changes}]
    return worker.post(f"/forms/{slug}/fill",
                       data=MultiDict([*pairs, *changes, ("_action", "submit")]))


def sent_back(app, world, worker, document: dict, data: dict | None = None):
    """Publish ``document``, show ``data`` in it (a blank page when None), send the page back
    unchanged: what is stored."""
    publish(app, world, document)
    slug = document["id"]
    url = f"/forms/{slug}/fill"
    if data is not None:
        url += "?draft=" + save_draft(app, world, slug, data, world.users[("alpha", "intake")])
    done = submit_page(worker, slug, worker.get(url).get_data(as_text=True))
    assert done.status_code == 303, done.get_data(as_text=True)
    return stored(app, world, Submission, done.headers["Location"].rsplit("/", 1)[1])


def form_of(slug: str, properties: dict, required=(), ui=None) -> dict:
    document = {"id": slug, "title": slug.title(), "kind": "intake", "schema": {
        "type": "object", "properties": properties, "required": list(required)}}
    if ui:
        document["ui"] = ui
    return document


def test_an_optional_group_left_blank_is_no_answer_though_its_switch_sends_no(
        app, world, worker):
    # A required switch sends "No" when it is off, so the group was always answered
    # ({"contact": {"consent": false}}): a person could not leave the group out.
    document = form_of("switch-group", {"name": {"type": "string"}, "contact": {
        "type": "object", "required": ["consent"], "properties": {
            "phone": {"type": "string"}, "consent": {"type": "boolean"}}}},
        ui={"fields": {"/contact/consent": {"widget": "toggle"}}})
    assert sent_back(app, world, worker, document, {"name": "Ana"}) == {"name": "Ana"}
    # Answered, the group keeps its switch's No.
    answered = {"name": "Ana", "contact": {"phone": "555", "consent": False}}
    assert sent_back(app, world, worker, document, answered) == answered


def test_a_required_group_of_optional_questions_left_blank_is_stored_empty(
        app, world, worker):
    # Left blank, the group was missing and its "required" refused the page: `{}` could
    # not be sent. Inside an optional group left blank it is no answer, as its group is (so
    # a stored {"extra": {"inner": {}}} is shown as a blank group, and is no answer).
    document = form_of("empty-group", {
        "prefs": {"type": "object", "properties": {"note": {"type": "string"}}},
        "extra": {"type": "object", "required": ["inner"], "properties": {
            "inner": {"type": "object", "properties": {"x": {"type": "integer"}}}}},
    }, required=["prefs"])
    assert sent_back(app, world, worker, document) == {"prefs": {}}
    assert sent_back(app, world, worker, document, {"prefs": {}, "extra": {"inner": {}}}) == {
        "prefs": {}}
    assert sent_back(app, world, worker, document, {"prefs": {}, "extra": {"inner": {"x": 1}}}
                     ) == {"prefs": {}, "extra": {"inner": {"x": 1}}}


def test_a_nullable_question_keeps_its_null_and_a_blank_required_one_is_null(
        app, world, worker):
    # A stored null was shown as a blank box, which is no answer: it came back missing, and a
    # required question that allows null could not be left blank. A blank box is null where
    # the question is required, or where it showed a stored null; elsewhere it is no answer.
    nullable = {"middle": {"type": ["string", "null"]},
                "age": {"type": ["integer", "null"]},
                "when": {"type": ["string", "null"], "format": "date-time"},
                "ok": {"type": ["boolean", "null"]}}
    document = form_of("nullable", {**nullable, "name": {"type": ["string", "null"]}},
                       required=["name"])
    stored_nulls = {"middle": None, "age": None, "when": None, "ok": None, "name": None}
    assert typed(sent_back(app, world, worker, document, stored_nulls)) == typed(stored_nulls)
    assert typed(sent_back(app, world, worker, document)) == typed({"name": None})
    assert sent_back(app, world, worker, document, {"name": "Ana", "ok": False}) == {
        "name": "Ana", "ok": False}


def test_a_nullable_yes_or_no_offers_no_answer(app, world, worker):
    publish(app, world, form_of("nullable-yes-no", {"ok": {"type": ["boolean", "null"]}},
                                required=["ok"]))
    html = worker.get("/forms/nullable-yes-no/fill").get_data(as_text=True)
    assert submit_page(worker, "nullable-yes-no", html).status_code == 422
    done = submit_page(worker, "nullable-yes-no", html, ("ok", "null"))
    assert done.status_code == 303
    assert stored(app, world, Submission, done.headers["Location"].rsplit("/", 1)[1]) == {
        "ok": None}


def test_ticked_choices_keep_their_stored_order(app, world, worker):
    # The browser sends ticked boxes in the order the form lists them: ["c", "a"] came back
    # ["a", "c"]. The stored order is kept; a choice ticked now goes after them.
    document = form_of("ranked", {"langs": {"type": "array", "uniqueItems": True,
                                            "items": {"enum": ["a", "b", "c", "d"]}}})
    assert sent_back(app, world, worker, document, {"langs": ["c", "a"]}) == {
        "langs": ["c", "a"]}
    draft = save_draft(app, world, "ranked", {"langs": ["d", "b", "a"]},
                       world.users[("alpha", "intake")])
    html = worker.get(f"/forms/ranked/fill?draft={draft}").get_data(as_text=True)
    pairs = [(n, v) for n, v in submitted(html) if (n, v) != ("langs", "b")]
    done = worker.post("/forms/ranked/fill", data=MultiDict(
        [*pairs, ("langs", "c"), ("_action", "submit")]))
    assert done.status_code == 303
    assert stored(app, world, Submission, done.headers["Location"].rsplit("/", 1)[1]) == {
        "langs": ["d", "a", "c"]}


def test_names_with_dots_slashes_and_tildes_are_names(app, world, worker):
    # Form names join keys with ".": "a.b" and the "b" of "a" were both posted as "a.b", so
    # one answer overwrote the other; and a ui entry for "x/y~" (its pointer "/x~1y~0") was
    # never found, so its label was not shown.
    document = form_of("odd-names", {
        "a.b": {"type": "string"},
        "a": {"type": "object", "properties": {"b": {"type": "string"}, "c.d": {
            "type": "array", "items": {"type": "object", "properties": {"~": {
                "type": "integer"}}}}}},
        "x/y~": {"type": "integer"},
    }, required=["a.b"], ui={"fields": {"/x~1y~0": {"label": "Slash and tilde"}}})
    data = {"a.b": "one", "a": {"b": "two", "c.d": [{"~": 1}, {"~": 2}]}, "x/y~": 3}
    assert sent_back(app, world, worker, document, data) == data
    assert "Slash and tilde" in worker.get("/forms/odd-names/fill").get_data(as_text=True)
    # A problem is shown at its own question: "a.b" left blank, not "b" of "a".
    html = worker.get("/forms/odd-names/fill").get_data(as_text=True)
    refused = submit_page(worker, "odd-names", html, ("a.b", "two"))
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert re.search(f'id="e-{re.escape(field_id("a~1b"))}" aria-live="polite">'
                     r'(<input type="hidden" name="_errors" value="a~1b">)?<p class="field-error">',
                     page)
    assert f'id="e-{field_id("a.b")}" aria-live="polite"></div>' in page


def test_a_reference_to_a_name_outside_ascii_is_followed(app, world, worker):
    # A $ref is a URI, so "ü x" is written %C3%BC%20x in it. The validator decodes it;
    # publishing (a ui entry below it "names no field") and the renderer (a question with no
    # schema, asked as JSON text) did not.
    document = form_of("shared-question", {"person": {"$ref": "#/$defs/%C3%BC%20x"}},
                       ui={"fields": {"/person/name": {"label": "Full name"}}})
    document["schema"]["$defs"] = {"ü x": {"type": "object", "properties": {
        "name": {"type": "string"}}}}
    data = {"person": {"name": "Ana"}}
    assert sent_back(app, world, worker, document, data) == data
    assert "Full name" in worker.get("/forms/shared-question/fill").get_data(as_text=True)
