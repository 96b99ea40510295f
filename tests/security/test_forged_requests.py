"""A request forged by another site carries the victim's cookie but not the page's CSRF token:
every state-changing route of ``app.url_map`` (pages, htmx fragments, logout, the language
switch, kiosks) refuses it before doing anything, and the API never takes the cookie at all."""

from __future__ import annotations

from tests.conftest import Auth
from tests.security.test_object_matrix import _values
from tests.security.test_route_matrix import _routes

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def _logged_in(app, world, role="admin"):
    client = app.test_client()
    Auth(client).login(world.email("demo", role))
    assert client.get("/forms/").status_code == 200
    return client


def _urls(app, rows):
    for rule, method in _routes(app):
        if method in WRITES and rule.endpoint != "assets.asset":
            yield rule, method, rule.build(_values(app, rule, rows), append_unknown=False)[1]


def test_no_write_is_done_without_the_pages_csrf_token(attacked):
    app, world, rows = attacked
    browser = _logged_in(app, world)
    wrong, asked = [], 0
    for rule, method, url in _urls(app, rows):
        if url.startswith("/api/"):
            continue
        for headers in ({}, {"HX-Request": "true"}, {"X-CSRFToken": "forged"}):
            answer = browser.open(url, method=method, headers=headers,
                                  data={"status": "done", "note": "forged"})
            answer.close()
            asked += 1
            if answer.status_code != 400:
                wrong.append(f"{method} {rule.rule} {headers}: {answer.status_code}")
        browser = _logged_in(app, world) if rule.endpoint == "auth.logout" else browser
    assert asked > 150
    assert wrong == [], "\n".join(wrong)
    # Still logged in: the forged logout did not end the session.
    assert browser.get("/forms/").status_code == 200


def test_the_api_does_not_take_the_browsers_cookie(attacked):
    app, world, rows = attacked
    browser = _logged_in(app, world)
    wrong = []
    for rule, method, url in _urls(app, rows):
        if not url.startswith("/api/"):
            continue
        answer = browser.open(url, method=method, json={"data": {}})
        answer.close()
        if answer.status_code != 401:
            wrong.append(f"{method} {rule.rule}: {answer.status_code}")
    assert wrong == [], "\n".join(wrong)
