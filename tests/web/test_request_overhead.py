"""The work around the view on a warm PHQ-9 fill page and API submission, counted (never
timed): what is built once per process stays built — statements, URLs, the template chosen,
the signed CSRF token — the translations are found once per request, and the login throttle
runs only where a limit is declared. The protections stay: a post without the token is
refused, a new login gets a new token, and the security headers are on every answer (with the
request id, added beside them rather than through werkzeug's ``Headers``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import flask_babel
import pytest
from flask_limiter._extension import LimiterContext
from flask_wtf.csrf import CSRFProtect
from itsdangerous import URLSafeTimedSerializer
from werkzeug.datastructures import Headers

from carebridge import csrf_tokens, http
from carebridge.auth import service as auth_service
from carebridge.auth import sessions, throttle
from carebridge.forms import service
from carebridge.tenancy import set_tenant
from carebridge.transport import CONTENT_SECURITY_POLICY
from carebridge.unit_of_work import unit_of_work

ROOT = Path(__file__).resolve().parents[2]
PHQ9 = json.loads((ROOT / "form_definitions/instruments/phq-9.json").read_text())
FILL = "/forms/phq-9/fill"
SUBMIT = "/api/v1/forms/phq-9/submissions"
ANSWERS = {f"phq_{i}": 1 for i in range(1, 10)}


class Calls:
    """How often ``owner.name`` is called while open (the original still runs)."""

    def __init__(self, monkeypatch, owner, name: str):
        self.count = 0
        original = getattr(owner, name)

        def counted(*args, **kwargs):
            self.count += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, counted)


@pytest.fixture
def phq9(app, world):
    with unit_of_work(app, world.agencies["alpha"]) as session:
        set_tenant(session, world.agencies["alpha"])
        service.publish(session, PHQ9, user_id=world.users[("alpha", "admin")])
    return FILL


@pytest.fixture
def worker(auth, world, phq9):
    auth.login(world.email("alpha", "intake"))
    assert auth.client.get(phq9).status_code == 200  # cold: the first page builds what it keeps
    return auth.client


def submit(client, world):
    return client.post(SUBMIT, json={"data": ANSWERS}, headers=world.headers("alpha", "intake"))


def token_of(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_a_warm_page_builds_no_statement_url_or_template_choice_again(worker, monkeypatch):
    urls = Calls(monkeypatch, http, "flask_url_for")
    choices = Calls(monkeypatch, worker.application.jinja_env, "select_template")
    before = (service._version_statement.cache_info().misses,
              sessions._live_statement.cache_info().misses)
    for _ in range(3):
        assert worker.get(FILL).status_code == 200
    assert urls.count == 0  # the page's fourteen links were built by the first page
    assert choices.count == 0  # "renderer/fill-phq-9.html" is not looked for again
    assert (service._version_statement.cache_info().misses,
            sessions._live_statement.cache_info().misses) == before


def test_a_warm_page_looks_few_things_up_through_context_local_proxies(worker, monkeypatch):
    # ``g.user``, ``request.path``, ``current_app.config``: each attribute read through
    # werkzeug's proxy fails its own look-up first (~8 K instructions); a warm fill page made
    # 77 such look-ups, a quarter of its work beyond Flask's. Hot code takes the object once
    # (``g._get_current_object()``) and reads it directly.
    from werkzeug.local import _ProxyLookup

    looked_up = Calls(monkeypatch, _ProxyLookup, "__get__")
    worker.get(FILL)
    looked_up.count = 0
    assert worker.get(FILL).status_code == 200
    assert looked_up.count <= PROXY_LOOK_UPS


#: Look-ups through context-local proxies a warm fill page may make: Flask's own (five) and
#: Flask-Babel's in its first choice of the request's locale (seven).
PROXY_LOOK_UPS = 12


def test_urls_are_built_afresh_while_a_url_defaults_function_adds_request_values(app):
    from flask import request

    @app.url_defaults
    def carry_language(endpoint, values):
        if endpoint == "auth.login" and "l" in request.args:
            values.setdefault("lang", request.args["l"])

    with app.test_request_context("/?l=es"):
        assert http.url_for("auth.login") == "/login?lang=es"
    with app.test_request_context("/?l=en"):
        assert http.url_for("auth.login") == "/login?lang=en"


def test_a_warm_submission_builds_no_statement_again(client, world, phq9):
    assert submit(client, world).status_code == 201
    before = (service._version_statement.cache_info().misses,
              auth_service._token_statement.cache_info().misses)
    for _ in range(3):
        assert submit(client, world).status_code == 201
    assert (service._version_statement.cache_info().misses,
            auth_service._token_statement.cache_info().misses) == before


def test_a_warm_page_finds_no_translations_again(worker, monkeypatch):
    found = Calls(monkeypatch, flask_babel, "get_translations")
    page = worker.get(FILL).get_data(as_text=True)
    assert "Log out" in page and "Save and finish later" in page
    assert found.count == 0  # kept per app and locale since the first page
    spanish = worker.get(FILL, headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Cerrar sesión" in spanish and found.count == 1  # another locale: found once
    assert "Cerrar sesión" in worker.get(FILL, headers={"Accept-Language": "es"}).get_data(
        as_text=True) and found.count == 1


def test_a_page_in_spanish_is_in_spanish(worker):
    page = worker.get(FILL, headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Cerrar sesión" in page and "Log out" not in page


def test_the_csrf_token_is_signed_once_a_minute_per_login_and_still_checked(worker, world,
                                                                            monkeypatch):
    signed = Calls(monkeypatch, URLSafeTimedSerializer, "dumps")
    pages = [worker.get(FILL).get_data(as_text=True) for _ in range(3)]
    assert signed.count == 0  # signed by the first page, which the fixture drew
    token = token_of(pages[0])
    assert {token_of(page) for page in pages} == {token}
    assert all(page.count(token) == 5 for page in pages)  # meta, htmx, logout, language, form
    form = {"_action": "save", "_version": "1", "phq_1": "1"}
    assert worker.post(FILL, data=form).status_code == 400  # no token: refused
    assert worker.post(FILL, data={**form, "csrf_token": "forged"}).status_code == 400
    assert worker.post(FILL, data={**form, "csrf_token": token}).status_code in (200, 303)
    # Past the minute the token is signed anew, for the same login.
    monkeypatch.setattr(csrf_tokens, "REUSE_SECONDS", 0.0)
    assert worker.get(FILL).status_code == 200
    assert signed.count == 1


def test_a_new_login_gets_a_new_token(auth, world, worker):
    before = token_of(worker.get(FILL).get_data(as_text=True))
    auth.logout()
    auth.login(world.email("alpha", "intake"))
    after = token_of(worker.get(FILL).get_data(as_text=True))
    assert after != before


def test_the_login_throttle_runs_on_the_login_only(worker, client, world, monkeypatch):
    checks = Calls(monkeypatch, throttle.limiter, "_check_request_limit")
    assert worker.get(FILL).status_code == 200
    assert submit(client, world).status_code == 201
    assert checks.count == 0
    worker.post("/login", data={"email": "x@example.org", "password": "wrong",
                                "csrf_token": token_of(worker.get("/login").get_data(
                                    as_text=True))})
    assert checks.count == 2  # the login's own limits, per address and per account


def test_the_limiter_keeps_no_state_for_a_request_no_limit_applies_to(worker, client, world,
                                                                     monkeypatch):
    made = Calls(monkeypatch, LimiterContext, "__init__")
    assert worker.get(FILL).status_code == 200
    assert submit(client, world).status_code == 201
    assert made.count == 0
    refused = worker.post("/login", data={"email": "x@example.org", "password": "wrong",
                                          "csrf_token": token_of(worker.get("/login").get_data(
                                              as_text=True))})
    assert refused.status_code == 422
    assert made.count >= 1  # the login's limits, whose refusals are counted after the view


def test_csrf_is_checked_on_posts_only_and_still_refuses_a_post_without_a_token(worker,
                                                                              monkeypatch):
    looked = Calls(monkeypatch, CSRFProtect, "_is_exempt")
    assert worker.get(FILL).status_code == 200
    assert looked.count == 0
    assert worker.post(FILL, data={"phq_1": "1"}).status_code == 400
    assert looked.count == 1


def test_a_default_limit_is_checked_before_every_view(app, worker, monkeypatch):
    checks = Calls(monkeypatch, throttle.limiter, "_check_request_limit")
    monkeypatch.setattr(throttle, "_middleware_limits", lambda: True)
    assert worker.get(FILL).status_code == 200
    assert checks.count == 1


def test_every_answer_carries_the_security_headers_once(worker, client, world):
    cache_control = {}
    for name, request in (("page", lambda: worker.get(FILL)),
                          ("api", lambda: submit(client, world)),
                          ("asset", lambda: worker.get("/assets/app.css"))):
        with request() as response:
            headers = response.headers
            assert headers.getlist("Content-Security-Policy") == [CONTENT_SECURITY_POLICY]
            assert headers.getlist("X-Frame-Options") == ["DENY"]
            assert headers.getlist("X-Content-Type-Options") == ["nosniff"]
            assert len(headers.getlist("Cache-Control")) == 1
            cache_control[name] = headers["Cache-Control"]
    assert cache_control["page"] == cache_control["api"] == "no-store"
    assert "no-store" not in cache_control["asset"]  # an asset says how it may be cached


def test_the_session_cookie_serializer_is_built_once_per_set_of_keys(app, worker, world,
                                                                    monkeypatch):
    built = Calls(monkeypatch, URLSafeTimedSerializer, "__init__")
    for _ in range(3):
        assert worker.get(FILL).status_code == 200
    assert built.count == 0  # built by the login's pages
    # A new key (the old one kept as a fallback) is a new serializer; the cookie still opens.
    app.config["SECRET_KEY_FALLBACKS"] = [app.config["SECRET_KEY"]]
    app.secret_key = app.config["SECRET_KEY"] = "a rotated key"
    assert worker.get(FILL).status_code == 200
    assert built.count >= 1
    other = app.test_client()
    other.set_cookie("session", "forged")
    assert other.get(FILL).status_code == 303  # an unsigned cookie opens nothing


def test_a_warm_page_names_its_request_without_werkzeugs_headers(worker, monkeypatch):
    set_through_headers = []
    original = Headers.__setitem__

    def counted(self, key, value):
        set_through_headers.append(key)
        return original(self, key, value)

    monkeypatch.setattr(Headers, "__setitem__", counted)
    answer = worker.get(FILL, headers={"X-Request-ID": "req-9"})
    assert answer.headers.getlist("X-Request-ID") == ["req-9"]
    assert "X-Request-ID" not in set_through_headers


def test_an_answer_not_refused_is_passed_on_without_looking_at_g():
    from flask import Response

    from carebridge import audit

    answer = Response("ok")
    assert audit._note_refusal(answer) is answer  # outside any app: reading g would raise
