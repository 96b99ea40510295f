"""Form posts no page of ours sends (hand-made or tampered) get a clear 4xx, never a 500."""

from __future__ import annotations

import re

import pytest

from tests.conftest import csrf_token
from tests.renderer.test_views import form_fields, kiosk_link

pytestmark = pytest.mark.usefixtures("published")

STRANGE_NUMBERS = ["²", "٣", "1²", "9" * 5000, str(2**70), "-1", "1e3", " 1"]


@pytest.fixture
def admin(auth, world):
    auth.login(world.email("alpha", "admin"))
    return auth.client


@pytest.fixture
def fields(admin):
    return form_fields(admin.get("/forms/intake-everything/fill").get_data(as_text=True))


@pytest.mark.parametrize("number", ["²", "٣", "1²", "-1", "1e3"])
def test_a_version_that_is_not_a_number_is_400(admin, fields, number):
    response = admin.post("/forms/intake-everything/fill",
                          data={**fields, "_version": number, "_action": "submit"})
    assert response.status_code == 400


@pytest.mark.parametrize("number", [str(2**70), "9" * 5000, "0", "99"])
def test_a_version_no_form_has_is_404(admin, fields, number):
    response = admin.post("/forms/intake-everything/fill",
                          data={**fields, "_version": number, "_action": "submit"})
    assert response.status_code == 404


@pytest.mark.parametrize("number", STRANGE_NUMBERS)
@pytest.mark.parametrize("where", ["_page", "household.__items"])
@pytest.mark.parametrize("htmx", [False, True])
def test_a_page_or_item_that_is_not_a_number_is_422(admin, fields, number, where, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    response = admin.post("/forms/intake-everything/fill", headers=headers,
                          data={**fields, where: number, "_action": "add:household"})
    assert response.status_code == 422
    assert "a page or an item it does not have" in response.get_data(as_text=True)


def test_a_page_past_the_last_is_422(admin):
    fields = form_fields(admin.get("/forms/wizard-intake/fill").get_data(as_text=True))
    response = admin.post("/forms/wizard-intake/fill",
                          data={**fields, "_page": "3", "_action": "next"})
    assert response.status_code == 422


@pytest.mark.parametrize("number", STRANGE_NUMBERS + ["", "29", "3601"])
def test_a_kiosk_idle_time_that_is_not_a_number_in_range_is_422(admin, number):
    token = csrf_token(admin, "/forms/intake-everything/kiosk")
    response = admin.post("/forms/intake-everything/kiosk",
                          data={"csrf_token": token, "idle_seconds": number})
    assert response.status_code == 422
    assert "Choose between 30 and 3600 seconds" in response.get_data(as_text=True)


@pytest.mark.parametrize("where", ["_page", "household.__items", "_version", "idle_seconds",
                                   "_shown"])
@pytest.mark.parametrize("number", ["²", "9" * 5000, "1.é"])
def test_the_anonymous_kiosk_answers_strange_numbers_with_4xx(admin, client, where, number):
    url = kiosk_link(admin, "intake-everything")
    fields = form_fields(client.get(url).get_data(as_text=True))
    for headers in ({}, {"HX-Request": "true"}):
        response = client.post(url, headers=headers,
                               data={**fields, where: number, "_action": "add:household"})
        assert response.status_code < 500
        if where in ("_page", "household.__items"):
            assert response.status_code == 422


def test_a_lone_surrogate_in_a_posted_form_is_refused(admin, fields):
    body = "&".join(f"{k}={v}" for k, v in {**fields, "_action": "submit"}.items())
    response = admin.post("/forms/intake-everything/fill", data=body + "&name=%ED%A0%80",
                          content_type="application/x-www-form-urlencoded")
    assert 400 <= response.status_code < 500


def test_publishing_an_empty_document_from_the_editor_asks_for_an_id(admin):
    token = csrf_token(admin, "/forms/editor")
    for document in ("{}", '{"type": "object"}'):
        response = admin.post("/forms/editor/publish",
                              data={"csrf_token": token, "document": document})
        assert response.status_code == 422
        assert "Give the form an id" in response.get_data(as_text=True)
    assert "/forms/form/fill" not in admin.get("/forms/").get_data(as_text=True)
    assert admin.get("/forms/form/fill").status_code == 404


def test_a_bare_schema_with_a_title_is_still_published_under_it(admin):
    token = csrf_token(admin, "/forms/editor")
    response = admin.post("/forms/editor/publish", data={
        "csrf_token": token, "document": '{"title": "Quick check", "type": "object"}'})
    assert response.status_code == 303
    assert re.search(r"/forms/quick-check/fill$", response.headers["Location"])


def test_a_post_over_the_size_limit_is_a_413_that_says_so(app, admin, fields):
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    response = admin.post("/forms/intake-everything/fill",
                          data={**fields, "notes": "x" * 20_000, "_action": "autosave"})
    assert response.status_code == 413
    assert "That is too much to send at once" in response.get_data(as_text=True)
    page = admin.get("/forms/intake-everything/fill").get_data(as_text=True)
    assert "Your answers are too long to send (the limit is 9.77 KB)" in page


def test_a_post_from_an_ended_session_asks_to_log_in_again(app, client):
    # The page's script (renderer.js) reads the header: the answers stay on the device and
    # the page offers to log in again instead of pretending they were saved.
    response = client.post("/forms/intake-everything/fill",
                           data={"csrf_token": "stale", "name": "Ana", "_action": "autosave"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert response.headers["X-Login-Required"] == "1"
